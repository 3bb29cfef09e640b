"""How much of an article page's render is its structured data, and how it compares with wagtail-seo.

    python bench/bench_structured_data.py [--number N] [--repeat R]

Builds a throwaway SQLite database in a temporary directory (test settings), an article with 3
authors and 5 photos, warms every rendition, then measures in the same run:

* the full render of the article page (Django test client GET, middleware included);
* building our graph and rendering its <script> element for that page (what the template tag does);
* wagtail-seo's Article JSON-LD for the same article, when wagtail-seo is installed
  (``pip install --no-deps wagtail-seo beautifulsoup4``; its version cap excludes Wagtail 8, but it
  imports and migrates on it). wagtail-seo's ``SeoMixin`` properties are read against our page
  through a thin adapter, pointed at our lead photo, so no model of ours changes.

Goals (issue 3): graph at most 3% of the page render; ours no slower than wagtail-seo.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
from functools import cached_property
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_throwaway_django
from bench._measure import best_of_rounds, best_per_call


def build_content():
    from articles.models import AuthorProfileLink
    from structured_data.models import PublisherSettings, PublisherSocialLink
    from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph

    tree = build_site()
    logo = make_image("Logo", 600, 200)
    publisher = PublisherSettings.objects.create(site=tree.site, name="The Bench Ledger", logo=logo)
    PublisherSocialLink.objects.create(setting=publisher, url="https://social.example/@ledger")
    authors = []
    for i in range(3):
        author = make_author(
            f"Writer {i}",
            photo=make_image(f"Portrait {i}", 600, 600),
            bio=f"<p>Writer {i} covers the <b>harbor</b>.</p>",
            job_title="Reporter",
        )
        AuthorProfileLink.objects.create(author=author, url=f"https://social.example/@w{i}")
        authors.append(author)
    photos = [
        make_image(
            f"Photo {i}",
            2000,
            1500,
            caption=f"Caption {i}",
            credit=f"Credit {i}",
            creator="Sam Ortiz",
            license_url="https://ledger.example/licence",
        )
        for i in range(5)
    ]
    body = []
    for i, photo in enumerate(photos[1:]):
        body += [paragraph(f"<p>Paragraph {i} of the story, with a few words in it.</p>"), image_block(photo)]
    article = make_article(
        tree.section,
        "Ferry schedule changes for winter",
        authors=authors,
        lead_image=photos[0],
        dateline="ROCKLAND, Maine",
        body=body,
    )
    article.tags.add("ferries", "winter")
    article.save_revision().publish()
    return tree, article, logo


def seo_adapter(have_seo: bool, tree, logo):
    """A callable producing wagtail-seo's Article JSON-LD script for a page, or None."""
    if not have_seo:
        return None
    from wagtailseo.models import SeoMetaFields, SeoMixin, SeoSettings

    SeoSettings.objects.update_or_create(
        site=tree.site,
        defaults={
            "struct_org_type": "NewsMediaOrganization",
            "struct_org_name": "The Bench Ledger",
            "struct_org_logo": logo,
        },
    )
    namespace = {
        name: value for name, value in vars(SeoMixin).items() if isinstance(value, (property, cached_property))
    }
    for name in (
        "seo_content_type",
        "seo_twitter_card",
        "seo_description_sources",
        "canonical_url_sources",
        "seo_pagetitle_sources",
    ):
        namespace[name] = getattr(SeoMetaFields, name)
    namespace["seo_image_sources"] = ["lead_image"]  # what a site using wagtail-seo would configure
    namespace["__init__"] = lambda self, page: setattr(self, "_page", page)
    namespace["__getattr__"] = lambda self, name: getattr(self._page, name)
    SeoView = type("SeoView", (), namespace)

    def render(page):
        # wagtailseo/struct_data.html prints this with |safe inside a <script> element.
        return f'<script type="application/ld+json">{SeoView(page).seo_struct_article_json}</script>'

    return render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=50, help="calls per timing")
    parser.add_argument("--repeat", type=int, default=7, help="timings per measure (the best is kept)")
    args = parser.parse_args()

    # As in production: the site-wide fragments (header, footer) cached; the page cache stays off
    # (test settings), so every GET is a full, uncached render.
    os.environ.setdefault("PAGE_CACHE_FRAGMENT_TIMEOUT", "600")
    tmp = tempfile.mkdtemp(prefix="bench-structured-data-")
    try:
        have_seo = importlib.util.find_spec("wagtailseo") is not None
        setup_throwaway_django(tmp, extra_apps=["wagtailseo"] if have_seo else [], ALLOWED_HOSTS=["*"])
        run(args, have_seo)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, have_seo: bool) -> None:
    from django.test import Client, RequestFactory, override_settings
    from wagtail.models import Site

    from articles.models import ArticlePage
    from structured_data.graph import build_graph, get_graph
    from structured_data.rendering import render_json_ld, script_element
    from structured_data.templatetags.structured_data_tags import social_meta_tags

    tree, article, logo = build_content()
    seo_render = seo_adapter(have_seo, tree, logo)
    client = Client()
    url = article.url
    for _ in range(3):  # renditions, caches
        assert client.get(url).status_code == 200

    request = RequestFactory().get(url)
    Site.find_for_request(request)
    page = ArticlePage.objects.get(pk=article.pk)
    page.get_context(request)  # prefetches exactly as serve() does
    list(page.body)

    def ours():
        # What the template tags do for one request: the page's graph (its stored copy, which
        # publishing made), the <script> element and the social meta tags.
        request.__dict__.pop("_structured_data_graphs", None)
        request.__dict__.pop("_structured_data_site_nodes", None)
        graph = get_graph(request, page)
        return script_element(graph.json_ld()), social_meta_tags(graph)

    def built():
        graph = build_graph(page, request)
        return render_json_ld(graph.as_dict()), social_meta_tags(graph)

    assert ours()[0] == built()[0], "the stored graph differs from the one built for the page"
    stored = get_graph(request, page).text is not None

    ours()
    n, r = args.number, args.repeat
    if seo_render is not None:
        seo_render(page)

    def page_without_structured_data() -> float:
        with override_settings(STRUCTURED_DATA={"ENABLED": False}):
            return best_per_call(lambda: client.get(url), n, 1)

    measures = {
        "page": lambda: best_per_call(lambda: client.get(url), n, 1),
        "page_without": page_without_structured_data,
        "ours": lambda: best_per_call(ours, n * 4, 1),
        "built": lambda: best_per_call(built, n * 4, 1),
    }
    if seo_render is not None:
        measures["seo"] = lambda: best_per_call(lambda: seo_render(page), n * 4, 1)
    best = best_of_rounds(measures, r)
    page_time, page_without, ours_time, built_time = best["page"], best["page_without"], best["ours"], best["built"]
    seo_time = best.get("seo", float("inf"))
    graph = build_graph(page, request)
    rows = [
        ("full article page render (GET)", page_time, "100%"),
        ("  same page, structured data off", page_without, f"difference {1 - page_without / page_time:.1%}"),
        ("our graph: as served + <script> + social meta", ours_time,
         f"{ours_time / page_time:.2%} of page (goal <= 3%){'' if stored else ' (built: no stored graph)'}"),
        ("  the same graph built, not read", built_time, f"{built_time / page_time:.2%} of page"),
    ]  # fmt: skip
    if seo_render is not None:
        rows.append(("wagtail-seo Article JSON-LD", seo_time, f"ours / wagtail-seo = {ours_time / seo_time:.2f}"))

    print(
        f"Article: 3 authors, 5 photos; graph of {len(graph.nodes)} nodes, "
        f"{len(render_json_ld(graph.as_dict()))} bytes. Best of {r} x {n} calls."
    )
    width = max(len(row[0]) for row in rows)
    print(f"{'measure':<{width}}  {'per call':>10}  ratio")
    for name, seconds, ratio in rows:
        print(f"{name:<{width}}  {seconds * 1000:>7.3f} ms  {ratio}")
    if seo_render is None:
        print("wagtail-seo not installed: pip install --no-deps wagtail-seo beautifulsoup4")


if __name__ == "__main__":
    main()

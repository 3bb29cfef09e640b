"""A newsroom's archive at size: builds it through the models, then measures the sitemaps uncached.

    python bench/bench_archive.py                       # 2,000 articles on a throwaway SQLite database
    python bench/bench_archive.py --articles 20000
    python bench/bench_archive.py --database-url postgres://postgres@127.0.0.1:5432/NAME --keep
    python bench/bench_archive.py --json                # the figures as one JSON object on the last line

Builds sections, authors, tags and articles spread over 20 years (48 of them in the last 48 hours, a
few translated), with pages inserted in tree order in one transaction (paths computed once per
section, not looked up per page; the search index's signal handler set aside, as a bulk import
would). Then requests, with Django's test client and the page cache off, ``/healthz`` (the baseline),
the sitemap index, its first pages file and the news sitemap, and prints for each the time, the
query count and the time per URL, and the ratio to the baseline. CI runs it small to keep it working.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_throwaway_django

SECTIONS = 40
AUTHORS = 2000
TAGS = 5000
TRANSLATED = 0.05
YEARS = 20
NEWS = 48


def setup(database_url: str | None, tmp: str) -> None:
    os.environ.setdefault("PAGE_CACHE_ENABLED", "false")
    if database_url is None:
        setup_throwaway_django(tmp, ALLOWED_HOSTS=["*"])
        return
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ["TEST_MEDIA_ROOT"] = f"{tmp}/media"
    import django
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def add_children(parent, pages) -> None:
    """``pages`` saved below ``parent`` in order: treebeard's paths worked out here, one insert per row."""
    from wagtail.models import Page

    start = parent.numchild
    for offset, page in enumerate(pages, start=1):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, start + offset)
        page.numchild = 0
        page._cached_parent_obj = parent
        page.save(clean=False)
    parent.numchild = start + len(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild)


def translate_tree(tree, pages: list) -> list:
    """French versions of the home page, the sections and ``pages`` (same translation keys), inserted as above."""
    from wagtail.models import Locale, Page

    from articles.models import ArticlePage, HomePage, SectionPage

    french, _ = Locale.objects.get_or_create(language_code="fr")

    def version(page, model, **fields):
        return model(
            title=f"{page.title} (fr)", slug=fields.pop("slug", page.slug), live=True, locale=french,
            translation_key=page.translation_key, first_published_at=page.first_published_at,
            last_published_at=page.last_published_at, **fields,
        )  # fmt: skip

    root = Page.get_first_root_node()
    home = version(tree.home, HomePage, slug="fr")
    add_children(root, [home])
    sections = {section.pk: version(section, SectionPage) for section in tree.sections}
    add_children(home, list(sections.values()))
    below: dict[int, list] = {}
    for page in pages:
        below.setdefault(page._cached_parent_obj.pk, []).append(
            version(page, ArticlePage, standfirst=page.standfirst, publication_date=page.publication_date)
        )
    for parent, children in below.items():
        add_children(sections[parent], children)
    return pages


def build(articles: int, seed: int = 27) -> dict:
    from django.db import transaction
    from django.db.models.signals import post_save
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag
    from wagtail.search import signal_handlers

    from articles.models import ArticleAuthor, ArticlePage, ArticleTag, Author, HomePage, SectionPage
    from tests.support.builders import build_site

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    indexed = (ArticlePage, HomePage, SectionPage)
    for model in indexed:  # a bulk import reindexes once at the end, not page by page
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
    try:
        with transaction.atomic():
            tree = build_site(sections=tuple(f"Section {n:02d}" for n in range(SECTIONS)))
            authors = Author.objects.bulk_create(
                Author(name=f"Author {n:04d}", slug=f"author-{n:04d}") for n in range(AUTHORS)
            )
            tags = Tag.objects.bulk_create(Tag(name=f"topic {n:04d}", slug=f"topic-{n:04d}") for n in range(TAGS))
            by_section: dict[int, list] = {}
            span = YEARS * 365 * 86400
            for number in range(articles):
                age = rng.uniform(0, 47 * 3600) if number < NEWS else rng.uniform(48 * 3600, span)
                date = now - datetime.timedelta(seconds=age)
                title = f"Story {number:06d} of the archive"
                page = ArticlePage(
                    title=title,
                    slug=slugify(title),
                    standfirst=f"What happened in story {number}.",
                    live=True,
                    has_unpublished_changes=False,
                    publication_date=date,
                    first_published_at=date,
                    last_published_at=date,
                )
                by_section.setdefault(number % SECTIONS, []).append(page)
            for index, pages in by_section.items():
                add_children(tree.sections[index], pages)
            everything = [page for pages in by_section.values() for page in pages]
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(page=page, author=authors[rng.randrange(AUTHORS)], sort_order=0) for page in everything
            )
            ArticleTag.objects.bulk_create(
                ArticleTag(content_object=page, tag=tags[rng.randrange(TAGS)]) for page in everything
            )
            built = time.perf_counter() - started
            translated = translate_tree(tree, rng.sample(everything, int(len(everything) * TRANSLATED)))
    finally:
        for model in indexed:
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)
    total = time.perf_counter() - started
    return {
        "articles": articles,
        "translations": len(translated),
        "build_s": round(total, 1),
        "articles_per_s": round(articles / built, 1),
        "translations_s": round(total - built, 1),
    }


def measure(client, path: str, repeat: int) -> dict:
    """The median of ``repeat`` uncached requests: ms, queries and, for a sitemap, URLs and µs per URL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from lxml import etree

    times: list[float] = []
    response = client.get(path)  # warms what every request shares (sites, settings)
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    figures = {"ms": round(statistics.median(times) * 1000, 1), "queries": len(queries)}
    if path != "/healthz":
        root = etree.fromstring(response.content)
        count = sum(1 for element in root if etree.QName(element).localname in ("url", "sitemap"))
        figures["entries"] = count
        if count:
            figures["us_per_entry"] = round(statistics.median(times) * 1e6 / count, 1)
    return figures


def run(args: argparse.Namespace, tmp: str) -> dict:
    setup(args.database_url, tmp)
    from django.conf import settings
    from django.test import Client

    built = build(args.articles)
    print(f"built {built['articles']} articles in {built['build_s']} s ({built['articles_per_s']} articles/s; "
          f"{built['translations']} translations in {built['translations_s']} s)")  # fmt: skip
    client = Client(HTTP_HOST="localhost")
    results: dict = {"build": built, "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]}
    results["load_average"] = [round(value, 2) for value in os.getloadavg()]
    for name, path in (
        ("healthz", "/healthz"),
        ("sitemap_index", "/sitemap.xml"),
        ("sitemap_pages", "/sitemap-pages.xml"),
        ("sitemap_authors", "/sitemap-authors.xml"),
        ("news_sitemap", "/news-sitemap.xml"),
    ):
        results[name] = measure(client, path, args.repeat)
    base = results["healthz"]["ms"] or 0.001
    print(f"{'what':<18}{'ms':>9}{'queries':>9}{'entries':>9}{'µs/entry':>10}{'x healthz':>11}")
    for name in ("healthz", "sitemap_index", "sitemap_pages", "sitemap_authors", "news_sitemap"):
        row = results[name]
        row["ratio"] = round(row["ms"] / base, 1)
        print(f"{name:<18}{row['ms']:>9}{row['queries']:>9}{row.get('entries', ''):>9}"
              f"{row.get('us_per_entry', ''):>10}{row['ratio']:>11}")  # fmt: skip
    print(f"load average {results['load_average']} ({os.cpu_count()} cores)")
    if args.database_url and not args.keep:
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)  # the archive goes; the schema stays
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--database-url", help="build into this (PostgreSQL) database instead of a throwaway SQLite")
    parser.add_argument("--keep", action="store_true", help="leave the database (and the SQLite folder) in place")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON object")
    args = parser.parse_args()
    if args.articles < NEWS:
        parser.error(f"--articles: at least {NEWS}")
    if args.keep:
        tmp = tempfile.mkdtemp(prefix="bench-archive-")
        print(f"kept in {tmp}")
        results = run(args, tmp)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
            results = run(args, tmp)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()

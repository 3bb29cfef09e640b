"""An imported story as Google asks syndicated copies to be: the original is canonical, the JSON-LD says
the copy is based on it, the copy stays out of our news sitemap; agency and staff bylines are
organisations on the page and in the JSON-LD."""

from __future__ import annotations

import datetime as dt
import io

import lxml.html
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import ArticlePage, Author
from tests.support.builders import build_site
from tests.support.jsonld import JsonLdGraph

pytestmark = pytest.mark.django_db

ORIGINAL = "https://www.wirestory.example/world/2026/12/ports-reopen"


def wire_page(published: dt.datetime) -> str:
    return f"""<html lang="en"><head><title>Ports reopen | Wire Story</title>
<link rel="canonical" href="{ORIGINAL}?utm_source=feed">
<meta property="og:site_name" content="Wire Story">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Ports reopen after the storm", "datePublished": "{published.isoformat()}",
 "author": [{{"@type": "Person", "name": "By MEG KINSELLA and ERRIN HAYWOOD, Associated Press"}},
            {{"@type": "Organization", "name": "AP"}}],
 "publisher": {{"@type": "NewsMediaOrganization", "name": "Wire Story"}}}}</script></head>
<body><article><h1>Ports reopen after the storm</h1><p>Ships began moving again on Thursday.</p>
<p>Dock workers cleared debris overnight.</p></article></body></html>"""


@pytest.fixture
def imported(tmp_path):
    build_site(sections=("News",))
    page = tmp_path / "wire.html"
    page.write_text(wire_page(timezone.now() - dt.timedelta(hours=2)))
    call_command("import_articles", str(page), "--publish", stdout=io.StringIO(), stderr=io.StringIO())
    return ArticlePage.objects.get()


def served(article) -> str:
    response = Client().get(article.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    return response.content.decode()


def test_the_original_is_canonical_and_the_copy_is_based_on_it(imported):
    assert imported.source_url == ORIGINAL  # normalised: the tracking parameter is gone
    assert imported.canonical_url == ORIGINAL
    html = served(imported)
    assert lxml.html.fromstring(html).xpath('//link[@rel="canonical"]/@href') == [ORIGINAL]
    graph = JsonLdGraph(html, imported.get_full_url())
    [article] = graph.of_type("NewsArticle")
    assert article["isBasedOn"] == {
        "@type": "NewsArticle",
        "url": ORIGINAL,
        "publisher": {"@type": "Organization", "name": "Wire Story"},
    }


def test_a_copy_is_left_out_of_the_news_sitemap_until_editors_clear_the_canonical(imported):
    def locations():
        response = Client().get("/news-sitemap.xml", HTTP_HOST="localhost")
        assert response.status_code == 200
        tree = lxml.etree.fromstring(response.content)
        return tree.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})

    assert locations() == []
    imported.canonical_url = ""  # rewritten here: ours to index
    imported.save_revision().publish()
    own = ArticlePage.objects.get().get_full_url()
    assert locations() == [own]
    html = served(ArticlePage.objects.get())
    assert lxml.html.fromstring(html).xpath('//link[@rel="canonical"]/@href') == [own]


def test_agency_bylines_are_organisations_on_the_page_and_in_json_ld(imported):
    assert [(a.name, a.organisation, a.is_organisation) for a in imported.authors] == [
        ("Meg Kinsella", "Associated Press", False),
        ("Errin Haywood", "Associated Press", False),
        ("Associated Press", "", True),
    ]
    html = served(imported)
    tree = lxml.html.fromstring(html)
    assert tree.xpath('//p[@class="byline"]//*[contains(@class, "byline__author--organisation")]/text()') == [
        "Associated Press"
    ]
    graph = JsonLdGraph(html, imported.get_full_url())
    [article] = graph.of_type("NewsArticle")
    authors = graph.resolve(article["author"])
    assert [(a["@type"], a["name"]) for a in authors] == [
        ("Person", "Meg Kinsella"),
        ("Person", "Errin Haywood"),
        ("Organization", "Associated Press"),
    ]
    assert "jobTitle" not in authors[2] and "worksFor" not in authors[2]
    assert authors[0]["worksFor"] == {"@type": "Organization", "name": "Associated Press"}
    assert Author.objects.filter(is_organisation=True).count() == 1


def test_an_update_keeps_the_canonical_editors_cleared(imported, tmp_path):
    imported.canonical_url = ""
    imported.save_revision().publish()
    page = tmp_path / "wire.html"
    page.write_text(wire_page(timezone.now() - dt.timedelta(hours=1)).replace("Ports reopen after", "Ports open after"))
    out = io.StringIO()
    call_command("import_articles", str(page), "--publish", "--update", stdout=out, stderr=io.StringIO())
    assert "1 updated" in out.getvalue(), out.getvalue()
    updated = ArticlePage.objects.get()
    assert updated.title == "Ports open after the storm"
    assert updated.canonical_url == ""
    assert updated.source_url == ORIGINAL

"""Which URL a page is: candidates in search engines' order, normalised; a text hash for pages with none."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from articles.models import ArticlePage
from importer.canonical import choose, normalise, text_hash, variants
from importer.extract import extract
from tests.support.builders import build_site


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://News.Example.COM:443/World/Story?utm_source=x&id=7#top", "https://news.example.com/World/Story?id=7"),
        ("http://news.example.com:80/a/", "http://news.example.com/a/"),
        ("https://news.example.com:8443/a", "https://news.example.com:8443/a"),
        ("https://news.example.com/a?fbclid=1&gclid=2&utm_campaign=z", "https://news.example.com/a"),
        ("https://news.example.com", "https://news.example.com/"),
        ("https://news.example.com./a?ref=home&page=2", "https://news.example.com/a?page=2"),
        ("ftp://news.example.com/a", ""),
        ("/relative/only", ""),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_variants_match_with_and_without_the_trailing_slash():
    assert variants("https://x.example/a/") == ["https://x.example/a/", "https://x.example/a"]
    assert variants("https://x.example/") == ["https://x.example/"]


def test_home_page_canonical_loses_to_og_url():
    found = choose([("link", "https://x.example/"), ("og:url", "https://x.example/news/a-story"), ("json-ld", None)])
    assert found == ("https://x.example/news/a-story", "og:url")
    assert choose([("link", "https://x.example/")]) == ("https://x.example/", "link")


def page(head: str) -> bytes:
    return (
        f"<html><head>{head}</head><body><article><h1>Storm closes the bridge</h1>"
        "<p>The bridge was closed at noon.</p></article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("head", "where", "url"),
    [
        (
            '<link rel="canonical" href="/news/bridge?utm_medium=rss"><meta property="og:url" content="https://other.example/x">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h", "url": "https://third.example/y"}</script>',
            "link rel=canonical",
            "https://site.example/news/bridge",
        ),
        (
            '<meta property="og:url" content="https://site.example/news/bridge/">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h", "url": "https://third.example/y"}</script>',
            "og:url",
            "https://site.example/news/bridge/",
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h",'
            ' "mainEntityOfPage": {"@type": "WebPage", "@id": "https://site.example/b"}}</script>',
            "json-ld",
            "https://site.example/b",
        ),
        ("", "fetched URL", "https://site.example/fetched/page"),
    ],
)
def test_candidates_in_order(head, where, url):
    extraction = extract(page(head), "https://site.example/fetched/page?utm_source=x")
    assert (extraction.fields["canonical_url"], extraction.provenance["canonical_url"]) == (url, where)


def test_text_hash_ignores_case_and_punctuation_but_not_words():
    one = text_hash("Storm closes the bridge", "The bridge was closed at noon, police said.")
    assert one == text_hash("STORM closes the bridge!", "The bridge  was closed at noon police said")
    assert one != text_hash("Storm closes the bridge", "The bridge was closed at one, police said.")
    assert text_hash("Short", "too short") == ""


@pytest.mark.django_db
def test_a_saved_page_without_any_url_is_recognised_on_a_second_import(tmp_path):
    build_site()
    saved = tmp_path / "story.html"
    saved.write_bytes(
        b"<html><body><article><h1>Storm closes the bridge</h1><p>The bridge was closed at noon on Friday"
        b" after gusts reached 90 km/h, police said.</p></article></body></html>"
    )
    for _ in range(2):
        out = io.StringIO()
        call_command("import_articles", str(saved), stdout=out, stderr=io.StringIO())
    assert "0 imported, 0 updated, 1 skipped" in out.getvalue(), out.getvalue()
    assert ArticlePage.objects.count() == 1

"""Per-article search controls: robots meta tags as a crawler reads them, sitemaps, data-nosnippet."""

from __future__ import annotations

import datetime

import lxml.etree
from django.test import TestCase
from django.utils import timezone

from articles.models import ArticlePage
from structured_data.editor import check_live
from tests.support.builders import paragraph
from tests.support.checker_site import build_checked_site
from tests.support.html import parse, text
from tests.support.jsonld import JsonLdGraph
from tests.support.sitemaps import sitemap_locations

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def directives(doc, name: str) -> list[str]:
    """Every directive of every ``<meta name=...>`` for that user agent, as Google combines them."""
    found = []
    for meta in doc.xpath("//head/meta[@name=$name]", name=name):
        found += [part.strip() for part in meta.get("content").split(",") if part.strip()]
    return found


class SearchControlsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_checked_site()
        cls.article, cls.review = cls.tree.articles

    def set(self, page, **fields):
        ArticlePage.objects.filter(pk=page.pk).update(**fields)
        return ArticlePage.objects.get(pk=page.pk)

    def sitemap_urls(self):
        return set(sitemap_locations(self.client))

    def news_sitemap_urls(self):
        tree = lxml.etree.fromstring(self.client.get("/news-sitemap.xml").content)
        return set(tree.xpath("//s:url/s:loc/text()", namespaces=NS))

    def test_a_plain_article_adds_no_directive(self):
        doc = parse(self.client.get(self.article.url))
        assert "noindex" not in directives(doc, "robots")
        assert directives(doc, "googlebot-news") == []

    def test_noindex_leaves_both_sitemaps_and_keeps_json_ld(self):
        url = self.article.get_full_url()
        assert url in self.sitemap_urls() and url in self.news_sitemap_urls()
        article = self.set(self.article, noindex=True)
        response = self.client.get(article.url)
        assert "noindex" in directives(parse(response), "robots")
        assert JsonLdGraph.from_response(response).one("NewsArticle")["headline"] == article.title
        assert url not in self.sitemap_urls()
        assert url not in self.news_sitemap_urls()
        assert self.review.get_full_url() in self.sitemap_urls()

    def test_kept_out_of_google_news_only(self):
        article = self.set(self.article, news_noindex=True)
        doc = parse(self.client.get(article.url))
        assert directives(doc, "googlebot-news") == ["noindex"]
        assert "noindex" not in directives(doc, "robots")
        assert article.get_full_url() in self.sitemap_urls()
        assert article.get_full_url() not in self.news_sitemap_urls()

    def test_snippet_and_preview_directives(self):
        article = self.set(self.article, nosnippet=True, max_snippet=50, max_image_preview="large")
        found = directives(parse(self.client.get(article.url)), "robots")
        assert {"nosnippet", "max-snippet:50", "max-image-preview:large"} <= set(found)

    def test_unavailable_after_is_an_iso_date_and_drops_the_article_from_sitemaps_once_past(self):
        later = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
        article = self.set(self.article, unavailable_after=later)
        found = directives(parse(self.client.get(article.url)), "robots")
        (value,) = [d.split(":", 1)[1].strip() for d in found if d.startswith("unavailable_after")]
        assert datetime.datetime.fromisoformat(value) == later
        assert article.get_full_url() in self.sitemap_urls()
        self.set(self.article, unavailable_after=timezone.now() - datetime.timedelta(minutes=1))
        assert article.get_full_url() not in self.sitemap_urls()
        assert article.get_full_url() not in self.news_sitemap_urls()

    def test_nosnippet_section_is_marked_data_nosnippet(self):
        article = ArticlePage.objects.get(pk=self.article.pk)
        article.body = [
            paragraph("<p>The ferry board voted on Tuesday.</p>"),
            ("nosnippet", {"text": "<p>The name of the witness is withheld from search results.</p>"}),
        ]
        article.save_revision().publish()
        doc = parse(self.client.get(article.url))
        (section,) = doc.xpath("//*[@data-nosnippet][contains(@class, 'nosnippet')]")
        assert text(section) == "The name of the witness is withheld from search results."
        assert check_live(ArticlePage.objects.get(pk=article.pk)).errors == []

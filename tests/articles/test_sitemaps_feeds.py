"""Sitemaps, the news sitemap, robots.txt and feeds, parsed with lxml as their consumers would."""

from __future__ import annotations

import datetime
from unittest import mock

import lxml.etree
from django.test import TestCase
from django.utils import timezone
from taggit.models import Tag

from articles import sitemaps
from articles.models import ArticlePage
from structured_data.models import PublisherSettings
from tests.support.builders import build_site, make_article, make_author, make_image
from tests.support.html import parse
from tests.support.sitemaps import sitemap_locations

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


class SitemapFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Local", "Sports"))
        PublisherSettings.objects.create(site=cls.tree.site, name="The Test Ledger & Co")
        cls.rita = make_author("Rita Alvarez")
        cls.tom = make_author("Tom Becker")
        cls.photo = make_image("Ferry", 1600, 900, caption="The ferry at dawn.", credit="Sam Ortiz/Ledger")
        cls.fresh = make_article(
            cls.tree.section,
            "Ferry resumes",
            authors=[cls.rita, cls.tom],
            lead_image=cls.photo,
            lead_image_caption="The 6am ferry.",
        )
        cls.fresh.tags.add(Tag.objects.create(name="Harbor"))
        cls.fresh.save_revision().publish()
        cls.old = make_article(
            cls.tree.sections[1],
            "Old match report",
            authors=[cls.tom],
            publication_date=timezone.now() - datetime.timedelta(days=5),
        )

    def xml(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return lxml.etree.fromstring(response.content)

    def test_robots_lists_both_sitemaps(self):
        response = self.client.get("/robots.txt")
        lines = response.content.decode().splitlines()
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)
        self.assertIn("Sitemap: http://testserver/news-sitemap.xml", lines)

    def test_sitemap_has_articles_sections_and_author_pages(self):
        locations = sitemap_locations(self.client)
        for expected in (
            "http://localhost/local/ferry-resumes/",
            "http://localhost/sports/",
            "http://localhost/authors/rita-alvarez/",
            "http://localhost/authors/tom-becker/",
        ):
            self.assertIn(expected, locations)

    def test_news_sitemap_entries(self):
        tree = self.xml("/news-sitemap.xml")
        urls = tree.xpath("//s:url", namespaces=NS)
        self.assertEqual(len(urls), 1)  # the five-day-old report is out of the 48-hour window
        url = urls[0]
        self.assertEqual(url.findtext("s:loc", namespaces=NS), "http://localhost/local/ferry-resumes/")
        self.assertEqual(url.findtext("news:news/news:publication/news:name", namespaces=NS), "The Test Ledger & Co")
        self.assertEqual(url.findtext("news:news/news:publication/news:language", namespaces=NS), "en")
        self.assertEqual(url.findtext("news:news/news:title", namespaces=NS), "Ferry resumes")
        date = datetime.datetime.fromisoformat(url.findtext("news:news/news:publication_date", namespaces=NS))
        self.assertIsNotNone(date.utcoffset())

    def test_news_sitemap_index_beyond_the_limit(self):
        for i in range(3):
            make_article(self.tree.section, f"Update {i}", authors=[self.rita])
        with mock.patch.object(sitemaps, "NEWS_PER_FILE", 2):
            index = self.xml("/news-sitemap.xml")
            self.assertEqual(index.tag, f"{{{NS['s']}}}sitemapindex")
            locations = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
            self.assertEqual(
                locations, ["http://testserver/news-sitemap.xml?p=1", "http://testserver/news-sitemap.xml?p=2"]
            )
            counts = [len(self.xml(f"/news-sitemap.xml?p={n}").xpath("//s:url", namespaces=NS)) for n in (1, 2)]
            self.assertEqual(counts, [2, 2])
        self.assertEqual(self.client.get("/news-sitemap.xml?p=9").status_code, 404)
        self.assertEqual(self.client.get("/news-sitemap.xml?p=abc").status_code, 404)

    def test_rss_item(self):
        rss = self.xml("/feeds/rss/")
        item = rss.xpath("//item[title='Ferry resumes']")[0]
        self.assertEqual(item.xpath("dc:creator/text()", namespaces=NS), ["Rita Alvarez", "Tom Becker"])
        self.assertEqual(set(item.xpath("category/text()")), {"Harbor", "Local"})
        enclosure = item.find("enclosure")
        self.assertEqual(enclosure.get("type"), "image/jpeg")
        self.assertGreater(int(enclosure.get("length")), 0)
        media = item.find("media:content", namespaces=NS)
        self.assertEqual(media.get("url"), enclosure.get("url"))
        self.assertEqual(media.findtext("media:description", namespaces=NS), "The 6am ferry.")
        self.assertEqual(media.findtext("media:credit", namespaces=NS), "Sam Ortiz/Ledger")

    def test_atom_entry(self):
        atom = self.xml("/feeds/atom/")
        entry = atom.xpath("//atom:entry[atom:title='Ferry resumes']", namespaces=NS)[0]
        self.assertEqual(entry.xpath("atom:author/atom:name/text()", namespaces=NS), ["Rita Alvarez", "Tom Becker"])
        self.assertEqual(set(entry.xpath("atom:category/@term", namespaces=NS)), {"Harbor", "Local"})
        self.assertEqual(entry.xpath("media:content/media:credit/text()", namespaces=NS), ["Sam Ortiz/Ledger"])
        self.assertEqual(len(entry.xpath("atom:link[@rel='enclosure']", namespaces=NS)), 1)

    def test_section_and_author_feeds(self):
        def titles(url, fmt):
            tree = self.xml(url)
            return (
                tree.xpath("//item/title/text()")
                if fmt == "rss"
                else tree.xpath("//atom:entry/atom:title/text()", namespaces=NS)
            )

        for fmt in ("rss", "atom"):
            self.assertEqual(titles(f"/feeds/sections/sports/{fmt}/", fmt), ["Old match report"])
            self.assertEqual(titles(f"/feeds/authors/rita-alvarez/{fmt}/", fmt), ["Ferry resumes"])
            self.assertEqual(
                set(titles(f"/feeds/authors/tom-becker/{fmt}/", fmt)), {"Ferry resumes", "Old match report"}
            )
        self.assertEqual(self.client.get("/feeds/sections/nowhere/rss/").status_code, 404)
        self.assertEqual(self.client.get("/feeds/authors/nobody/atom/").status_code, 404)

    def test_feeds_are_discoverable_from_their_pages(self):
        def alternates(url):
            head = parse(self.client.get(url)).xpath("//head")[0]
            return {(link.get("type"), link.get("href")) for link in head.xpath("link[@rel='alternate']")}

        site_feeds = {
            ("application/rss+xml", "http://testserver/feeds/rss/"),
            ("application/atom+xml", "http://testserver/feeds/atom/"),
        }
        self.assertLessEqual(site_feeds, alternates(self.fresh.url))
        self.assertLessEqual(
            {
                ("application/rss+xml", "http://testserver/feeds/sections/local/rss/"),
                ("application/atom+xml", "http://testserver/feeds/sections/local/atom/"),
            },
            alternates("/local/"),
        )
        self.assertLessEqual(
            {
                ("application/rss+xml", "http://testserver/feeds/authors/rita-alvarez/rss/"),
                ("application/atom+xml", "http://testserver/feeds/authors/rita-alvarez/atom/"),
            },
            alternates("/authors/rita-alvarez/"),
        )
        self.assertEqual(ArticlePage.objects.count(), 2)


class ControlCharacterTests(TestCase):
    """Control characters pasted into any text that reaches a feed or the news sitemap are left out, not a 500."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Lo\x0bcal",))
        PublisherSettings.objects.create(site=cls.tree.site, name="The\x1f Ledger")
        author = make_author("Rita\x08 Alvarez")
        photo = make_image("Ferry", 1600, 900, caption="The\x0c ferry.", credit="Sam\x1b Ortiz")
        cls.article = make_article(
            cls.tree.section,
            "Ferry\x0b resumes\x1f at dawn",
            authors=[author],
            lead_image=photo,
            standfirst="Six\x01 sailings a day.",
        )
        cls.article.tags.add(Tag.objects.create(name="har\x02bor"))
        cls.article.save_revision().publish()

    def xml(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return lxml.etree.fromstring(response.content)  # raises on any character XML 1.0 cannot hold

    def test_rss_and_atom_leave_control_characters_out(self):
        for url in ("/feeds/rss/", "/feeds/sections/lo-cal/rss/", "/feeds/authors/rita-alvarez/rss/"):
            item = self.xml(url).xpath("//item")[0]
            self.assertEqual(item.findtext("title"), "Ferry resumes at dawn")
            self.assertEqual(item.findtext("description"), "Six sailings a day.")
            self.assertEqual(item.xpath("dc:creator/text()", namespaces=NS), ["Rita Alvarez"])
            self.assertEqual(set(item.xpath("category/text()")), {"harbor", "Local"})
            self.assertEqual(item.findtext("media:content/media:credit", namespaces=NS), "Sam Ortiz")
            self.assertEqual(item.findtext("media:content/media:description", namespaces=NS), "The ferry.")
        for url in ("/feeds/atom/", "/feeds/sections/lo-cal/atom/", "/feeds/authors/rita-alvarez/atom/"):
            atom = self.xml(url)
            self.assertTrue(atom.findtext("atom:title", namespaces=NS).endswith("The Ledger"))
            self.assertEqual(atom.xpath("//atom:entry/atom:title/text()", namespaces=NS), ["Ferry resumes at dawn"])

    def test_news_sitemap_leaves_control_characters_out(self):
        url = self.xml("/news-sitemap.xml").xpath("//s:url", namespaces=NS)[0]
        self.assertEqual(url.findtext("news:news/news:title", namespaces=NS), "Ferry resumes at dawn")
        self.assertEqual(url.findtext("news:news/news:publication/news:name", namespaces=NS), "The Ledger")

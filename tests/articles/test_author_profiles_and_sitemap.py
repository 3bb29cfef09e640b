"""Author profiles in every language: original-language articles where none is translated, marked with
``lang``; each profile in the sitemap with ``<lastmod>`` and hreflang alternates, as its HTML has them."""

import lxml.etree
from django.test import TestCase
from django.utils import timezone

from tests.support.builders import build_site, make_article, make_author, translate_site
from tests.support.html import parse

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


class AuthorProfileLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.french = translate_site(cls.tree, "fr")
        cls.rita = make_author("Rita Alvarez")
        cls.article = make_article(cls.tree.section, "Ferry resumes", authors=[cls.rita])

    def profile_url(self, index):
        return f"{index.url}{self.rita.slug}/"

    def test_profile_in_a_language_without_translations_lists_the_originals_marked_with_lang(self):
        html = parse(self.client.get(self.profile_url(self.french.authors_index)))
        self.assertEqual(html.get("lang"), "fr")
        cards = html.cssselect(".author-profile .card")
        self.assertEqual(len(cards), 1)
        self.assertEqual(cards[0].get("lang"), "en")
        self.assertEqual(cards[0].cssselect(".card__headline a")[0].text_content(), "Ferry resumes")
        self.assertFalse(html.cssselect('meta[name="robots"][content*="noindex"]'))

    def test_profile_in_the_articles_language_marks_nothing(self):
        html = parse(self.client.get(self.profile_url(self.tree.authors_index)))
        self.assertIsNone(html.cssselect(".author-profile .card")[0].get("lang"))

    def test_sitemap_lists_each_profile_with_lastmod_and_alternates(self):
        index = lxml.etree.fromstring(self.client.get("/sitemap.xml").content)
        files = [loc.text.replace("http://localhost", "") for loc in index.iterfind(".//s:loc", NS)]
        authors_file = next(path for path in files if "author" in path)
        urlset = lxml.etree.fromstring(self.client.get(authors_file).content)
        entries = {url.findtext("s:loc", namespaces=NS): url for url in urlset.iterfind("s:url", NS)}
        english = f"http://localhost{self.profile_url(self.tree.authors_index)}"
        french = f"http://localhost{self.profile_url(self.french.authors_index)}"
        self.assertIn(english, entries)
        self.assertIn(french, entries)
        self.article.refresh_from_db()
        for entry in (entries[english], entries[french]):
            lastmod = timezone.localdate(self.article.last_published_at).isoformat()
            self.assertEqual(entry.findtext("s:lastmod", namespaces=NS), lastmod)
            alternates = {link.get("hreflang"): link.get("href") for link in entry.iterfind("x:link", NS)}
            self.assertEqual(alternates, {"en": english, "fr": french, "x-default": english})

    def test_sitemap_alternates_match_the_profiles_html(self):
        html = parse(self.client.get(self.profile_url(self.french.authors_index)))
        links = {link.get("hreflang"): link.get("href") for link in html.cssselect('link[rel="alternate"][hreflang]')}
        self.assertEqual(
            {code: href.replace("http://localhost", "") for code, href in links.items()},
            {
                "en": self.profile_url(self.tree.authors_index),
                "fr": self.profile_url(self.french.authors_index),
                "x-default": self.profile_url(self.tree.authors_index),
            },
        )

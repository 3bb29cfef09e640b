"""Search pages in the page cache: only queries other readers ask too, and purged on publication."""

from __future__ import annotations

import lxml.html
from django.conf import settings
from django.test import TestCase

from tests.search.conftest import build_newsroom, page_cache_settings, site_client
from tests.support.builders import make_article


def headlines(response) -> list[str]:
    tree = lxml.html.fromstring(response.content)
    return [link.text_content() for link in tree.cssselect(".search-result__headline a")]


class SearchCachingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_newsroom()

    def setUp(self):
        self.client = site_client()

    def test_a_query_is_kept_once_other_readers_ask_it_too(self):
        with self.settings(**page_cache_settings(settings, POPULAR_AFTER=3)):
            states = []
            for _ in range(4):
                response = self.client.get("/search/?q=lighthouse")
                states.append((response["X-Page-Cache"], "public" in response["Cache-Control"]))
        self.assertEqual(states, [("uncached", False), ("uncached", False), ("miss", True), ("hit", True)])

    def test_the_search_page_itself_is_kept(self):
        with self.settings(**page_cache_settings(settings)):
            self.assertEqual(self.client.get("/search/")["X-Page-Cache"], "miss")
            self.assertEqual(self.client.get("/search/")["X-Page-Cache"], "hit")

    def test_spellings_other_than_the_normalised_one_are_never_kept(self):
        with self.settings(**page_cache_settings(settings, POPULAR_AFTER=1)):
            for query in ("Lighthouse", "lighthouse  keeper", "lighthouse!", "lighthouse&from=junk"):
                for _ in range(2):
                    response = self.client.get(f"/search/?q={query}")
                    self.assertEqual(response.status_code, 200)
                    self.assertIn("private", response["Cache-Control"], query)
                    self.assertNotEqual(response.get("X-Page-Cache"), "hit", query)

    def test_variants_of_one_search_path_are_bounded(self):
        limit = settings.PAGE_CACHE.get("MAX_VARIANTS", 8)
        with self.settings(**page_cache_settings(settings, POPULAR_AFTER=1)):
            stored = sum(
                self.client.get(f"/search/?q=word{number}")["X-Page-Cache"] == "miss" for number in range(limit + 5)
            )
        self.assertEqual(stored, limit)

    def test_publishing_shows_in_cached_searches_at_once(self):
        with self.settings(**page_cache_settings(settings, POPULAR_AFTER=1)):
            self.client.get("/search/?q=regatta")
            self.assertEqual(self.client.get("/search/?q=regatta")["X-Page-Cache"], "hit")
            with self.captureOnCommitCallbacks(execute=True):
                new = make_article(self.tree.sections[1], "Regatta results are in", standfirst="Winners named.")
            response = self.client.get("/search/?q=regatta")
            self.assertEqual(response["X-Page-Cache"], "miss")
            self.assertEqual(headlines(response)[0:2].count("Regatta results are in"), 1)
            with self.captureOnCommitCallbacks(execute=True):
                new.unpublish()
            response = self.client.get("/search/?q=regatta")
            self.assertEqual(response["X-Page-Cache"], "miss")
            self.assertEqual(headlines(response), ["Regatta season opens"])

    def test_a_tag_added_on_publication_is_searchable_at_once(self):
        article = self.tree.headline
        article.tags.add("maritime-heritage")
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
        self.assertEqual(headlines(self.client.get("/search/?q=heritage")), ["Lighthouse keeper retires"])

    def test_the_french_search_page_is_purged_too(self):
        with self.settings(**page_cache_settings(settings)):
            self.assertEqual(self.client.get("/fr/search/")["X-Page-Cache"], "miss")
            with self.captureOnCommitCallbacks(execute=True):
                make_article(self.tree.sections[0], "Harbor pilots strike")
            self.assertEqual(self.client.get("/fr/search/")["X-Page-Cache"], "miss")

"""Whatever a reader (or a robot) types, search answers with a page: never a 500, never a hang."""

from __future__ import annotations

import lxml.html
import pytest
from django.test import TestCase

from search.conf import get_setting
from search.query import SearchRequest
from tests.search.conftest import build_newsroom, site_client

HOSTILE = {
    "empty": "",
    "spaces": "   ",
    "one_megabyte": "lighthouse " + "a" * 1_000_000,
    "unbalanced_quotes": '"lighthouse keeper',
    "operators": "lighthouse AND OR NOT NEAR( * -keeper +retires ^ : ( ) {}",
    "sql": "lighthouse'; DROP TABLE wagtailcore_page; --",
    "fts_syntax": 'title:lighthouse "a" NEAR/2 col:*',
    "tsquery_syntax": "light & !house | (keeper <-> retires):*",
    "emoji": "🦞🌊",
    "emoji_and_word": "lighthouse 🦞",
    "rtl": "منارة ‏שלום‎ lighthouse",
    "control_characters": "light\x01house\x1b[31m",
    "only_stop_words": "the and of",
    "many_words": " ".join(f"word{n}" for n in range(500)),
}


class BadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_newsroom()

    def test_every_hostile_query_gets_a_page(self):
        client = site_client()
        for name, text in HOSTILE.items():
            with self.subTest(name):
                response = client.get("/search/", {"q": text})
                self.assertEqual(response.status_code, 200)
                tree = lxml.html.fromstring(response.content)
                self.assertEqual(len(tree.cssselect("form[role=search] input[name=q]")), 2)  # header and page
                self.assertLessEqual(len(response.content), 200_000)

    def test_operators_are_words_not_syntax(self):
        response = site_client().get("/search/", {"q": HOSTILE["unbalanced_quotes"]})
        self.assertContains(response, "1 result for “lighthouse keeper”")

    def test_emoji_alone_asks_for_a_word(self):
        self.assertContains(site_client().get("/search/", {"q": "🦞🌊"}), "Type a word to search for")

    def test_nul_bytes_are_refused_with_a_clear_400(self):
        response = site_client().get("/search/?q=light%00house")
        self.assertEqual(response.status_code, 400)  # newsroom.middleware.RejectNulBytesMiddleware
        self.assertIn(b"NUL", response.content)

    def test_bad_filters_are_dropped_and_said(self):
        response = site_client().get(
            "/search/",
            {
                "q": "lighthouse",
                "from": "yesterday",
                "to": "2026-02-30",
                "sort": "x",
                "language": "xx",
                "section": "../etc",
                "page": "abc",
            },
        )
        self.assertContains(response, "Some filters could not be read")
        self.assertContains(response, "2 results for")

    def test_post_is_refused(self):
        self.assertEqual(site_client().post("/search/", {"q": "x"}).status_code, 405)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_query_is_capped_in_length_and_words(text):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query["q"] = text
    search = SearchRequest.from_query(query)
    assert len(search.text) <= get_setting("MAX_QUERY_LENGTH")
    assert len(search.terms) <= get_setting("MAX_TERMS")
    assert all(term.isalnum() for term in search.terms)

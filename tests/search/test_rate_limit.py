"""Searches per client address are limited: past the limit, 429 with Retry-After."""

from __future__ import annotations

from django.conf import settings
from django.test import Client, TestCase

from tests.search.conftest import SITE_HOST, build_newsroom


class RateLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_newsroom()

    def limited(self, **search):
        return self.settings(SITE_SEARCH={**settings.SITE_SEARCH, "RATE_LIMIT": 2, "RATE_WINDOW": 60, **search})

    def test_past_the_limit_the_answer_is_429_with_retry_after(self):
        client = Client(HTTP_HOST=SITE_HOST, REMOTE_ADDR="203.0.113.5")
        with self.limited():
            codes = [client.get("/search/?q=lighthouse").status_code for _ in range(3)]
            refused = client.get("/search/?q=regatta")
            other = Client(HTTP_HOST=SITE_HOST, REMOTE_ADDR="203.0.113.6").get("/search/?q=lighthouse")
        self.assertEqual(codes, [200, 200, 429])
        self.assertEqual(refused.status_code, 429)
        self.assertTrue(1 <= int(refused["Retry-After"]) <= 60)
        self.assertIn("no-store", refused["Cache-Control"])
        self.assertContains(refused, "Too many searches", status_code=429)
        self.assertEqual(other.status_code, 200)  # another address has its own count

    def test_the_search_page_without_a_query_is_not_counted(self):
        client = Client(HTTP_HOST=SITE_HOST, REMOTE_ADDR="203.0.113.7")
        with self.limited():
            codes = [client.get("/search/").status_code for _ in range(5)]
        self.assertEqual(codes, [200] * 5)

    def test_behind_trusted_proxies_the_forwarded_address_counts(self):
        newsletter = {**settings.NEWSLETTER, "NUM_PROXIES": 1}
        with self.limited(), self.settings(NEWSLETTER=newsletter):
            proxy = "10.0.0.1"
            first = Client(HTTP_HOST=SITE_HOST, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
            second = Client(HTTP_HOST=SITE_HOST, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.2")
            codes = [first.get("/search/?q=lighthouse").status_code for _ in range(3)]
            self.assertEqual(second.get("/search/?q=lighthouse").status_code, 200)
        self.assertEqual(codes, [200, 200, 429])

"""The page audit's new page types (tools/audit/page_types.py) find a page the site serves, and none on an
empty site: a renamed URL or a changed listing would otherwise leave the audit skipping them silently."""

from __future__ import annotations

from django.test import TestCase

from tests.browse.conftest import build_browse_site
from tests.support.builders import build_site
from tools.audit.page_types import NOINDEX, find_paths

HOST = {"HTTP_HOST": "localhost", "REMOTE_ADDR": "198.51.100.9"}
NEW_TYPES = ["search", "search_no_results", "topic", "day_archive", "month_archive", "year_archive"]


class AuditPageTypesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_browse_site()

    def test_each_new_type_is_found_and_served(self):
        paths = find_paths(NEW_TYPES)
        # The busiest day has three stories in two sections; the topic is the one with the editors' words.
        assert paths["day_archive"] == "/2025/12/03/"
        assert paths["month_archive"] == "/2025/12/"
        assert paths["year_archive"] == "/2025/"
        assert paths["topic"] == "/topics/harbor/"
        assert paths["search"].startswith("/search/?q=")
        for name, path in paths.items():
            response = self.client.get(path, **HOST)
            assert response.status_code == 200, (name, path)
            html = response.content.decode()
            assert ('<meta name="robots" content="noindex' in html) == (name in NOINDEX), name
        assert "search-result" in self.client.get(paths["search"], **HOST).content.decode()
        assert "search-result" not in self.client.get(paths["search_no_results"], **HOST).content.decode()


class EmptySiteTests(TestCase):
    def test_a_site_without_stories_has_none_of_them(self):
        build_site()
        paths = find_paths(NEW_TYPES)
        assert paths == {name: None for name in NEW_TYPES if name != "search_no_results"} | {
            "search_no_results": "/search/?q=xylophonequartz"
        }

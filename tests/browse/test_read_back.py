"""Every new page type passes the checker's independent read-back (extruct, lxml, the rules) with 0 errors,
and costs a number of queries that does not grow with the archive."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from structured_data.checker.core import check_document
from structured_data.checker.site import SiteRenderer
from tests.browse.conftest import DAYS, build_browse_site, story

URLS = (
    "/topics/harbor/",
    "/topics/ferry/",
    "/fr/topics/harbor/",
    "/2025/12/03/",
    "/2025/12/",
    "/2025/",
    "/fr/2025/12/03/",
)


class ReadBackTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_browse_site()

    def test_the_checker_finds_no_error(self):
        renderer = SiteRenderer(self.tree.site)
        for path in URLS:
            url = f"http://localhost{path}"
            response = renderer.get(url)
            assert response.status_code == 200, url
            result = check_document(
                response.content.decode(), url, fetch_image_size=renderer.image_size, fetch_page=renderer.page
            )
            assert result.json_ld, url
            errors = [issue for issue in result.issues if issue.severity == "error"]
            assert errors == [], (url, errors)

    def queries(self, url: str) -> int:
        self.client.get(url, HTTP_HOST="localhost")  # renditions made, the site's caches filled
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, url
        return len(captured)

    def test_query_counts_do_not_grow_with_the_archive(self):
        urls = ("/topics/harbor/", "/2025/12/03/", "/2025/12/", "/2025/", "/fr/topics/harbor/")
        local, sports = self.tree.sections

        def add(count: int, start: int) -> None:
            for number in range(start, start + count):  # on the same topic and day, in both sections
                story(
                    (local, sports)[number % 2], f"Harbor update {number}", DAYS["morning"].replace(minute=number),
                    tags=["harbor"], authors=[self.tree.author], lead_image=self.tree.stories["early"].lead_image,
                )  # fmt: skip

        add(1, 0)  # a photo on the day: its renditions' queries are counted at both sizes
        before = {url: self.queries(url) for url in urls}
        add(8, 1)
        after = {url: self.queries(url) for url in urls}
        assert after == before
        assert all(count <= 20 for count in after.values()), after

"""Date archives: a day's stories in the newsroom's time zone by section, months and years, and 404s."""

from __future__ import annotations

from django.test import TestCase

from articles.models import SectionPage
from tests.browse.conftest import build_browse_site, story
from tests.support.html import parse, texts
from tests.support.jsonld import JsonLdGraph

HOST = {"HTTP_HOST": "localhost"}


class DateArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_browse_site()

    def get(self, url, **extra):
        return self.client.get(url, **HOST, **extra)

    def test_a_day_in_the_newsrooms_time_zone_by_section(self):
        tree = parse(self.get("/2025/12/03/"))
        assert texts(tree, "h1") == ["Wednesday 3 December 2025"]
        groups = {
            " ".join(section.xpath("./h2")[0].text_content().split()): texts(section, ".card__headline")
            for section in tree.cssselect(".archive__section")
        }
        # 23:30 in New York on the 3rd is the 4th in UTC: still the 3rd here. Newest first in a section.
        assert groups == {
            "Local": ["Night ferry runs late", "Ferry timetable changes"],
            "Sports": ["Harbor rowing club wins"],
        }
        assert self.get("/2025/12/04/").status_code == 404

    def test_previous_and_next_skip_empty_days(self):
        tree = parse(self.get("/2025/12/03/"))
        assert tree.cssselect('a[rel="prev"]')[0].get("href") == "/2025/12/01/"
        assert tree.cssselect('a[rel="next"]')[0].get("href") == "/2025/12/09/"
        last = parse(self.get("/2026/01/02/"))
        assert last.cssselect('a[rel="prev"]')[0].get("href") == "/2025/12/09/"
        assert not last.cssselect('a[rel="next"]')
        assert not parse(self.get("/2025/12/01/")).cssselect('a[rel="prev"]')

    def test_hidden_stories_never_show(self):
        html = self.get("/2025/12/09/").content.decode()
        assert "Pier repairs finish" in html and "Harbor budget, line by line" in html
        assert "subscribers-only figures" not in html
        for hidden in (self.tree.draft, self.tree.private, self.tree.expired):
            assert hidden.title not in html

    def test_month_and_year(self):
        month = parse(self.get("/2025/12/"))
        days = [(link.get("href"), link.text) for link in month.cssselect(".archive__periods a")]
        assert days == [
            ("/2025/12/01/", "Monday 1 December 2025"),
            ("/2025/12/03/", "Wednesday 3 December 2025"),
            ("/2025/12/09/", "Tuesday 9 December 2025"),
        ]
        assert texts(month, ".archive__count") == ["1 story", "3 stories", "2 stories"]
        assert month.cssselect('a[rel="next"]')[0].get("href") == "/2026/01/"
        year = parse(self.get("/2025/"))
        assert [link.get("href") for link in year.cssselect(".archive__periods a")] == ["/2025/12/"]
        assert year.cssselect('a[rel="next"]')[0].get("href") == "/2026/"

    def test_empty_and_impossible_dates_are_404(self):
        for url in ("/2025/11/", "/2024/", "/2025/12/02/", "/2025/02/30/", "/2025/13/", "/2025/00/", "/0000/",
                    "/2025/12/00/", "/9999/12/31/"):  # fmt: skip
            assert self.get(url).status_code == 404, url

    def test_french_archive_lists_french_stories(self):
        response = self.get("/fr/2025/12/03/")
        assert texts(parse(response), ".card__headline") == ["Les horaires du ferry changent"]
        assert self.get("/fr/2025/12/09/").status_code == 404

    def test_json_ld_collection_page_item_list_and_breadcrumbs(self):
        graph = JsonLdGraph.from_response(self.get("/2025/12/03/"))
        page = graph.one("CollectionPage")
        assert page["url"] == "http://localhost/2025/12/03/"
        items = graph.resolve(page["mainEntity"])["itemListElement"]
        assert [item["name"] for item in items] == [
            "Night ferry runs late", "Ferry timetable changes", "Harbor rowing club wins"
        ]  # fmt: skip
        crumbs = graph.resolve(page["breadcrumb"])["itemListElement"]
        assert [crumb["item"] for crumb in crumbs] == [
            "http://localhost/", "http://localhost/2025/", "http://localhost/2025/12/", "http://localhost/2025/12/03/"
        ]  # fmt: skip
        month = JsonLdGraph.from_response(self.get("/2025/12/")).one("CollectionPage")
        assert month["mainEntity"]["@id"] == "http://localhost/2025/12/#itemlist"

    def test_a_page_whose_slug_is_a_year_is_served_not_shadowed(self):
        home = self.tree.home
        section = home.add_child(instance=SectionPage(title="Class of 2025", slug="2025"))
        section.save_revision().publish()
        story(section, "Reunion planned", self.tree.stories["early"].publication_date)
        response = self.get("/2025/")
        assert response.status_code == 200
        assert texts(parse(response), "h1") == ["Class of 2025"]
        assert self.get("/2025/reunion-planned/").status_code == 200
        # Another year, and the days of 2025 (no page at /2025/12/), are still archives.
        assert self.get("/2026/").status_code == 200
        day = parse(self.get("/2025/12/01/"))
        assert "Reunion planned" in texts(day, ".card__headline")

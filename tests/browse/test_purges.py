"""A publication shows at once on its topics and its day, cached copies included; nothing else is purged.

The page cache is on; purges run when the change commits (``captureOnCommitCallbacks``), as they do
after an editor's request.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.test import TestCase, override_settings

from tests.browse.conftest import DAYS, build_browse_site, story
from tests.support.html import parse, texts

HOST = {"HTTP_HOST": "localhost"}
PAGE_CACHE_ON = {**settings.PAGE_CACHE, "ENABLED": True, "FRAGMENT_TIMEOUT": 600}


@override_settings(PAGE_CACHE=PAGE_CACHE_ON)
class PurgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_browse_site()

    def get(self, url):
        return self.client.get(url, **HOST)

    def warm(self, *urls):
        for url in urls:
            self.get(url)
            assert self.get(url)["X-Page-Cache"] == "hit", url

    def fresh(self, url):
        response = self.get(url)
        assert response.get("X-Page-Cache") != "hit", f"{url} still served from the cache"
        return response

    def test_a_new_story_appears_in_its_topic_day_month_year_and_their_neighbours(self):
        urls = ["/topics/harbor/", "/topics/harbor/?format=jsonld", "/feeds/topics/harbor/rss/", "/2025/12/03/",
                "/2025/12/09/", "/2025/12/", "/2025/", "/sitemap-topics.xml"]  # fmt: skip
        self.warm(*urls, "/topics/swim/", "/2026/01/02/")
        when = datetime.datetime(2025, 12, 5, 10, 0, tzinfo=DAYS["early"].tzinfo)
        with self.captureOnCommitCallbacks(execute=True):
            new = story(self.tree.sections[0], "Harbor crane arrives", when, tags=["harbor"])
        for url in urls:
            self.fresh(url)
        assert "Harbor crane arrives" in texts(parse(self.get("/topics/harbor/")), ".card__headline")
        assert self.get("/2025/12/05/").status_code == 200
        assert parse(self.get("/2025/12/03/")).cssselect('a[rel="next"]')[0].get("href") == "/2025/12/05/"
        assert parse(self.get("/2025/12/09/")).cssselect('a[rel="prev"]')[0].get("href") == "/2025/12/05/"
        # Unrelated: another topic, a day that is neither its day nor a neighbour.
        assert self.get("/topics/swim/")["X-Page-Cache"] == "hit"
        assert self.get("/2026/01/02/")["X-Page-Cache"] == "hit"

        self.warm("/topics/harbor/", "/2025/12/05/", "/2025/12/03/")
        with self.captureOnCommitCallbacks(execute=True):
            new.unpublish()
        assert "Harbor crane arrives" not in texts(parse(self.fresh("/topics/harbor/")), ".card__headline")
        assert self.fresh("/2025/12/05/").status_code == 404
        assert parse(self.fresh("/2025/12/03/")).cssselect('a[rel="next"]')[0].get("href") == "/2025/12/09/"

    def test_a_story_moved_to_another_day_and_topic_leaves_the_old_ones(self):
        article = self.tree.stories["new-year"]
        self.warm("/topics/swim/", "/2026/01/02/", "/2026/", "/topics/ferry/", "/2025/12/01/")
        article.tags.set(["ferry"])
        article.publication_date = DAYS["early"] + datetime.timedelta(hours=3)
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
        assert self.fresh("/topics/swim/").status_code == 404
        assert self.fresh("/2026/01/02/").status_code == 404
        assert self.fresh("/2026/").status_code == 404
        assert "New year swim" in texts(parse(self.fresh("/topics/ferry/")), ".card__headline")
        assert "New year swim" in texts(parse(self.fresh("/2025/12/01/")), ".card__headline")

    def test_editing_a_topic_or_renaming_its_tag_purges_its_pages(self):
        self.warm("/topics/harbor/", "/fr/topics/harbor/", "/topics/swim/")
        self.tree.topic.heading = "The working harbor"
        with self.captureOnCommitCallbacks(execute=True):
            self.tree.topic.save()
        assert texts(parse(self.fresh("/topics/harbor/")), "h1") == ["The working harbor"]
        assert self.get("/fr/topics/harbor/")["X-Page-Cache"] == "hit"  # the French words did not change
        tag = self.tree.topic.tag
        tag.slug = "port"
        with self.captureOnCommitCallbacks(execute=True):
            tag.save()
        assert self.fresh("/topics/harbor/").status_code == 404
        assert self.fresh("/fr/topics/harbor/").status_code == 404
        assert self.get("/topics/port/").status_code == 200
        assert self.get("/topics/swim/")["X-Page-Cache"] == "hit"  # no story of it carries the tag

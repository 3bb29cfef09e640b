"""The partner API's newsroom: two sections, free and paywalled stories, and what must never leave.

Built once per test class (``PartnerData.setUpTestData``); each test reads it through the API with
one of the keys made here (their raw values are kept only in the class, as a partner would).
"""

from __future__ import annotations

import datetime
import json

from django.test import Client, TestCase
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticlePage
from partners.models import PartnerKey
from structured_data.models import PublisherSettings
from tests.support.builders import build_site, make_article, make_author, paragraph, translate, translate_site

LIST = "/api/partners/v1/articles/"
HOST = "localhost"


def detail_url(page) -> str:
    return f"{LIST}{page.pk}/"


def make_key(name: str, **fields) -> tuple[PartnerKey, str]:
    """A key and its raw value (shown once on creation, as the admin does)."""
    sections = fields.pop("sections", ())
    key = PartnerKey(name=name, **fields)
    key.save()
    key.sections.set(sections)
    key.save()
    return key, key.raw_key


def at(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, tzinfo=datetime.UTC)


class PartnerData(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site(sections=("Local", "Business"))
        cls.tree = tree
        cls.local, cls.business = tree.sections
        PublisherSettings.objects.create(site=tree.site, name="The Test Ledger")
        ana = make_author("Ana Lima")
        cls.ferry = make_article(cls.local, "Ferry schedule changes", authors=[ana])
        cls.bank = make_article(cls.business, "Harbor bank opens", authors=[ana])
        cls.paywalled = make_article(
            cls.local, "Dredging begins", authors=[ana], access="subscribers", free_paragraphs=1,
            body=[paragraph("<p>Work started on Monday.</p>"), paragraph("<p>The subscriber-only detail.</p>"),
                  paragraph("<p>More behind the wall.</p>")],
        )  # fmt: skip
        cls.draft = make_article(cls.local, "Draft story", authors=[ana], publish=False)
        cls.restricted = make_article(cls.local, "Members story", authors=[ana])
        PageViewRestriction.objects.create(page=cls.restricted, restriction_type="password", password="x")
        cls.embargoed = make_article(cls.business, "Embargoed results", authors=[ana])
        cls.expired = make_article(cls.business, "Expired offer", authors=[ana])
        now = timezone.now()
        Page.objects.filter(pk=cls.embargoed.pk).update(go_live_at=now + datetime.timedelta(days=1))
        Page.objects.filter(pk=cls.expired.pk).update(expire_at=now - datetime.timedelta(hours=1))
        # Publication times far apart, so "newest first" and ?since= have something to tell apart.
        for page, moment in ((cls.ferry, at(1)), (cls.bank, at(2)), (cls.paywalled, at(3))):
            Page.objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
        french_site = translate_site(tree, "fr")
        cls.french = translate(cls.ferry, "fr", title="Les horaires du ferry changent")
        Page.objects.filter(pk=cls.french.pk).update(first_published_at=at(4), last_published_at=at(4))
        assert french_site.section.pk != cls.local.pk
        cls.all_key, cls.all_raw = make_key("Harbor Wire")
        cls.local_key, cls.local_raw = make_key("Local Daily", sections=[cls.local])
        cls.subscriber_key, cls.subscriber_raw = make_key("Sister title", subscriber_bodies=True)
        cls.revoked_key, cls.revoked_raw = make_key("Old partner", revoked=True)

    def setUp(self):
        self.client = Client(HTTP_HOST=HOST)

    def get(self, url, raw_key=None, **kwargs):
        raw_key = self.all_raw if raw_key is None else raw_key
        headers = {"authorization": f"Bearer {raw_key}", **kwargs.pop("headers", {})}
        return self.client.get(url, headers=headers, **kwargs)

    def items(self, response) -> list[dict]:
        assert response.status_code == 200, (response.status_code, response.content[:500])
        return json.loads(response.content)["items"]

    def headlines(self, response) -> list[str]:
        return [item["headlines"][0]["value"] for item in self.items(response)]

    @staticmethod
    def article(pk) -> ArticlePage:
        return ArticlePage.objects.get(pk=pk)

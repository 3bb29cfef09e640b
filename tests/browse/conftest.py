"""A newsroom to browse: stories on known days and tags, in two languages, with the cases that must
not show (a draft, a restricted story, an expired one) and a subscriber-only one that may.

Built once per test class (``setUpTestData``) through :func:`build_browse_site`.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from articles.models import Access
from structured_data.models import PublisherSettings
from tests.support.builders import build_site, make_article, make_author, make_image, paragraph, translate
from topics.models import Topic

ZONE = datetime.timezone(datetime.timedelta(hours=-5))  # New York in winter: the settings' TIME_ZONE

#: When each story was published, in the newsroom's time zone (EST in December 2025).
DAYS = {
    "early": datetime.datetime(2025, 12, 1, 9, 0, tzinfo=ZONE),
    # 23:30 in New York is already the 4th in UTC: it belongs to the 3rd.
    "late-evening": datetime.datetime(2025, 12, 3, 23, 30, tzinfo=ZONE),
    "morning": datetime.datetime(2025, 12, 3, 7, 15, tzinfo=ZONE),
    "sports": datetime.datetime(2025, 12, 3, 12, 0, tzinfo=ZONE),
    "later": datetime.datetime(2025, 12, 9, 8, 0, tzinfo=ZONE),
    "new-year": datetime.datetime(2026, 1, 2, 10, 0, tzinfo=ZONE),
}


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


def story(section, title, when, *, tags=(), authors=(), **fields):
    article = make_article(section, title, authors=authors, publication_date=when, publish=False, **fields)
    article.tags.add(*tags)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def build_browse_site() -> SimpleNamespace:
    tree = build_site(sections=("Local", "Sports"))
    PublisherSettings.objects.create(site=tree.site, name="The Test Ledger", logo=make_image("Ledger logo", 600, 300))
    rita = make_author("Rita Alvarez", job_title="Harbor Reporter")
    lead = make_image("Ferry", 2000, 1500, caption="The morning ferry.", credit="Sam Ortiz/Ledger")
    local, sports = tree.sections
    tree.stories = {
        "early": story(
            local, "Harbor dredging begins", DAYS["early"], tags=["harbor"], authors=[rita], lead_image=lead
        ),
        "morning": story(local, "Ferry timetable changes", DAYS["morning"], tags=["harbor", "ferry"], authors=[rita]),
        "late-evening": story(local, "Night ferry runs late", DAYS["late-evening"], tags=["ferry"], authors=[rita]),
        "sports": story(sports, "Harbor rowing club wins", DAYS["sports"], tags=["harbor"], authors=[rita]),
        "later": story(local, "Pier repairs finish", DAYS["later"], tags=["harbor"], authors=[rita]),
        "new-year": story(sports, "New year swim", DAYS["new-year"], tags=["swim"], authors=[rita]),
    }
    paywalled = story(
        local, "Harbor budget, line by line", DAYS["later"] + datetime.timedelta(hours=2), tags=["harbor"],
        authors=[rita], access=Access.SUBSCRIBERS, free_paragraphs=1,
        body=[paragraph("<p>The free opening paragraph.</p>"), paragraph("<p>The subscribers-only figures.</p>")],
    )  # fmt: skip
    tree.stories["paywalled"] = paywalled
    # What must never show: a draft, a story behind a password, an expired one.
    tree.draft = make_article(local, "Harbor draft", publish=False, publication_date=DAYS["later"])
    tree.draft.tags.add("harbor", "drafts-only")
    tree.draft.save_revision()
    tree.private = story(local, "Harbor private memo", DAYS["later"], tags=["harbor", "secret"])
    PageViewRestriction.objects.create(page=tree.private, restriction_type="password", password="x")
    tree.expired = story(local, "Harbor notice withdrawn", DAYS["later"], tags=["harbor"])
    type(tree.expired).objects.filter(pk=tree.expired.pk).update(expire_at=timezone.now() - datetime.timedelta(days=1))
    # French: the home page, the sections and one story, with the topic's French words.
    tree.fr = SimpleNamespace(home=translate(tree.home, "fr", title="Le Registre"))
    tree.fr.section = translate(local, "fr", title="Local")
    tree.french = translate(tree.stories["morning"], "fr", title="Les horaires du ferry changent")
    tree.topic = Topic.objects.create(
        tag=tree.stories["early"].tags.get(name="harbor"), heading="The harbor",
        introduction="<p>Everything about the working harbor.</p>", image=lead,
    )  # fmt: skip
    Topic.objects.create(
        tag=tree.topic.tag, locale=tree.french.locale, heading="Le port", introduction="<p>Tout sur le port.</p>"
    )
    tree.author = rita
    return tree

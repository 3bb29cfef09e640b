"""The digest builder: which stories (the one visibility rule, the 24-hour window), curation, rendering."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from articles.models import ArticlePage
from newsletter.digest import UNSUBSCRIBE_PLACEHOLDER, build_digest, personalise, render_digest, story_window
from newsletter.models import Edition, EditionItem
from newsletter.sending import get_or_create_edition
from tests.support.builders import make_article, make_image
from tests.support.html import parse

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
DAY = datetime.date(2026, 3, 10)  # the edition goes out at 07:00 New York time that day


def at(hour, day=DAY, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=NY)


@pytest.fixture
def stories(tree):
    photo = make_image("Tide gauge", caption="A tide gauge at the pier.", credit="Ana Ruiz/Ledger")
    yesterday = DAY - datetime.timedelta(days=1)
    made = {
        "lead": make_article(
            tree.section,
            "Council approves harbor plan",
            publication_date=at(18, yesterday),
            lead_image=photo,
            standfirst="A vote of 7 to 2 after a long night.",
        ),
        "early": make_article(tree.section, "Ferry delayed by fog", publication_date=at(8, yesterday)),
        "morning": make_article(tree.section, "School buses return", publication_date=at(6, DAY, 30)),
        "too_old": make_article(tree.section, "Last week's storm", publication_date=at(6, yesterday, 59)),
        "after_send": make_article(tree.section, "Lunch-time story", publication_date=at(7, DAY, 1)),
        "draft": make_article(tree.section, "Draft story", publish=False, publication_date=at(9, yesterday)),
        "restricted": make_article(tree.section, "Members only", publication_date=at(10, yesterday)),
        "expired": make_article(
            tree.section,
            "Embargo lifted and expired",
            publication_date=at(11, yesterday),
            expire_at=timezone.now() - datetime.timedelta(minutes=1),
        ),
    }
    PageViewRestriction.objects.create(page=made["restricted"], restriction_type="groups").groups.add(
        Group.objects.create(name="Members")
    )
    ArticlePage.objects.filter(pk=made["expired"].pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    live = made["lead"]
    live.title = "DRAFT-SECRET headline"
    live.save_revision()  # unpublished changes never reach the email
    return made


def test_window_is_the_24_hours_before_send_time_in_the_newsletters_zone(newsletter):
    start, end = story_window(newsletter, DAY)
    assert end == at(7) and end - start == datetime.timedelta(hours=24)
    assert end.utcoffset() == datetime.timedelta(hours=-4)  # DST began on March 8, 2026


def test_builder_picks_the_days_visible_stories_newest_first(newsletter, stories):
    digest = build_digest(newsletter, DAY)
    titles = [digest.top_story.title] + [story.title for story in digest.stories]
    assert titles == ["School buses return", "Council approves harbor plan", "Ferry delayed by fog"]
    assert "DRAFT-SECRET" not in repr(digest)
    assert not Edition.objects.exists()  # building writes nothing


def test_builder_follows_curation(newsletter, stories):
    edition = Edition.objects.create(newsletter=newsletter, date=DAY)
    EditionItem.objects.bulk_create(
        [
            EditionItem(edition=edition, page=stories["early"], sort_order=0),
            EditionItem(
                edition=edition, page=stories["lead"], is_top_story=True, sort_order=1, summary="Our editor's summary."
            ),
            EditionItem(edition=edition, page=stories["morning"], excluded=True, sort_order=2),
            EditionItem(
                edition=edition,
                external_url="https://other.example/news/bridge",
                outlet_name="Other Gazette",
                external_title="Bridge inspection finds cracks",
                sort_order=3,
            ),
            EditionItem(edition=edition, page=stories["restricted"], sort_order=4),  # curated, but not public
        ]
    )
    digest = build_digest(newsletter, DAY, items=edition.items.all())
    assert digest.top_story.title == "Council approves harbor plan"
    assert digest.top_story.summary == "Our editor's summary."
    assert [story.title for story in digest.stories] == ["Ferry delayed by fog"]
    assert [(story.title, story.outlet) for story in digest.elsewhere] == [
        ("Bridge inspection finds cracks", "Other Gazette")
    ]
    assert digest.subject == "Morning Ledger: Council approves harbor plan"


def test_new_edition_starts_with_the_days_stories_top_story_first(newsletter, stories):
    edition = get_or_create_edition(newsletter, DAY)
    assert list(edition.items.values_list("page__title", "is_top_story")) == [
        ("School buses return", True),
        ("Council approves harbor plan", False),
        ("Ferry delayed by fog", False),
    ]
    assert get_or_create_edition(newsletter, DAY) == edition and Edition.objects.count() == 1


def test_rendered_once_with_absolute_links_image_and_credit(newsletter, stories):
    edition = Edition.objects.create(newsletter=newsletter, date=DAY)
    EditionItem.objects.create(edition=edition, page=stories["lead"], is_top_story=True, sort_order=0)
    rendered = render_digest(build_digest(newsletter, DAY, items=edition.items.all()))
    assert UNSUBSCRIBE_PLACEHOLDER in rendered.text and UNSUBSCRIBE_PLACEHOLDER in rendered.html

    copy = personalise(
        rendered,
        unsubscribe_url="https://ledger.example/newsletter/unsubscribe/1:abc/",
        preferences_url="https://ledger.example/newsletter/preferences/1:abc/",
    )
    html = parse(copy.html)
    hrefs = [link.get("href") for link in html.cssselect("a")]
    assert hrefs and all(href.startswith("http://localhost/") or href.startswith("https://") for href in hrefs)
    assert "http://localhost/local/council-approves-harbor-plan/" in hrefs
    assert "https://ledger.example/newsletter/unsubscribe/1:abc/" in hrefs
    image = html.cssselect(".top-story img")[0]
    assert image.get("src").startswith("http://localhost/") and image.get("alt") == "A tide gauge at the pier."
    assert (image.get("width"), image.get("height")) == ("552", "310")  # Outlook sizes by the attributes
    assert not html.cssselect("figure, figcaption")  # dropped by Outlook for Windows and Yahoo: credit as text
    assert "Photo: Ana Ruiz/Ledger" in html.cssselect(".top-story .credit")[0].text_content()
    assert "Photo: Ana Ruiz/Ledger" in copy.text
    assert "http://localhost/local/council-approves-harbor-plan/" in copy.text
    assert "1 Harbor Street" in copy.text and UNSUBSCRIBE_PLACEHOLDER not in copy.html + copy.text
    assert "DRAFT-SECRET" not in copy.html + copy.text


def test_second_site_stories_stay_out(newsletter, tree, stories):
    other_home = tree.root.add_child(instance=type(tree.home)(title="Other", slug="other"))
    Site.objects.create(hostname="other.example", root_page=other_home)
    digest = build_digest(newsletter, DAY)
    assert {story.page_id for story in [digest.top_story, *digest.stories]} <= {
        stories["lead"].pk,
        stories["early"].pk,
        stories["morning"].pk,
    }


def test_dry_run_prints_and_writes_nothing(newsletter, stories):
    out = StringIO()
    call_command("send_daily_headlines", "--date", DAY.isoformat(), "--dry-run", stdout=out)
    assert "School buses return" in out.getvalue() and "0 subscribers" in out.getvalue()
    assert not Edition.objects.exists()


def test_bad_date_is_a_clear_error(newsletter):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_daily_headlines", "--date", "yesterday")
    with pytest.raises(CommandError, match="No active newsletter"):
        call_command("send_daily_headlines", "--newsletter", "nope")

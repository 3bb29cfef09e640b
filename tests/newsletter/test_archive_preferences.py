"""What readers reach from an email: the edition's public archive page ("View in browser", cacheable,
its own JSON-LD) and their preferences page (signed link, no login: switch newsletters, pause)."""

import datetime
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.test import Client, override_settings

from newsletter.models import ConsentEvent, Delivery, Edition, Subscriber
from newsletter.sending import get_or_create_edition, send_edition
from tests.support.builders import make_article
from tests.support.jsonld import JsonLdGraph
from tests.support.newsletter import make_newsletter, make_subscribers
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db

BASE = "http://localhost"


def links(message) -> dict[str, str]:
    """The email's links by their text, as a reader sees them."""
    html = lxml.html.fromstring(message.get_body(("html",)).get_content())
    return {" ".join(a.text_content().split()): a.get("href") for a in html.cssselect("a")}


@pytest.fixture
def emailed(tree, newsletter):
    """Today's edition with one public story and one draft, sent to two readers."""
    day = newsletter.local_today()
    at = newsletter.send_datetime(day) - datetime.timedelta(hours=2)
    make_article(tree.section, "Harbor ferry back on schedule", publication_date=at)
    make_article(tree.section, "Unfinished draft about the budget", publication_date=at, publish=False)
    make_subscribers(newsletter, 2)
    with (
        smtp_server() as sink,
        override_settings(**email_settings_for(sink), NEWSLETTER={"BASE_URL": BASE}),
    ):
        assert send_edition(get_or_create_edition(newsletter, day)).sent == 2
        return sink.parsed()


@override_settings(NEWSLETTER={"BASE_URL": BASE})
def test_view_in_browser_opens_the_public_archive_with_its_collection_page_graph(emailed, newsletter):
    message = emailed[0]
    url = links(message)["View in browser"]
    assert url == f"{BASE}/newsletters/morning-ledger/{newsletter.local_today():%Y-%m-%d}/"
    assert url in message.get_body(("plain",)).get_content()
    assert links(emailed[1])["View in browser"] == url  # the same page for everyone

    response = Client().get(urlsplit(url).path)
    assert response.status_code == 200
    # Shared caches keep it like any page (s-maxage), purged when a story it lists changes (tests/pagecache).
    assert "public" in response["Cache-Control"] and "s-maxage=" in response["Cache-Control"]
    page = lxml.html.fromstring(response.content)
    assert [a.text_content() for a in page.cssselect(".top-story h2 a")] == ["Harbor ferry back on schedule"]
    text = page.text_content()
    assert "reader0@mail.example" not in text and "Unfinished draft" not in text
    assert not page.cssselect('a[href*="/unsubscribe/"], a[href*="/preferences/"]')  # nothing personal

    graph = JsonLdGraph.from_response(response)
    collection = graph.one("CollectionPage")
    assert collection["@id"] == f"{url}#webpage" and collection["url"] == url
    item_list = graph.resolve(collection["mainEntity"])
    assert item_list["@type"] == "ItemList" and item_list["numberOfItems"] == 1
    [item] = item_list["itemListElement"]
    article = graph.resolve(item["item"])
    assert (
        article["@type"] in ("NewsArticle", ["NewsArticle"]) and article["headline"] == "Harbor ferry back on schedule"
    )
    assert "Unfinished draft" not in response.content.decode()


def test_only_sent_editions_are_archived(tree, newsletter):
    draft = get_or_create_edition(newsletter, newsletter.local_today())
    client = Client()
    assert client.get(f"/newsletters/morning-ledger/{draft.date:%Y-%m-%d}/").status_code == 404
    assert client.get("/newsletters/morning-ledger/not-a-date/").status_code == 404
    assert client.get("/newsletters/no-such-list/2026-12-04/").status_code == 404


@override_settings(NEWSLETTER={"BASE_URL": BASE})
def test_preferences_from_the_email_switch_newsletters_and_pause(emailed, tree, newsletter):
    evening = make_newsletter(tree.site, name="Evening Ledger", slug="evening-ledger")
    message = emailed[0]
    address = message["To"].addresses[0].addr_spec
    url = links(message)["Preferences"]
    assert url.startswith(f"{BASE}/newsletter/preferences/")
    path = urlsplit(url).path

    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    form = lxml.html.fromstring(page.content).cssselect(".newsletter-page form")[0]  # not the header's search box
    checked = {box.get("value") for box in form.cssselect('input[name="newsletters"][checked]')}
    assert checked == {str(newsletter.pk)}
    token = form.cssselect('input[name="csrfmiddlewaretoken"]')[0].get("value")

    # Switch: the evening edition instead of the morning one.
    saved = client.post(path, {"csrfmiddlewaretoken": token, "newsletters": [evening.pk], "pause": ""})
    assert saved.status_code == 200
    assert Subscriber.objects.get(newsletter=newsletter, email=address).status == "unsubscribed"
    evening_row = Subscriber.objects.get(newsletter=evening, email=address)
    assert evening_row.status == "confirmed"
    assert list(evening_row.consent_events.values_list("action", "method")) == [
        ("subscribe", "preferences page"),
        ("confirm", "preferences page"),
    ]

    # Pause for a week: the next edition skips this reader, the one after does not.
    client.post(path, {"csrfmiddlewaretoken": token, "newsletters": [evening.pk], "pause": "7"})
    evening_row.refresh_from_db()
    assert evening_row.paused_until == newsletter.local_today() + datetime.timedelta(days=7)
    assert ConsentEvent.objects.filter(subscriber=evening_row, action="pause").exists()
    make_subscribers(evening, 1, prefix="other")
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        send_edition(get_or_create_edition(evening, evening_row.paused_until))
        send_edition(get_or_create_edition(evening, evening_row.paused_until + datetime.timedelta(days=1)))
    assert sorted(sink.recipients()) == ["other0@mail.example", "other0@mail.example", address]
    assert not Delivery.objects.filter(edition__date=evening_row.paused_until, subscriber=evening_row).exists()
    assert Edition.objects.filter(newsletter=evening).count() == 2

    # A forged token changes nothing and says so.
    assert client.get("/newsletter/preferences/42:forged/").status_code == 400

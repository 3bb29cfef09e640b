"""Issue 23, item 4: a reader's unsubscribe and preferences links are capabilities. A preview never
hands one out, a link of an address that never confirmed manages nothing (no way around double
opt-in), and links are revocable: a new signup after an unsubscribe, or an editor's "Revoke links",
stops every earlier one, while the link of the current state (as in emails already sent) works."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from newsletter.models import ConsentEvent, Subscriber
from newsletter.sending import get_or_create_edition, send_edition
from newsletter.tokens import make_unsubscribe_token
from tests.support.builders import make_article
from tests.support.html import parse
from tests.support.newsletter import make_newsletter
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json", "HTTP_ORIGIN": "http://testserver"}
READER_VIEWS = {"newsletter:unsubscribe", "newsletter:preferences"}


def staff(django_user_model, name: str, *codenames: str) -> Client:
    user = django_user_model.objects.create_user(name, f"{name}@newsroom.example", "correct horse")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="newsletter", codename__in=codenames),
    )
    client = Client()
    client.force_login(user)
    return client


def reader_view(url: str) -> str | None:
    """The reader view (unsubscribe, preferences) a URL opens, or None."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name if match.view_name in READER_VIEWS else None


@pytest.fixture
def edition(tree, newsletter):
    day = newsletter.local_today()
    make_article(tree.section, "Breakwater repairs begin", publication_date=newsletter.send_datetime(day))
    return get_or_create_edition(newsletter, day)


def test_a_preview_as_a_subscriber_carries_no_working_link(django_user_model, edition, newsletter):
    pending = Subscriber.objects.create(newsletter=newsletter, email="pending@mail.example")
    confirmed = Subscriber.objects.create(
        newsletter=newsletter, email="reader@mail.example", status="confirmed", confirmed_at=timezone.now()
    )
    # May work on editions and see subscribers; may not change them.
    viewer = staff(django_user_model, "viewer", "change_edition", "view_subscriber")
    for subscriber in (pending, confirmed):
        response = viewer.get(reverse("newsletter_edition_preview", args=[edition.pk]), {"email": subscriber.email})
        assert response.status_code == 200
        page = parse(response)
        html = lxml.html.fromstring(page.cssselect("iframe.newsletter-preview__html")[0].get("srcdoc"))
        hrefs = [a.get("href") for a in html.cssselect("a[href]")]
        text = page.cssselect("pre.newsletter-preview__text")[0].text_content()
        urls = hrefs + re.findall(r"https?://\S+", text)
        assert urls and not [url for url in urls if reader_view(url)]
        assert "#preview-unsubscribe-link" in hrefs and "#preview-preferences-link" in hrefs
    # What the old preview handed out (the reader's own token) would not work on a pending address.
    token = make_unsubscribe_token(pending.pk)
    assert Client().get(f"/newsletter/preferences/{token}/").status_code == 403


def test_the_preferences_page_never_confirms_an_address_that_never_confirmed(tree, newsletter):
    evening = make_newsletter(tree.site, name="Evening Ledger", slug="evening-ledger")
    pending = Subscriber.objects.create(newsletter=newsletter, email="victim@mail.example")
    path = f"/newsletter/preferences/{make_unsubscribe_token(pending.pk)}/"
    client = Client()
    page = client.get(path)
    assert page.status_code == 403
    assert not parse(page).cssselect("form input[name=newsletters]")
    with override_settings(NEWSLETTER={"BASE_URL": "http://localhost"}):
        answer = client.post(path, {"newsletters": [newsletter.pk, evening.pk]})
    assert answer.status_code == 403
    assert list(Subscriber.objects.values_list("newsletter__slug", "status")) == [("morning-ledger", "pending")]
    assert not ConsentEvent.objects.filter(method="preferences page").exists()
    assert mail.outbox == []


def test_unsubscribe_and_a_new_signup_revoke_the_earlier_links(newsletter):
    reader = Subscriber.objects.create(
        newsletter=newsletter, email="reader@mail.example", status="confirmed", confirmed_at=timezone.now()
    )
    old = make_unsubscribe_token(reader.pk)  # as every email sent so far carries it
    assert Client().get(f"/newsletter/preferences/{old}/").status_code == 200
    assert Client().post(f"/newsletter/unsubscribe/{old}/").status_code == 200
    assert Client().get(f"/newsletter/unsubscribe/{old}/").status_code == 200  # "you are unsubscribed"

    with override_settings(NEWSLETTER={"CONFIRMATION_INTERVAL": 0}):
        signup = Client().post("/newsletter/subscribe/", {"email": reader.email, "newsletter": newsletter.slug}, **JSON)
    assert signup.status_code == 200
    reader.refresh_from_db()
    assert reader.status == "pending" and reader.token_generation == 1
    assert Client().get(f"/newsletter/preferences/{old}/").status_code == 400
    assert Client().post(f"/newsletter/preferences/{old}/", {"newsletters": [newsletter.pk]}).status_code == 400
    assert Client().post(f"/newsletter/unsubscribe/{old}/").status_code == 400
    reader.refresh_from_db()
    assert reader.status == "pending"
    # The new subscription's own link, once confirmed, works.
    Subscriber.objects.filter(pk=reader.pk).update(status="confirmed", confirmed_at=timezone.now())
    new = make_unsubscribe_token(reader.pk, 1)
    assert Client().get(f"/newsletter/preferences/{new}/").status_code == 200


def test_an_editor_revokes_a_readers_links_and_their_next_email_has_working_ones(
    django_user_model, edition, newsletter
):
    reader = Subscriber.objects.create(
        newsletter=newsletter, email="reader@mail.example", status="confirmed", confirmed_at=timezone.now()
    )
    old = make_unsubscribe_token(reader.pk)
    revoke = reverse("newsletter_revoke_links", args=[reader.pk])
    viewer = staff(django_user_model, "viewer", "view_subscriber")
    assert viewer.post(revoke).status_code in (302, 403)  # Wagtail answers a refusal with a redirect
    assert Client().get(f"/newsletter/preferences/{old}/").status_code == 200

    desk = staff(django_user_model, "desk", "view_subscriber", "change_subscriber")
    listing = parse(desk.get(reverse(Subscriber.snippet_viewset.get_url_name("list"))))
    assert revoke in {link.get("href") for link in listing.cssselect("a")}
    assert desk.get(revoke).status_code == 200
    assert desk.post(revoke).status_code == 302
    assert Client().get(f"/newsletter/preferences/{old}/").status_code == 400
    assert Client().post(f"/newsletter/unsubscribe/{old}/").status_code == 400
    reader.refresh_from_db()
    assert reader.status == "confirmed"

    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        send_edition(edition)
        [message] = sink.parsed()
    html = lxml.html.fromstring(message.get_body(("html",)).get_content())
    links = {reader_view(a.get("href")): urlsplit(a.get("href")).path for a in html.cssselect("a[href]")}
    assert Client().get(links["newsletter:preferences"]).status_code == 200
    assert old not in links["newsletter:preferences"]
    unsubscribe = next(part.strip(" <>") for part in message["List-Unsubscribe"].split(","))
    assert Client().post(urlsplit(unsubscribe).path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    reader.refresh_from_db()
    assert reader.status == "unsubscribed"


def test_a_confirmed_reader_still_adds_a_newsletter_from_the_preferences_page(tree, newsletter):
    evening = make_newsletter(tree.site, name="Evening Ledger", slug="evening-ledger")
    reader = Subscriber.objects.create(
        newsletter=newsletter,
        email="reader@mail.example",
        status="confirmed",
        confirmed_at=timezone.now() - datetime.timedelta(days=3),
    )
    path = f"/newsletter/preferences/{make_unsubscribe_token(reader.pk)}/"
    assert Client().post(path, {"newsletters": [newsletter.pk, evening.pk]}).status_code == 200
    assert Subscriber.objects.get(newsletter=evening).status == "confirmed"

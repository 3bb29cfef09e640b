"""Editors' tools for an edition: a preview (HTML and text, as a chosen subscriber gets it), "send a
test" to their own address (rate-limited), per-edition figures, and the complaint-rate warning; each
refused to users without newsletter permissions."""

import datetime

import lxml.html
import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from newsletter.models import Delivery, Edition, Subscriber
from newsletter.sending import get_or_create_edition, send_edition
from tests.support.builders import make_article
from tests.support.newsletter import make_subscribers
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(tree, newsletter):
    day = newsletter.local_today()
    at = newsletter.send_datetime(day) - datetime.timedelta(hours=1)
    make_article(tree.section, "Breakwater repairs begin", publication_date=at)
    make_subscribers(newsletter, 3)
    return get_or_create_edition(newsletter, day)


@pytest.fixture
def editor(django_user_model):
    """An admin user with no newsletter permission at all."""
    user = django_user_model.objects.create_user("editor", "editor@ledger.example", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    return client


def test_preview_shows_html_and_text_as_a_chosen_subscriber_gets_them(admin_client, edition):
    reader = Subscriber.objects.get(email="reader1@mail.example")
    response = admin_client.get(f"/admin/newsletter/editions/{edition.pk}/preview/", {"email": reader.email})
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    html = lxml.html.fromstring(page.cssselect("iframe.newsletter-preview__html")[0].get("srcdoc"))
    text = page.cssselect("pre.newsletter-preview__text")[0].text_content()
    assert [a.text_content() for a in html.cssselect(".top-story a") if a.text_content()] == [
        "Breakwater repairs begin"
    ]
    # The reader's own links are a capability: a preview shows inert ones (tests/security/test_subscriber_links.py).
    hrefs = [a.get("href") for a in html.cssselect("a")]
    assert "#preview-unsubscribe-link" in hrefs and "#preview-preferences-link" in hrefs
    assert not [href for href in hrefs if "/unsubscribe/" in href or "/preferences/" in href]
    assert "Breakwater repairs begin" in text and "#preview-unsubscribe-link" in text
    assert not Edition.objects.get(pk=edition.pk).is_frozen  # previewing sends and freezes nothing


@override_settings(NEWSLETTER={"TEST_SENDS_PER_HOUR": 2, "TEST_RECIPIENTS": ["admin@example.com"]})
def test_send_a_test_goes_to_the_editors_own_address_only_and_is_rate_limited(admin_client, admin_user, edition):
    cache.clear()
    url = f"/admin/newsletter/editions/{edition.pk}/send-test/"
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        assert admin_client.get(url).status_code == 200
        for _ in range(3):
            assert admin_client.post(url, {"to": "someone-else@mail.example"}).status_code == 302
        messages = sink.parsed()
    assert len(messages) == 2  # the third within the hour was refused
    assert {message["To"].addresses[0].addr_spec for message in messages} == {admin_user.email}
    assert messages[0]["Subject"].startswith("[Test] Morning Ledger")
    assert not Delivery.objects.exists()  # a test is not a delivery


def test_editor_tools_are_refused_without_newsletter_permissions(editor, edition):
    anonymous = Client()
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        for path in (
            f"/admin/newsletter/editions/{edition.pk}/preview/",
            f"/admin/newsletter/editions/{edition.pk}/send-test/",
        ):
            for client in (editor, anonymous):
                assert client.get(path).status_code in (302, 403)
                assert client.post(path).status_code in (302, 403)
        assert sink.count == 0


def test_edition_figures_and_the_complaint_warning(admin_client, edition):
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        send_edition(edition)
    bounced, complained, _fine = Delivery.objects.order_by("pk")
    Delivery.objects.filter(pk=bounced.pk).update(bounce="hard", bounced_at=timezone.now())
    Delivery.objects.filter(pk=complained.pk).update(complained_at=timezone.now())
    Subscriber.objects.filter(pk=complained.subscriber_id).update(
        status="unsubscribed", unsubscribed_at=complained.sent_at + datetime.timedelta(hours=1)
    )
    page = lxml.html.fromstring(admin_client.get("/admin/snippets/newsletter/edition/").content)
    [table] = page.cssselect("table.listing")
    headers = [" ".join(th.text_content().split()) for th in table.cssselect("thead th")]
    cells = [" ".join(td.text_content().split()) for td in table.cssselect("tbody tr")[0].cssselect("td")]
    figures = dict(zip(headers, cells, strict=True))
    assert (figures["Sent"], figures["Bounced"], figures["Complained"], figures["Unsubscribed"]) == ("3", "1", "1", "1")

    dashboard = lxml.html.fromstring(admin_client.get("/admin/").content)
    [warning] = dashboard.cssselect(".newsletter-complaints")
    assert "33.33%" in warning.text_content()
    Delivery.objects.update(complained_at=None)
    assert not lxml.html.fromstring(admin_client.get("/admin/").content).cssselect(".newsletter-complaints")


@override_settings(NEWSLETTER={"TEST_RECIPIENTS": ["admin@example.com"]})
def test_preview_and_test_send_per_language(admin_client, edition):
    url = f"/admin/newsletter/editions/{edition.pk}/preview/"
    page = lxml.html.fromstring(admin_client.get(url, {"language": "fr"}).content)
    html = lxml.html.fromstring(page.cssselect("iframe.newsletter-preview__html")[0].get("srcdoc"))
    assert html.get("lang") == "fr" and "Se désabonner" in html.text_content()
    assert [a.text_content() for a in html.xpath('//*[@lang="en"]//h1/a')] == ["Breakwater repairs begin"]
    reader = Subscriber.objects.get(email="reader1@mail.example")
    Subscriber.objects.filter(pk=reader.pk).update(language="es")
    page = lxml.html.fromstring(admin_client.get(url, {"email": reader.email}).content)
    html = lxml.html.fromstring(page.cssselect("iframe.newsletter-preview__html")[0].get("srcdoc"))
    assert html.get("lang") == "es"
    assert Edition.objects.count() == 1  # previewing another language creates nothing

    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        response = admin_client.post(f"/admin/newsletter/editions/{edition.pk}/send-test/", {"language": "es"})
        assert response.status_code == 302
        [message] = sink.parsed()
    assert message["Subject"].startswith("[Test] ")
    assert lxml.html.fromstring(message.get_body(("html",)).get_content()).get("lang") == "es"

"""Provider events through django-anymail's webhooks, posted in each provider's own payload shape:
bounces suppress, complaints unsubscribe, each fact counts once, bad auth and unknown messages change
nothing. And the provider's id for each message is recorded when it is sent."""

import datetime
import logging

import pytest
from django.core import mail
from django.test import Client, override_settings

from newsletter.models import ConsentEvent, Delivery, Edition, ProviderEvent, Subscriber
from newsletter.sending import get_or_create_edition, send_edition
from newsroom.settings.email import email_settings
from tests.support import provider_events as provider
from tests.support.builders import make_article
from tests.support.newsletter import make_subscribers
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def send_day(tree, newsletter, date):
    make_article(
        tree.section,
        f"Tide tables for {date:%B %d}",
        publication_date=newsletter.send_datetime(date) - datetime.timedelta(hours=1),
    )
    with smtp_server(queue_ids=True) as sink, override_settings(**email_settings_for(sink)):
        result = send_edition(get_or_create_edition(newsletter, date))
    assert result.finished
    return Edition.objects.get(newsletter=newsletter, date=date)


@pytest.fixture
def readers(tree, newsletter):
    return make_subscribers(newsletter, 4)


@pytest.fixture
def sent(tree, newsletter, readers):
    """Today's edition sent over SMTP to four readers; the server named each message (queue id)."""
    edition = send_day(tree, newsletter, newsletter.local_today())
    return {d.subscriber.email: d for d in Delivery.objects.filter(edition=edition).select_related("subscriber")}


def status(address):
    return Subscriber.objects.get(email=address).status


def consent(address, action):
    return list(ConsentEvent.objects.filter(subscriber__email=address, action=action))


def test_smtp_sending_records_the_providers_id_for_each_message(tree, newsletter, readers):
    make_article(tree.section, "Pier repairs", publication_date=newsletter.send_datetime(newsletter.local_today()))
    with smtp_server(queue_ids=True) as sink, override_settings(**email_settings_for(sink)):
        send_edition(get_or_create_edition(newsletter, newsletter.local_today()))
    by_address = dict(Delivery.objects.values_list("subscriber__email", "provider_message_id"))
    assert by_address == {
        message.rcpt_tos[0]: issued for message, issued in zip(sink.messages, sink.issued, strict=True)
    }
    assert len(set(by_address.values())) == 4


def test_ses_through_sns_hard_bounce_suppresses_once_soft_bounce_does_not(client, sent):
    hard, soft = sent["reader0@mail.example"], sent["reader1@mail.example"]
    request = provider.ses("Bounce", hard, sns_id="b7c9b3f4-6b41-5e60-a4f0-8cf3a1f0a001")
    assert provider.post(client, request).status_code == 200
    assert status(hard.subscriber.email) == "suppressed"
    [event] = consent(hard.subscriber.email, "suppress")
    assert event.method == "Amazon SES webhook" and "550 5.1.1" in event.detail
    hard.refresh_from_db()
    assert hard.bounce == "hard" and hard.bounced_at is not None

    # SNS retries a notification with the same MessageId: nothing happens twice.
    assert provider.post(client, request).status_code == 200
    assert len(consent(hard.subscriber.email, "suppress")) == 1
    assert ProviderEvent.objects.filter(provider="Amazon SES").count() == 1

    assert provider.post(client, provider.ses("Bounce", soft, bounce_type="Transient")).status_code == 200
    soft.refresh_from_db()
    assert soft.bounce == "soft" and status(soft.subscriber.email) == "confirmed"

    # A delivery notification changes nothing.
    assert provider.post(client, provider.ses("Delivery", sent["reader2@mail.example"])).status_code == 200
    assert status("reader2@mail.example") == "confirmed"


def test_ses_complaint_unsubscribes_with_a_complaint_consent_event(client, sent):
    delivery = sent["reader3@mail.example"]
    assert provider.post(client, provider.ses("Complaint", delivery)).status_code == 200
    assert status(delivery.subscriber.email) == "unsubscribed"
    [event] = consent(delivery.subscriber.email, "complaint")
    assert event.method == "Amazon SES webhook"
    # The same complaint through a second notification (another SNS id): counted once.
    assert provider.post(client, provider.ses("Complaint", delivery)).status_code == 200
    assert len(consent(delivery.subscriber.email, "complaint")) == 1


def test_failed_basic_auth_is_refused_and_changes_nothing(client, sent):
    delivery = sent["reader0@mail.example"]
    request = provider.ses("Bounce", delivery)
    assert provider.post(client, request, auth="").status_code == 401  # SNS then retries with credentials
    wrong = provider.post(client, request, auth=provider.basic_auth("anymail-user:guessed"))
    assert wrong.status_code == 400
    refused = provider.post(client, provider.postmark("HardBounce", delivery), auth=provider.basic_auth("x:y"))
    assert refused.status_code == 400
    assert status(delivery.subscriber.email) == "confirmed"
    assert not ProviderEvent.objects.exists() and not Delivery.objects.exclude(bounce="").exists()


def test_mailgun_signed_events_and_a_forged_signature(client, sent):
    bounced, complained = sent["reader0@mail.example"], sent["reader1@mail.example"]
    forged = provider.mailgun("failed", bounced, key="not-the-signing-key")
    assert provider.post(client, forged).status_code == 400
    assert status(bounced.subscriber.email) == "confirmed"

    # A temporary failure while Mailgun still retries is not a bounce.
    assert provider.post(client, provider.mailgun("failed", bounced, severity="temporary")).status_code == 200
    assert status(bounced.subscriber.email) == "confirmed" and Delivery.objects.get(pk=bounced.pk).bounce == ""

    request = provider.mailgun("failed", bounced)
    for _ in range(2):
        assert provider.post(client, request).status_code == 200
    assert status(bounced.subscriber.email) == "suppressed"
    assert len(consent(bounced.subscriber.email, "suppress")) == 1

    assert provider.post(client, provider.mailgun("complained", complained)).status_code == 200
    assert status(complained.subscriber.email) == "unsubscribed"
    assert len(consent(complained.subscriber.email, "complaint")) == 1


@override_settings(NEWSLETTER={"SOFT_BOUNCE_LIMIT": 3, "SOFT_BOUNCE_DAYS": 30})
def test_postmark_soft_bounces_suppress_after_three_within_the_window_in_any_order(client, tree, newsletter, readers):
    today = newsletter.local_today()
    editions = [send_day(tree, newsletter, today - datetime.timedelta(days=days)) for days in (2, 1, 0)]
    reader = readers[0]
    deliveries = [Delivery.objects.select_related("subscriber").get(edition=e, subscriber=reader) for e in editions]
    # Out of order: the newest edition's bounce first; and one of them delivered twice.
    for delivery in (deliveries[2], deliveries[0]):
        assert provider.post(client, provider.postmark("SoftBounce", delivery)).status_code == 200
    assert provider.post(client, provider.postmark("SoftBounce", deliveries[0])).status_code == 200  # another ID
    assert status(reader.email) == "confirmed"
    assert provider.post(client, provider.postmark("SoftBounce", deliveries[1])).status_code == 200
    assert status(reader.email) == "suppressed"
    [event] = consent(reader.email, "suppress")
    assert event.method == "Postmark webhook" and event.detail.startswith("3 soft bounces in 30 days")

    # A hard bounce after the soft ones upgrades the delivery, but the address is suppressed once.
    assert provider.post(client, provider.postmark("HardBounce", deliveries[1])).status_code == 200
    assert Delivery.objects.get(pk=deliveries[1].pk).bounce == "hard"
    assert len(consent(reader.email, "suppress")) == 1

    # Spam complaint from another reader, and a delivery event (no ID) posted twice.
    other = Delivery.objects.select_related("subscriber").get(edition=editions[2], subscriber=readers[1])
    assert provider.post(client, provider.postmark("SpamComplaint", other, event_id=77)).status_code == 200
    assert status(other.subscriber.email) == "unsubscribed" and len(consent(other.subscriber.email, "complaint")) == 1
    delivered = provider.postmark("Delivery", other)
    assert provider.post(client, delivered).status_code == 200


def test_sendgrid_batch_replayed_changes_nothing_twice(client, sent):
    bounced, complained, blocked = (sent[f"reader{index}@mail.example"] for index in range(3))
    batch = provider.sendgrid(
        [
            provider.sendgrid_event("delivered", sent["reader3@mail.example"]),
            provider.sendgrid_event("bounce", bounced),
            provider.sendgrid_event("spamreport", complained),
            provider.sendgrid_event("bounce", blocked, bounce_type="blocked"),
        ]
    )
    for _ in range(3):
        assert provider.post(client, batch).status_code == 200
    assert [status(f"reader{index}@mail.example") for index in range(4)] == [
        "suppressed",
        "unsubscribed",
        "confirmed",
        "confirmed",
    ]
    assert ProviderEvent.objects.count() == 3
    assert ConsentEvent.objects.filter(action__in=["suppress", "complaint"]).count() == 2
    assert Delivery.objects.get(pk=blocked.pk).bounce == "soft"


def test_an_event_for_an_unknown_message_is_logged_and_ignored(client, sent, caplog):
    stranger = Delivery(
        pk=999999,
        message_id="<morning-ledger.20261204.999999@ledger.example>",
        provider_message_id="0100018c-unknown",
        subscriber=Subscriber(email="stranger@mail.example"),
    )
    with caplog.at_level(logging.INFO, logger="newsletter.events"):
        assert provider.post(client, provider.ses("Bounce", stranger)).status_code == 200
        assert provider.post(client, provider.postmark("SpamComplaint", stranger)).status_code == 200
    assert sum("unknown message" in record.getMessage() for record in caplog.records) == 2
    assert not ProviderEvent.objects.exists()
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"confirmed"}


@override_settings(
    # MAILERS on Django >= 6.1, EMAIL_BACKEND before: a bare EMAIL_BACKEND is ignored where MAILERS is set.
    **email_settings({"EMAIL_BACKEND": "anymail.backends.test.EmailBackend"}),
    ANYMAIL={"WEBHOOK_SECRET": "anymail-user:anymail-test-secret"},
)
def test_sending_through_an_anymail_backend_keeps_rows_and_records_provider_ids(tree, newsletter, readers):
    make_article(
        tree.section,
        "Ferry resumes",
        publication_date=newsletter.send_datetime(newsletter.local_today()) - datetime.timedelta(hours=1),
    )
    result = send_edition(get_or_create_edition(newsletter, newsletter.local_today()))
    assert result.sent == 4 and result.finished
    sent_ids = {str(message.anymail_status.message_id) for message in mail.outbox}
    assert len(sent_ids) == 4
    assert set(Delivery.objects.values_list("provider_message_id", flat=True)) == sent_ids
    assert {message.to[0] for message in mail.outbox} == {reader.email for reader in readers}


def test_mailto_unsubscribe_through_a_providers_inbound_webhook(client, sent, tree, newsletter):
    """What a mailbox provider sends to the List-Unsubscribe mailto, as Postmark's inbound webhook posts it."""
    import json

    from newsletter.tokens import make_unsubscribe_token

    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        send_edition(get_or_create_edition(newsletter, newsletter.local_today() + datetime.timedelta(days=1)))
        message = sink.parsed()[0]
    address = message["To"].addresses[0].addr_spec
    mailto = next(part.strip(" <>") for part in message["List-Unsubscribe"].split(",") if "mailto:" in part)
    to, _, query = mailto.removeprefix("mailto:").partition("?subject=")
    subject = query.replace("%20", " ")
    assert subject == f"unsubscribe {make_unsubscribe_token(Subscriber.objects.get(email=address).pk)}"
    body = {
        "FromName": "",
        "MessageStream": "inbound",
        "From": address,
        "FromFull": {"Email": address, "Name": "", "MailboxHash": ""},
        "To": to,
        "ToFull": [{"Email": to, "Name": "", "MailboxHash": ""}],
        "Cc": "",
        "CcFull": [],
        "Bcc": "",
        "BccFull": [],
        "OriginalRecipient": to,
        "Subject": subject,
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "ReplyTo": "",
        "MailboxHash": "",
        "Date": "Fri, 4 Dec 2026 07:10:00 +0000",
        "TextBody": "This is an unsubscribe request.",
        "HtmlBody": "",
        "StrippedTextReply": "",
        "Tag": "",
        "Headers": [{"Name": "X-Spam-Status", "Value": "No"}],
        "Attachments": [],
    }
    request = ("/anymail/postmark/inbound/", json.dumps(body).encode(), {"Content-Type": "application/json"})
    assert provider.post(client, request).status_code == 200
    assert status(address) == "unsubscribed"
    assert [event.method for event in consent(address, "unsubscribe")] == ["mailto"]
    forged = {**body, "Subject": "unsubscribe 1:forged"}
    forged_request = ("/anymail/postmark/inbound/", json.dumps(forged).encode(), {"Content-Type": "application/json"})
    assert provider.post(client, forged_request).status_code == 200
    assert set(Subscriber.objects.exclude(email=address).values_list("status", flat=True)) == {"confirmed"}

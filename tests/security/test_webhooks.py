"""Issue 23, item 12: only configured providers' webhooks are mounted, and nothing a client posts to
any provider's URL answers 500 (an unconfigured Mailgun view raised on every request; SES's view
raised on a malformed SNS body): a bad request is a 4xx, an unmounted provider a 404."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from anymail import urls as anymail_urls
from django.conf import settings
from django.test import Client, override_settings

from newsletter.webhooks import configured_providers, webhook_urlpatterns
from newsroom.settings.email import email_settings
from tests.support.provider_events import basic_auth

pytestmark = pytest.mark.django_db

JSON = "application/json"
SNS = {"HTTP_X_AMZ_SNS_MESSAGE_TYPE": "Notification", "HTTP_X_AMZ_SNS_MESSAGE_ID": "junk-1"}


def mailgun_signed(body: dict) -> bytes:
    """``body`` with a valid Mailgun signature (the test signing key), so it gets past the check."""
    timestamp, token = str(int(time.time())), "f" * 50
    key = settings.ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"].encode()
    signature = hmac.new(key, f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return json.dumps({"signature": {"timestamp": timestamp, "token": token, "signature": signature}, **body}).encode()


JUNK = [
    (b"", JSON, {}),
    (b"not json", JSON, {}),
    (b"[]", JSON, {}),
    (b"{}", JSON, {}),
    (b"[1, 2]", JSON, {}),
    (b'[{"event": 1, "sg_message_id": []}]', JSON, {}),
    (b'{"RecordType": ["Bounce"], "MessageID": {}, "Type": 7}', JSON, {}),
    (b"[" * 3000 + b"]" * 3000, JSON, {}),
    (json.dumps({"Type": "Notification", "MessageId": "junk-1", "Message": "not json"}).encode(), JSON, SNS),
    (json.dumps({"Type": "Notification", "MessageId": "junk-1", "Message": "[1]"}).encode(), JSON, SNS),
    (json.dumps({"Type": "Notification", "MessageId": "junk-1"}).encode(), JSON, SNS),
    (b"a=1&b=2&mandrill_events=nope", "application/x-www-form-urlencoded", {}),
    (mailgun_signed({"event-data": "junk"}), JSON, {}),
    (mailgun_signed({"event-data": {"event": ["x"], "timestamp": "soon"}}), JSON, {}),
    (mailgun_signed({}), JSON, {}),
    # A NUL in what the event handler looks up: PostgreSQL refuses it in a query.
    (
        json.dumps(
            {"RecordType": "Bounce", "Type": "HardBounce", "ID": 1, "MessageID": "\x00", "Email": "a\x00@b.example"}
        ).encode(),
        JSON,
        {},
    ),
    (
        json.dumps(
            [{"event": "bounce", "sg_message_id": "\x00", "email": "a\x00@b.example", "sg_event_id": "\x00"}]
        ).encode(),
        JSON,
        {},
    ),
    (
        mailgun_signed(
            {
                "event-data": {
                    "event": "failed",
                    "severity": "permanent",
                    "id": "\x00",
                    "timestamp": 1.0,
                    "recipient": "\x00",
                    "message": {"headers": {"message-id": "\x00"}},
                }
            }
        ),
        JSON,
        {},
    ),
]


def every_provider_url() -> list[str]:
    urls = []
    for pattern in anymail_urls.urlpatterns:
        route = str(pattern.pattern).lstrip("^").replace("(_mime)?", "").rstrip("$")
        urls.append(f"/anymail/{route}")
    return urls


def test_junk_to_any_providers_webhook_is_never_a_500():
    client = Client(raise_request_exception=False)
    answers = {}
    for url in every_provider_url():
        for body, content_type, headers in JUNK:
            for auth in ({}, {"HTTP_AUTHORIZATION": basic_auth()}):
                response = client.post(url, body, content_type=content_type, **headers, **auth)
                answers[(url, body[:40], bool(auth))] = response.status_code
        answers[(url, b"GET", False)] = client.get(url).status_code
    # No 500 ever; without the credentials, never anything but a refusal. (With them, a body the
    # provider's view reads as an empty event may be answered 200: it changes nothing.)
    assert {key: status for key, status in answers.items() if status >= 500} == {}
    assert {key: status for key, status in answers.items() if not key[2] and not 400 <= status < 500} == {}
    # The providers the settings name are mounted (a junk request reaches them: not a 404).
    mounted = {url.split("/")[2] for (url, _body, _auth), status in answers.items() if status != 404}
    assert mounted == {"amazon_ses", "mailgun", "postmark", "sendgrid"}


@pytest.mark.parametrize(
    ("anymail", "backend", "listed", "expected"),
    [
        # The ESP of the email backend, with the shared secret to check its requests by.
        ({"WEBHOOK_SECRET": "u:p"}, "anymail.backends.postmark.EmailBackend", [], ["postmark"]),
        # Providers with settings of their own; Mailgun checks its own signature.
        ({"MAILGUN_WEBHOOK_SIGNING_KEY": "k"}, "", [], ["mailgun"]),
        (
            {"WEBHOOK_SECRET": "u:p", "AMAZON_SES_CLIENT_PARAMS": {}, "MAILGUN_API_KEY": "k"},
            "",
            [],
            ["amazon_ses", "mailgun"],
        ),
        # Nothing to check a request by: nothing mounted.
        ({"POSTMARK_SERVER_TOKEN": "t"}, "anymail.backends.postmark.EmailBackend", [], []),
        ({"WEBHOOK_SECRET": "u:p"}, "", [], []),
        # An explicit list wins, still only for what can be checked (Mailgun has no key here).
        ({"WEBHOOK_SECRET": "u:p"}, "", ["sendgrid", "mailgun", "sendinblue"], ["brevo", "sendgrid"]),
    ],
)
def test_only_configured_providers_are_mounted(anymail, backend, listed, expected):
    mail = email_settings({"EMAIL_BACKEND": backend or "django.core.mail.backends.locmem.EmailBackend"})
    with override_settings(ANYMAIL=anymail, NEWSLETTER={"WEBHOOK_PROVIDERS": listed}, **mail):
        assert configured_providers() == expected
        routes = {str(pattern.pattern).lstrip("^").split("/")[0] for pattern in webhook_urlpatterns()}
    assert routes == set(expected)  # the deprecated sendinblue/ URLs are not mounted for Brevo

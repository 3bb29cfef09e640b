"""DKIM: with a key configured, what the site sends over SMTP arrives signed, and the signature verifies
against the public key (served here by the DNS lookup dkimpy asks for), per recipient."""

import base64
import datetime

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import override_settings

from newsletter.sending import get_or_create_edition, send_edition
from newsletter.welcome import send_welcome_email
from tests.support.builders import make_article
from tests.support.newsletter import make_subscribers
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def key():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def test_sent_mail_carries_a_signature_that_verifies(newsletter, tree, key):
    pem, record = key
    published = newsletter.send_datetime(newsletter.local_today()) - datetime.timedelta(hours=2)
    make_article(tree.section, "Signed story", publication_date=published)
    readers = make_subscribers(newsletter, 2)
    settings = {
        "BASE_URL": "https://ledger.example",
        "DKIM_DOMAIN": "ledger.example",
        "DKIM_SELECTOR": "news2026",
        "DKIM_PRIVATE_KEY": pem,
    }
    with smtp_server() as sink, override_settings(**email_settings_for(sink), NEWSLETTER=settings):
        assert send_edition(get_or_create_edition(newsletter, newsletter.local_today())).sent == 2
        assert send_welcome_email.enqueue(readers[0].pk).return_value == "sent"
        received = [message.data for message in sink.messages]

    def dns(name, timeout=5):
        return record if name == b"news2026._domainkey.ledger.example." else None

    assert len(received) == 3
    for data in received:
        assert data.startswith(b"DKIM-Signature:") and b"d=ledger.example" in data
        assert dkim.verify(data, dnsfunc=dns)
        tampered = data.replace(b"\r\nSubject: ", b"\r\nSubject: Forged ", 1)
        assert not dkim.verify(tampered, dnsfunc=dns)


def test_without_a_key_nothing_is_signed(newsletter):
    readers = make_subscribers(newsletter, 1)
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        send_welcome_email.enqueue(readers[0].pk)
        assert b"DKIM-Signature" not in sink.messages[0].data

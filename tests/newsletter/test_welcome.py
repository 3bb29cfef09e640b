"""The welcome email: sent once after the reader confirms, in the newsletter's own words."""

from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings

from newsletter.models import Subscriber
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db


def confirm_path(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return urlsplit(next(word for word in text.split() if "/newsletter/confirm/" in word)).path


def sign_up_and_confirm(sink, commits, address="newreader@mail.example", times=1):
    """Sign up and confirm over HTTP; ``commits`` runs what waits for a commit (the welcome is enqueued then)."""
    client = Client()
    data = {"email": address, "newsletter": "morning-ledger", "source": "http://testserver/local/"}
    with commits(execute=True):
        assert client.post("/newsletter/subscribe/", data, HTTP_ORIGIN="http://testserver").status_code in (200, 302)
    [confirmation] = sink.parsed()
    for _ in range(times):
        with commits(execute=True):
            assert client.post(confirm_path(confirmation)).status_code == 200
    return Subscriber.objects.get(email=address)


def test_confirming_sends_one_welcome_in_the_newsletters_copy(tree, newsletter, django_capture_on_commit_callbacks):
    newsletter.welcome_subject = "Welcome aboard {name}"
    newsletter.welcome_text = "Glad you're here.\nEvery morning at seven: {name}, the day's stories."
    newsletter.save()
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        subscriber = sign_up_and_confirm(sink, django_capture_on_commit_callbacks, times=2)  # the 2nd changes nothing
        messages = sink.parsed()
    assert subscriber.status == "confirmed" and subscriber.welcomed_at is not None
    assert len(messages) == 2
    welcome = messages[1]
    assert welcome["Subject"] == "Welcome aboard Morning Ledger"
    assert welcome["To"].addresses[0].addr_spec == "newreader@mail.example"
    text = welcome.get_body(("plain",)).get_content()
    assert "Every morning at seven: Morning Ledger, the day's stories." in text
    assert "/newsletter/preferences/" in text and "/newsletter/unsubscribe/" in text
    assert welcome["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_blank_welcome_copy_sends_no_welcome(tree, newsletter, django_capture_on_commit_callbacks):
    newsletter.welcome_text = ""
    newsletter.save()
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        subscriber = sign_up_and_confirm(sink, django_capture_on_commit_callbacks)
        assert sink.count == 1  # the confirmation only
    assert subscriber.status == "confirmed" and subscriber.welcomed_at is None

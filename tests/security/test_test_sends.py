"""Issue 23, item 10: "Send a test" mails the editor's account address, which anyone with an account
can change without proof. A test goes only to an address that confirmed a subscription (double
opt-in) or that the site lists in ``NEWSLETTER["TEST_RECIPIENTS"]``; otherwise the admin says why."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Subscriber
from newsletter.sending import get_or_create_edition
from tests.support.builders import make_article
from tests.support.html import parse
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(tree, newsletter):
    day = newsletter.local_today()
    make_article(
        tree.section, "Ferry timetable", publication_date=newsletter.send_datetime(day) - datetime.timedelta(hours=1)
    )
    return get_or_create_edition(newsletter, day)


@pytest.fixture
def desk(django_user_model):
    user = django_user_model.objects.create_user("desk", "desk@newsroom.example", "correct horse")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="change_edition")
    )
    return user


def send_test(user, edition) -> tuple[list, list[str]]:
    """POST "send a test" as ``user``: the messages the SMTP server got, and the admin's messages."""
    client = Client()
    client.force_login(user)
    url = reverse("newsletter_edition_send_test", args=[edition.pk])
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        response = client.post(url, follow=True)
        received = sink.parsed()
    return received, [str(message) for message in get_messages(response.wsgi_request)] + [
        " ".join(element.text_content().split())
        for element in parse(response).cssselect(".newsletter-send-test__refused")
    ]


def test_a_test_is_not_sent_to_an_address_nobody_confirmed(desk, edition, newsletter):
    Subscriber.objects.create(newsletter=newsletter, email="victim@mail.example")  # pending: never confirmed
    for address in ("desk@newsroom.example", "victim@mail.example"):
        desk.email = address  # an account's address changes without any check
        desk.save()
        received, said = send_test(desk, edition)
        assert received == []
        assert any("NEWSLETTER_TEST_RECIPIENTS" in line and address in line for line in said)


def test_a_test_goes_to_a_confirmed_or_listed_address(desk, edition, newsletter):
    Subscriber.objects.create(
        newsletter=newsletter, email="desk.reader@mail.example", status="confirmed", confirmed_at=timezone.now()
    )
    desk.email = "Desk.Reader@Mail.example"
    desk.save()
    received, _said = send_test(desk, edition)
    assert [message["To"].addresses[0].addr_spec for message in received] == ["desk.reader@mail.example"]
    assert received[0]["Subject"].startswith("[Test] ")

    desk.email = "proofs@newsroom.example"
    desk.save()
    with override_settings(NEWSLETTER={"TEST_RECIPIENTS": ["Proofs@newsroom.example"]}):
        received, _said = send_test(desk, edition)
    assert [message["To"].addresses[0].addr_spec for message in received] == ["proofs@newsroom.example"]

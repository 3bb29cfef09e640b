"""Issue 13, items 8 and 9: only the reader confirms, and only with the link of their latest signup."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from newsletter.models import ConsentEvent, Subscriber
from newsletter.tokens import make_unsubscribe_token
from tests.support.html import parse

pytestmark = pytest.mark.django_db

SIGNUP = "/newsletter/subscribe/"
JSON = {"HTTP_ACCEPT": "application/json", "HTTP_ORIGIN": "http://testserver"}


def signup(email):
    return Client().post(SIGNUP, {"email": email, "newsletter": "morning-ledger"}, **JSON)


def confirm_path(message) -> str:
    url = re.search(r"https?://[^/\s]+(/newsletter/confirm/[^\s\"<>]+)", message.body)
    return url.group(1)


@pytest.fixture(name="desk_editor")
def desk_editor_fixture(django_user_model):
    """An editor whose group may change subscribers (what the admin status field needed)."""
    group = Group.objects.create(name="Newsletter desk")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="newsletter", codename__in=["change_subscriber", "view_subscriber"]
        ),
    )
    user = django_user_model.objects.create_user("desk", "desk@newsroom.example", "correct horse")
    user.groups.add(group)
    return user


# Item 8 -----------------------------------------------------------------------------------------


def test_the_admin_edit_form_cannot_confirm_a_pending_subscriber(newsletter, desk_editor):
    subscriber = Subscriber.objects.create(newsletter=newsletter, email="pending@example.org")
    client = Client()
    client.force_login(desk_editor)
    edit = reverse(Subscriber.snippet_viewset.get_url_name("edit"), args=[subscriber.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"status": "confirmed"})
    subscriber.refresh_from_db()
    assert subscriber.status == "pending" and subscriber.confirmed_at is None
    assert not ConsentEvent.objects.filter(action="confirm").exists()
    assert not parse(client.get(edit)).cssselect("select[name=status], input[name=status]")


def test_an_editor_may_unsubscribe_and_the_log_says_who(newsletter, desk_editor):
    subscriber = Subscriber.objects.create(newsletter=newsletter, email="reader@example.org", status="confirmed")
    client = Client()
    client.force_login(desk_editor)
    listing = client.get(reverse(Subscriber.snippet_viewset.get_url_name("list")))
    unsubscribe = reverse("newsletter_unsubscribe", args=[subscriber.pk])
    assert unsubscribe in {link.get("href") for link in parse(listing).cssselect("a")}
    assert client.get(unsubscribe).status_code == 200
    assert client.post(unsubscribe).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed" and subscriber.unsubscribed_at
    event = ConsentEvent.objects.get(subscriber=subscriber)
    assert (event.action, event.method, event.actor) == ("unsubscribe", "admin", desk_editor)


# Item 9 -----------------------------------------------------------------------------------------


@override_settings(NEWSLETTER={"CONFIRMATION_INTERVAL": 0})
def test_a_confirmation_link_works_only_for_the_signup_that_sent_it(newsletter):
    assert signup("reader@example.org").status_code == 200
    first_link = confirm_path(mail.outbox[0])
    assert Client().post(first_link).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "confirmed"

    Client().post(f"/newsletter/unsubscribe/{make_unsubscribe_token(subscriber.pk)}/")
    assert signup("reader@example.org").status_code == 200  # someone submits the address again
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"

    replay = Client().post(first_link)
    assert replay.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"

    second_link = confirm_path(mail.outbox[-1])
    assert second_link != first_link
    assert Client().post(second_link).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"

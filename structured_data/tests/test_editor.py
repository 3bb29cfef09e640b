"""What editors see in the Wagtail admin, on the test app's EventPage (which adds the plugin's preview mode): the
"Structured data" preview of a draft, the userbar's link to the live page's report, and the check on publish
(a warning, or a refusal with ``BLOCK_PUBLISH_ON_ERRORS``)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from lxml import html
from wagtail.test.utils.form_data import querydict_from_html

from structured_data.editor import PREVIEW_MODE
from structured_data.models import PublisherSettings

from .builders import build_published_site, make_event
from .testapp.models import EventPage


@pytest.fixture
def tree(db) -> SimpleNamespace:
    tree = build_published_site()
    tree.event = make_event(tree.section, "Harbor festival", summary="Boats and music.")
    return tree


@pytest.fixture
def editor(client: Client) -> Client:
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "password"))
    return client


def break_publisher_type() -> None:
    """A type schema.org does not define (a value saved before the choices changed): an error on every page."""
    publisher = PublisherSettings.objects.get()
    publisher.organization_type = "NewsOrganisation"
    publisher.save()


def edit_data(client: Client, page: Any, **changes: str) -> tuple[str, Any]:
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    for name, value in changes.items():
        data[name] = value
    return edit_url, data


def preview(client: Client, page: Any, **changes: str) -> Any:
    _edit_url, data = edit_data(client, page, **changes)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(preview_url, data).json()["is_valid"]
    return client.get(preview_url, {"mode": PREVIEW_MODE})


def report_of(response: Any) -> SimpleNamespace:
    doc = html.fromstring(response.content.decode())
    return SimpleNamespace(
        errors=doc.cssselect(".summary")[0].get("data-errors"),
        codes=[row.get("data-code") for row in doc.cssselect("tr.issue")],
        json_ld="".join(pre.text_content() for pre in doc.cssselect("pre.json-ld")),
        text=doc.text_content(),
    )


def test_the_page_type_offers_the_preview_mode(tree):
    assert (PREVIEW_MODE, "Structured data") in [(name, str(label)) for name, label in tree.event.preview_modes]


def test_the_preview_shows_the_drafts_json_ld_before_it_is_published(tree, editor):
    response = preview(editor, tree.event, title="Harbor festival, moved to Sunday")
    assert response.status_code == 200
    report = report_of(response)
    assert report.errors == "0"
    assert "Harbor festival, moved to Sunday" in report.json_ld  # the draft, not the live title
    assert '"@type": "Event"' in report.json_ld
    assert EventPage.objects.get(pk=tree.event.pk).title == "Harbor festival"  # nothing published


def test_the_preview_lists_what_is_wrong(tree, editor):
    break_publisher_type()
    report = report_of(preview(editor, tree.event))
    assert report.errors != "0"
    assert "unknown-type" in report.codes


def test_the_default_preview_is_still_the_page(tree, editor):
    _edit_url, data = edit_data(editor, tree.event)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[tree.event.pk])
    editor.post(preview_url, data)
    response = editor.get(preview_url, {"mode": ""})
    assert b"<h1>Harbor festival</h1>" in response.content


def test_the_userbar_links_an_editor_to_the_live_pages_report(tree, editor):
    doc = html.fromstring(editor.get(tree.event.url).content.decode())
    links = [a.get("href") for a in doc.cssselect("a") if "Check structured data" in a.text_content()]
    assert len(links) == 1
    report = editor.get(links[0])
    assert report.status_code == 200
    assert report_of(report).errors == "0"
    assert '"startDate"' in report_of(report).json_ld


def test_anonymous_readers_get_no_link_and_no_report(tree, client):
    assert b"Check structured data" not in client.get(tree.event.url).content
    response = client.get(reverse("structured_data_report", args=[tree.event.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_report_needs_permission_to_edit_the_page(tree, client):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("reader", password="password")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("structured_data_report", args=[tree.event.pk]))
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's answer to PermissionDenied
    assert any("permission" in str(m) for m in get_messages(response.wsgi_request))


def test_the_report_checks_only_urls_of_the_page_itself(tree, editor):
    url = reverse("structured_data_report", args=[tree.event.pk])
    elsewhere = report_of(editor.get(url, {"url": "https://attacker.example/"}))
    assert tree.event.full_url in elsewhere.text  # the page's own URL was checked instead
    assert "attacker.example" not in elsewhere.text
    assert editor.get(reverse("structured_data_report", args=[999999])).status_code == 404


def publish_in_admin(client: Client, page: Any, **changes: str) -> Any:
    edit_url, data = edit_data(client, page, **changes, **{"action-publish": "action-publish"})
    return client.post(edit_url, data, follow=True)


def test_publishing_a_clean_page_says_nothing_about_structured_data(tree, editor):
    response = publish_in_admin(editor, tree.event, title="Harbor festival 2026")
    assert not [m for m in get_messages(response.wsgi_request) if "structured data" in str(m)]
    assert EventPage.objects.get(pk=tree.event.pk).title == "Harbor festival 2026"


def test_publishing_with_errors_warns_and_publishes(tree, editor):
    break_publisher_type()
    response = publish_in_admin(editor, tree.event, title="Harbor festival 2026")
    warnings = [str(m) for m in get_messages(response.wsgi_request) if "structured data" in str(m)]
    assert len(warnings) == 1 and "'NewsOrganisation' is not a schema.org type" in warnings[0]
    assert EventPage.objects.get(pk=tree.event.pk).title == "Harbor festival 2026"


def test_blocking_on_errors_keeps_the_live_page_and_saves_the_draft(tree, editor, settings):
    settings.STRUCTURED_DATA = {"BLOCK_PUBLISH_ON_ERRORS": True}
    break_publisher_type()
    response = publish_in_admin(editor, tree.event, title="Harbor festival 2026")
    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert any("Not published" in message and "NewsOrganisation" in message for message in errors)
    page = EventPage.objects.get(pk=tree.event.pk)
    assert page.title == "Harbor festival"
    assert page.get_latest_revision().content["title"] == "Harbor festival 2026"


def test_no_check_on_publish_when_it_is_switched_off(tree, editor, settings):
    settings.STRUCTURED_DATA = {"CHECK_ON_PUBLISH": False, "BLOCK_PUBLISH_ON_ERRORS": True}
    break_publisher_type()
    response = publish_in_admin(editor, tree.event, title="Harbor festival 2026")
    assert not [m for m in get_messages(response.wsgi_request) if "structured data" in str(m)]
    assert EventPage.objects.get(pk=tree.event.pk).title == "Harbor festival 2026"

"""Which pages the plugin exports (live, public, in their go-live window, not aliases), and the nightly stored
check run as a task of Django's tasks framework (the ``[tasks]`` extra; skipped where it is not installed)."""

from __future__ import annotations

import datetime
import io
import json
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from structured_data.models import CheckRun, PublisherSettings
from structured_data.visibility import is_published

from .builders import build_site, make_event, make_image, make_plain


@pytest.fixture
def tree(db) -> SimpleNamespace:
    tree = build_site()
    PublisherSettings.objects.create(site=tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
    tree.event = make_event(tree.section, "Harbor festival")
    tree.about = make_plain(tree.home, "About us")
    return tree


def exported_urls() -> set[str]:
    out = io.StringIO()
    call_command("export_structured_data", "--no-progress", stdout=out)
    return {
        node["url"]
        for line in out.getvalue().splitlines()
        for node in json.loads(line)["@graph"]
        if node["@id"].endswith("#webpage")
    }


def test_only_live_public_pages_in_their_window_are_exported(tree):
    now = timezone.now()
    Page.objects.filter(pk=tree.about.pk).update(expire_at=now - datetime.timedelta(hours=1))
    Page.objects.filter(pk=tree.event.pk).update(go_live_at=now + datetime.timedelta(days=1))
    urls = exported_urls()
    assert tree.about.full_url not in urls and tree.event.full_url not in urls
    assert {tree.home.full_url, tree.section.full_url} <= urls


def test_a_restricted_section_takes_its_pages_out_of_the_export(tree):
    PageViewRestriction.objects.create(page=tree.section, restriction_type=PageViewRestriction.LOGIN)
    urls = exported_urls()
    assert tree.section.full_url not in urls and tree.event.full_url not in urls
    assert tree.about.full_url in urls


def test_is_published_is_the_rule_without_a_query(tree):
    now = timezone.now()
    page = Page.objects.get(pk=tree.about.pk)
    assert is_published(page, now=now)
    page.expire_at = now
    assert not is_published(page, now=now)  # expired at this very moment
    page.expire_at, page.go_live_at = None, now + datetime.timedelta(seconds=1)
    assert not is_published(page, now=now)
    assert is_published(page, now=now + datetime.timedelta(seconds=1))
    alias = tree.about.create_alias(update_slug="about-us-again")
    assert not is_published(alias)  # its original's graph is the one


def test_the_stored_check_as_a_task(tree):
    pytest.importorskip("django_tasks")
    from structured_data.tasks import store_check_run_task

    result = store_check_run_task.enqueue()
    assert result.return_value["site"] == tree.site.pk
    assert result.return_value["pages_checked"] == 4
    run = CheckRun.objects.get(pk=result.return_value["run"])
    assert (run.errors, run.warnings) == (result.return_value["errors"], result.return_value["warnings"])
    again = store_check_run_task.enqueue(site_id=tree.site.pk)
    assert again.return_value["run"] != result.return_value["run"]

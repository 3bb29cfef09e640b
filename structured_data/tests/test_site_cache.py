"""What the plugin keeps in Django's cache between requests, and the changes that make it forget.

The restricted paths (``visibility.restricted_paths``), the publisher setting
(``PublisherSettings.for_request``) and a page's ancestors (``utils.page_ancestors``) are read on
every page; each test fills the cache, changes the thing as an editor would, and expects the next
read to see the change, with no query while nothing changed.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from structured_data.models import PublisherSettings
from structured_data.utils import page_ancestors
from structured_data.visibility import restricted_paths, visible_pages

from .builders import build_site, make_event, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    tree = build_site()
    tree.event = make_event(tree.section, "Harbor festival")
    return tree


def request_for(tree):
    """A new request whose site is known (as after routing), so only what is measured counts."""
    request = RequestFactory().get("/", HTTP_HOST=tree.site.hostname)
    request._wagtail_site = tree.site
    return request


def queries(fn) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return len(captured.captured_queries), result


def test_restricted_paths_are_read_once_and_follow_a_new_restriction(site):
    assert restricted_paths() == []
    assert queries(restricted_paths) == (0, [])
    assert site.event.pk in set(visible_pages().values_list("pk", flat=True))
    PageViewRestriction.objects.create(page=site.section, restriction_type=PageViewRestriction.LOGIN)
    assert restricted_paths() == [site.section.path]
    assert site.event.pk not in set(visible_pages().values_list("pk", flat=True))
    PageViewRestriction.objects.filter(page=site.section).delete()
    assert restricted_paths() == []


def test_the_publisher_setting_is_cached_per_site_until_it_changes(site):
    publisher = PublisherSettings.for_site(site.site)
    publisher.name = "The Test Ledger"
    publisher.save()
    assert PublisherSettings.for_request(request_for(site)).name == "The Test Ledger"
    count, cached = queries(lambda: PublisherSettings.for_request(request_for(site)))
    assert count == 0 and cached.name == "The Test Ledger"
    publisher.name = "The Harbor Ledger"
    publisher.save()
    assert PublisherSettings.for_request(request_for(site)).name == "The Harbor Ledger"


def test_ancestors_are_cached_until_a_page_is_published(site):
    event = Page.objects.get(pk=site.event.pk).specific
    titles = [p.title for p in page_ancestors(event, request_for(site))]
    assert titles == ["The Test Ledger", "Local", "Harbor festival"]
    assert queries(lambda: page_ancestors(event, request_for(site)))[0] == 0
    site.section.title = "Harbor and City"
    publish(site.section)
    titles = [p.title for p in page_ancestors(event, request_for(site))]
    assert titles == ["The Test Ledger", "Harbor and City", "Harbor festival"]

"""The route cache on a plain Wagtail site (the page cache switched off, so every request reaches Wagtail's
serve view): a path's page found once, then from the cache; unknown paths never cached; a stale route
never trusted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from .conftest import HOST, plain_settings_only

pytestmark = plain_settings_only


@pytest.fixture
def reader(client, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    client.defaults["HTTP_HOST"] = HOST
    return client


def queries_for(client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, len(queries)


def test_a_route_is_found_once_then_read_from_the_cache(plain_site, reader):
    first = queries_for(reader, "/second/")
    second = queries_for(reader, "/second/")
    assert first[0] == second[0] == 200
    assert second[1] < first[1]  # Wagtail's walk down the tree is skipped


def test_with_no_route_timeout_wagtail_routes_every_request(plain_site, reader, settings):
    queries_for(reader, "/second/")
    _status, cached = queries_for(reader, "/second/")
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ROUTE_TIMEOUT": 0}
    queries_for(reader, "/first/")  # a page at the same depth
    _status, routed = queries_for(reader, "/first/")
    assert routed > cached


def test_an_unknown_path_is_not_cached(plain_site, reader):
    assert queries_for(reader, "/no-such-page/") == queries_for(reader, "/no-such-page/")
    assert reader.get("/no-such-page/").status_code == 404


def test_a_route_whose_page_moved_behind_its_back_is_not_trusted(plain_site, reader):
    assert reader.get("/second/").status_code == 200
    # A change no signal reports (a raw update): the cached route still names the page at its old path.
    Page.objects.filter(pk=plain_site.second.pk).update(slug="renamed", url_path="/cache-home/renamed/")
    assert reader.get("/second/").status_code == 404
    assert reader.get("/renamed/").status_code == 200

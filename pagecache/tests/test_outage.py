"""A cache that is down (a Redis server that is not there): pages are routed and served as Wagtail serves them,
and a publication still goes through, its purges logged as failed rather than raised into the editor's save."""

from __future__ import annotations

import logging

import pytest

from pagecache import affected, hosts, store
from pagecache.middleware import HEADER

from .conftest import HOST, plain_settings_only


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "down": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "CACHE_ALIAS": "down", "FRAGMENT_TIMEOUT": 0}


@plain_settings_only
def test_pages_are_routed_by_wagtail_when_the_route_cache_is_down(plain_site, client, cache_down):
    client.defaults["HTTP_HOST"] = HOST
    for _ in range(2):
        response = client.get("/second/")
        assert response.status_code == 200 and b"Second" in response.content
        assert response[HEADER] != "hit"
    assert client.get("/no-such-page/").status_code == 404


def test_a_publication_goes_through_and_its_purges_are_logged(
    plain_site, cache_down, caplog, django_capture_on_commit_callbacks
):
    plain_site.first.show_in_menus = True  # the remembered menu cannot be read: counted as changed
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        revision = plain_site.first.save_revision()
        revision.publish()
    plain_site.first.refresh_from_db()
    assert plain_site.first.live_revision_id == revision.pk
    assert "could not forget the cached routes" in caplog.text
    assert "could not start a new fragments generation" in caplog.text  # the menu change reached every page


def test_each_cache_operation_fails_soft(plain_site, cache_down, caplog):
    assert HOST in hosts.site_hosts()  # worked out from the database, not kept
    assert store.delete_urls([f"http://{HOST}/first/"]) == 0
    assert store.bump_keys(["p0001"]) == 0
    assert affected.menu_changed(plain_site.first)  # unknown: changed
    with caplog.at_level(logging.WARNING, logger="pagecache.affected"):
        affected.prime_menus()
    assert "could not remember the site menus" in caplog.text

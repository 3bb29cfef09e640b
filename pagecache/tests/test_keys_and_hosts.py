"""Cache keys and hosts: one spelling per host (IPv6 included), the keys a page and an object are purged by, the
``pagecache_page_keys`` hooks, a key purge turning stored pages into misses, what the store refuses, and requests
that never use the cache (content negotiation, a Host Django refuses)."""

from __future__ import annotations

import logging

import pytest
from django.http import HttpResponse
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from pagecache import hosts, keys, purge, store
from pagecache.middleware import HEADER
from pagecache.restrictions import is_restricted

from .conftest import HOST, plain_settings_only


@pytest.fixture
def reader(client):
    client.defaults["HTTP_HOST"] = HOST
    return client


@pytest.mark.parametrize(
    ("host", "parts", "normalised"),
    [
        ("News.Example.com.", ("news.example.com", ""), "news.example.com"),
        ("news.example.com:443", ("news.example.com", "443"), "news.example.com"),
        ("news.example.com:8000", ("news.example.com", "8000"), "news.example.com:8000"),
        ("[::1]:8000", ("[::1]", "8000"), "[::1]:8000"),
        ("[::1]:80", ("[::1]", "80"), "[::1]"),
        ("[2001:DB8::1]", ("[2001:db8::1]", ""), "[2001:db8::1]"),
    ],
)
def test_a_host_has_one_spelling(host, parts, normalised):
    assert hosts.split(host) == parts
    assert hosts.normalise(host) == normalised


def test_a_page_is_keyed_by_its_path_and_any_other_object_by_its_label(plain_site):
    assert keys.object_key(plain_site.first) == keys.path_key(plain_site.first.path)
    assert keys.object_key(plain_site.site) == f"wagtailcore.site-{plain_site.site.pk}"
    assert keys.page_keys(plain_site.first) == [
        f"p{plain_site.first.path}",
        f"t{plain_site.home.path}",  # what shows the home page's title below it
    ]
    assert keys.page_keys(Page(path="")) == []


def test_without_keys_every_change_is_purged_url_by_url(settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "KEYS": False}
    assert keys.url_purge_limit() is None and keys.enumerable(10**6)
    with django_capture_on_commit_callbacks() as callbacks:
        purge.purge_keys(["p0001"])
    assert callbacks == []  # nothing to purge by key


@plain_settings_only
def test_the_page_keys_hooks_name_what_a_page_shows_and_a_failing_one_is_logged(plain_site, reader, caplog):
    def shows_the_weather(page):
        return ["weather-widget", ""] if page.pk == plain_site.first.pk else None

    def broken(page):
        raise RuntimeError("the key service is down")

    with hooks.register_temporarily([(keys.PAGE_KEYS_HOOK, shows_the_weather), (keys.PAGE_KEYS_HOOK, broken)]):
        with caplog.at_level(logging.ERROR, logger="pagecache.keys"):
            first = reader.get("/first/")
        second = reader.get("/second/")
    assert first.status_code == 200 and first[HEADER] == "miss"
    assert "weather-widget" in first["xkey"].split()
    assert "weather-widget" not in second["xkey"].split()
    assert f"pagecache hook {keys.PAGE_KEYS_HOOK} failed" in caplog.text
    purge.purge_keys_now(["weather-widget"])
    assert reader.get("/first/")[HEADER] == "miss"  # it showed the purged key
    assert reader.get("/second/")[HEADER] == "hit"


@plain_settings_only
def test_a_key_purge_makes_only_the_pages_showing_it_misses(plain_site, reader):
    for path in ("/first/", "/second/"):
        reader.get(path)
        assert reader.get(path)[HEADER] == "hit"
    purge.purge_keys_now([keys.path_key(plain_site.first.path)])
    assert reader.get("/first/")[HEADER] == "miss"
    assert reader.get("/second/")[HEADER] == "hit"


@plain_settings_only
def test_a_negotiated_format_and_a_refused_host_never_use_the_cache(plain_site, reader, settings):
    for _ in range(2):
        negotiated = reader.get("/first/", headers={"accept": "application/ld+json"})
        assert HEADER not in negotiated  # the ?format= URL is the one cached
    settings.ALLOWED_HOSTS = [HOST]
    assert reader.get("/first/", headers={"host": "evil.example"}).status_code == 400


def test_the_store_refuses_a_response_rendered_while_a_purge_happened(plain_site, rf, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": True}  # off in the project's test settings
    settings.ALLOWED_HOSTS = [HOST]
    key = store.key_for(rf.get("/feed/", HTTP_HOST=HOST))
    assert key is not None and key.origin == f"http://{HOST}"
    entry, sequence = store.lookup(key)
    assert entry is None
    store.delete_urls([f"http://{HOST}/other/"])  # a purge while the page was being built
    assert not store.save(key, HttpResponse(b"built from the data before the change"), sequence)
    entry, sequence = store.lookup(key)
    assert store.save(key, HttpResponse(b"current"), sequence)
    assert store.lookup(key)[0].body == b"current"
    assert store.bump_keys([]) == 0 and store.delete_urls([]) == 0  # nothing to purge: no write


def test_an_alias_is_restricted_when_its_original_is(plain_site):
    alias = plain_site.first.create_alias(parent=plain_site.second, update_slug="first-again")
    assert not is_restricted(alias)
    PageViewRestriction.objects.create(
        page=plain_site.first, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert is_restricted(alias)  # as Wagtail checks it: the original's restriction covers the alias
    assert not is_restricted(plain_site.second)


@plain_settings_only
def test_a_cached_route_to_a_page_taken_offline_behind_its_back_is_not_trusted(plain_site, reader, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}  # every request reaches the route cache
    assert reader.get("/second/").status_code == 200
    Page.objects.filter(pk=plain_site.second.pk).update(live=False)  # no signal: the route stays cached
    assert reader.get("/second/").status_code == 404

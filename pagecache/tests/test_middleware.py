"""The page cache on a plain Wagtail site, over Django's test client: what anonymous readers are served from the
cache, what goes through (editors, POST, the admin, parameters the key leaves out), the headers a shared cache
reads, purges on publish, and a cache outage served as a miss."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model

from pagecache.marker import COOKIE_NAME
from pagecache.middleware import HEADER

from .conftest import HOST, plain_settings_only

pytestmark = plain_settings_only


@pytest.fixture
def reader(client):
    """An anonymous reader of the plain site."""
    client.defaults["HTTP_HOST"] = HOST
    return client


def test_a_page_is_rendered_once_then_served_from_the_cache_without_a_query(
    plain_site, reader, django_assert_num_queries
):
    first = reader.get("/first/")
    assert first.status_code == 200 and first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = reader.get("/first/")
    assert second[HEADER] == "hit"
    assert second.content == first.content and b"First" in second.content
    assert second["ETag"] == first["ETag"]
    assert "Set-Cookie" not in second


def test_public_pages_tell_shared_caches_how_long_and_what_they_show(plain_site, reader):
    response = reader.get("/first/")
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=600", "stale-while-revalidate=30", "stale-if-error=86400"} <= control
    assert response["Last-Modified"]
    keys = response["xkey"].split()
    assert f"p{plain_site.first.path}" in keys  # the page's own key, purged when it changes


def test_head_is_answered_from_the_cache_with_the_length_and_no_body(plain_site, reader):
    full = reader.get("/first/")
    head = reader.head("/first/")
    assert head[HEADER] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(full.content))


def test_a_reader_whose_copy_is_current_gets_304(plain_site, reader):
    etag = reader.get("/first/")["ETag"]
    assert reader.get("/first/", headers={"if-none-match": etag}).status_code == 304
    assert reader.get("/first/", headers={"if-none-match": '"stale"'}).status_code == 200


def test_tracking_parameters_share_the_entry_and_paging_makes_a_variant(plain_site, reader):
    reader.get("/feed/")
    assert reader.get("/feed/", {"utm_source": "newsletter", "fbclid": "x"})[HEADER] == "hit"
    paged = reader.get("/feed/", {"page": "2"})
    assert paged[HEADER] == "miss" and paged.content == b"feed page 2"
    assert reader.get("/feed/", {"page": "2"})[HEADER] == "hit"
    junk = reader.get("/feed/", {"page": "two"})
    assert junk.status_code == 200 and HEADER not in junk  # served, never a variant of its own
    assert reader.get("/feed/", {"page": "two"}).content == b"feed page two"


def test_a_view_reading_a_parameter_the_key_leaves_out_is_not_stored(plain_site, reader, caplog):
    with caplog.at_level(logging.WARNING, logger="pagecache.middleware"):
        first = reader.get("/search/", {"q": "ferry"})
    assert first.content == b"results for ferry" and first[HEADER] == "uncached"
    assert "read query parameters the cache key leaves out (q)" in caplog.text
    assert reader.get("/search/", {"q": "tram"}).content == b"results for tram"  # not the ferry results


def test_post_and_the_admin_never_use_the_cache(plain_site, reader):
    assert HEADER not in reader.post("/feed/")
    admin = reader.get("/admin/login/")
    assert HEADER not in admin
    assert "private" in admin["Cache-Control"] and "no-store" in admin["Cache-Control"]


def test_a_signed_in_editor_goes_through_and_is_marked_for_varnish(plain_site, reader):
    reader.get("/first/")  # cached for anonymous readers
    editor = get_user_model().objects.create_user("editor", password="secret-words")
    reader.force_login(editor)
    seen = reader.get("/first/")
    assert seen.get(HEADER) != "hit"
    assert seen.status_code == 200
    assert reader.cookies[COOKIE_NAME].value == "1"  # Varnish passes this reader to the application
    reader.logout()
    assert reader.get("/first/")[HEADER] == "hit"


def test_a_marker_with_no_signed_in_session_is_deleted_on_a_private_answer_only(plain_site, reader):
    reader.cookies[COOKIE_NAME] = "1"  # left from an expired session, or forged
    public = reader.get("/first/")
    assert public.status_code == 200 and COOKIE_NAME not in public.cookies  # public pages set no cookie
    private = reader.get("/admin/login/")
    assert private.cookies[COOKIE_NAME].value == "" and private.cookies[COOKIE_NAME]["max-age"] == 0


def test_a_session_cookie_without_a_user_is_served_from_the_cache(plain_site, reader, settings):
    reader.get("/first/")
    reader.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    assert reader.get("/first/")[HEADER] == "hit"


def test_publishing_a_page_purges_it_and_its_parent(plain_site, reader, django_capture_on_commit_callbacks):
    reader.get("/first/")
    reader.get("/")
    plain_site.first.title = "First, revised"
    with django_capture_on_commit_callbacks(execute=True):
        plain_site.first.save_revision().publish()
    again = reader.get("/first/")
    assert again[HEADER] == "miss" and b"First, revised" in again.content
    assert reader.get("/")[HEADER] == "miss"
    assert reader.get("/second/")[HEADER] == "miss"  # never cached before: a miss either way


def test_an_unpublished_page_is_gone_at_once(plain_site, reader, django_capture_on_commit_callbacks):
    assert reader.get("/second/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        plain_site.second.unpublish()
    assert reader.get("/second/").status_code == 404


def test_disabled_the_cache_stores_nothing_but_headers_are_still_sent(plain_site, reader, settings):
    settings.PAGE_CACHE = {"ENABLED": False}
    reader.get("/first/")
    second = reader.get("/first/")
    assert HEADER not in second
    assert "s-maxage=600" in second["Cache-Control"]


def test_a_cache_outage_is_a_miss_never_an_error(plain_site, reader, settings, caplog):
    # A Redis server that is not there: every read and write raises.
    settings.CACHES = {
        **settings.CACHES,
        "down": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.PAGE_CACHE = {"CACHE_ALIAS": "down", "ROUTE_TIMEOUT": 0, "FRAGMENT_TIMEOUT": 0}
    with caplog.at_level(logging.WARNING, logger="pagecache.store"):
        first = reader.get("/first/")
        second = reader.get("/first/")
    assert first.status_code == second.status_code == 200
    assert b"First" in second.content and second[HEADER] != "hit"
    assert "page cache" in caplog.text.lower()

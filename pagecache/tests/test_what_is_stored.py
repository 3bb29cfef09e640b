"""What the page cache keeps and what it serves uncached, on a plain Wagtail site: restricted pages, hosts no
Site has, bounded variants and bodies, views that read the whole query, moves, and site-wide changes."""

from __future__ import annotations

import logging

import pytest
from django.http import QueryDict
from django.template import Context, Template
from wagtail.models import PageViewRestriction, Site

from pagecache import fragments
from pagecache.middleware import HEADER
from pagecache.params import EVERYTHING, RecordingQueryDict

from .conftest import HOST, plain_settings_only

pytestmark = plain_settings_only


@pytest.fixture
def reader(client):
    client.defaults["HTTP_HOST"] = HOST
    return client


def test_a_password_protected_page_is_never_stored(plain_site, reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=plain_site.first, restriction_type=PageViewRestriction.PASSWORD, password="harbor"
        )
    for _ in range(2):
        form = reader.get("/first/")
        assert form.status_code == 200 and b"First" not in form.content  # the password form
        assert form.get(HEADER) != "hit"
        assert "private" in form["Cache-Control"]
    assert reader.get("/second/")[HEADER] == "miss"  # its sibling is public


def test_a_host_no_site_has_is_served_not_stored(plain_site, reader):
    for _ in range(2):
        response = reader.get("/feed/", headers={"host": "unknown.example"})
        assert response.status_code == 200 and response[HEADER] == "uncached"


def test_another_spelling_of_a_sites_host_is_served_not_stored(plain_site, reader):
    """Its links would echo the spelling (PAGECACHE.test, :80), which the stored copy must not hand to others."""
    for spelling in ("PAGECACHE.TEST", f"{HOST}:80"):
        assert reader.get("/feed/", headers={"host": spelling})[HEADER] == "uncached"
    assert reader.get("/feed/")[HEADER] == "miss"


def test_paging_variants_are_bounded_and_the_first_pages_are_kept(plain_site, reader, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "MAX_VARIANTS": 2}
    assert [reader.get("/feed/", {"page": n})[HEADER] for n in (1, 2, 3)] == ["miss", "miss", "uncached"]
    assert reader.get("/feed/", {"page": 1})[HEADER] == "hit"
    assert reader.get("/feed/")[HEADER] == "miss"  # the canonical URL always has a slot


def test_a_body_over_the_limit_is_not_stored(plain_site, reader, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "MAX_BODY_BYTES": 5}
    assert reader.get("/feed/")[HEADER] == "uncached"


def test_a_head_request_that_is_not_stored_still_says_the_length(plain_site, reader):
    response = reader.head("/search/", {"q": "ferry"})
    assert response.content == b"" and response["Content-Length"] == str(len(b"results for ferry"))


@pytest.mark.parametrize(
    ("read", "recorded"),
    [
        (lambda q: q.get("page"), {"page"}),
        (lambda q: q.getlist("tag"), {"tag"}),
        (lambda q: q["page"], {"page"}),
        (lambda q: "sort" in q, {"sort"}),
        (lambda q: list(q), {EVERYTHING}),
        (lambda q: len(q), {EVERYTHING}),
        (lambda q: list(q.items()), {EVERYTHING}),
        (lambda q: list(q.lists()), {EVERYTHING}),
        (lambda q: list(q.values()), {EVERYTHING}),
        (lambda q: list(q.keys()), {EVERYTHING}),
        (lambda q: q.dict(), {EVERYTHING}),
        (lambda q: q.urlencode(), {EVERYTHING}),
        (lambda q: q.copy(), {EVERYTHING}),
    ],
)
def test_every_way_a_view_reads_the_query_is_recorded(read, recorded):
    query = RecordingQueryDict("page=2&tag=a&tag=b")
    read(query)
    assert recorded <= query.read
    assert (EVERYTHING in query.read) == (EVERYTHING in recorded)  # one name read is not the whole query


def test_a_copy_of_the_query_keeps_every_value():
    copied = RecordingQueryDict("page=2&tag=a&tag=b").copy()
    assert copied.getlist("tag") == ["a", "b"] and copied == QueryDict("page=2&tag=a&tag=b")


def test_a_moved_page_is_purged_at_its_old_and_new_urls(plain_site, reader, django_capture_on_commit_callbacks):
    reader.get("/first/")
    reader.get("/second/")
    with django_capture_on_commit_callbacks(execute=True):
        plain_site.first.move(plain_site.second, pos="last-child")
    assert reader.get("/first/").status_code == 404  # not served from the cache at its old URL
    moved = reader.get("/second/first/")
    assert moved.status_code == 200 and moved[HEADER] == "miss"
    assert reader.get("/second/")[HEADER] == "miss"  # its new parent lists it


def test_a_site_change_starts_new_fragments_and_purges_every_page(
    plain_site, reader, django_capture_on_commit_callbacks
):
    template = Template("{% load pagecache_tags %}{% site_fragments as f %}{{ f.timeout }}/{{ f.generation }}")
    before = template.render(Context())
    reader.get("/first/")
    with django_capture_on_commit_callbacks(execute=True):
        site = Site.objects.get(pk=plain_site.site.pk)
        site.site_name = "Cache, renamed"
        site.save()
    after = template.render(Context())
    assert before.split("/")[0] == after.split("/")[0] == "600"
    assert int(after.split("/")[1]) > int(before.split("/")[1])
    assert reader.get("/first/")[HEADER] == "miss"


def test_fragments_say_so_when_the_cache_is_down(settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "down": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "CACHE_ALIAS": "down"}
    assert fragments.generation() == -1  # a key no render stored: the fragments are rendered afresh
    with caplog.at_level(logging.WARNING, logger="pagecache.fragments"):
        fragments.new_generation()  # logged, not raised
    assert "could not start a new fragments generation" in caplog.text

"""Purges reaching a shared cache over real HTTP (a loopback server standing in for Varnish): the URLs of a
published page with the shared token, its cache keys in one xkey request, an unreachable or failing Varnish
logged and never raised into the editor's save, and a bulk change purging once at its end."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from pagecache import affected, purge
from pagecache.backends import TOKEN_HEADER, TokenHTTPBackend, VarnishKeyBackend
from pagecache.keys import object_key
from pagecache.middleware import HEADER

from .conftest import HOST, plain_settings_only

TOKEN = TOKEN_HEADER.lower()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (200, 100), (40, 90, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def varnish(settings, purge_listener):
    """URL purges through ``TokenHTTPBackend`` and key purges through ``VarnishKeyBackend``, both to the listener."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "pagecache.backends.TokenHTTPBackend", "LOCATION": purge_listener.url, "TOKEN": "s3cret"}
    }
    key_backend = {"LOCATION": purge_listener.url, "TOKEN": "s3cret"}
    settings.PAGE_CACHE = {
        **settings.PAGE_CACHE,
        "KEY_PURGE_BACKENDS": {"pagecache.backends.VarnishKeyBackend": key_backend},
    }
    return purge_listener


def test_publishing_purges_the_pages_urls_and_keys_with_the_token(
    plain_site, varnish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plain_site.first.save_revision().publish()  # its first revision
    varnish.requests.clear()
    plain_site.first.title = "First, revised"
    with django_capture_on_commit_callbacks(execute=True):
        plain_site.first.save_revision().publish()
    url_purges = [(path, headers) for method, path, headers in varnish.requests if "xkey-purge" not in headers]
    key_purges = [headers for method, path, headers in varnish.requests if "xkey-purge" in headers]
    assert {method for method, _path, _headers in varnish.requests} == {"PURGE"}
    assert {path for path, _headers in url_purges} >= {"/first/", "/"}  # the page and its parent
    assert all(headers["host"] == HOST and headers[TOKEN] == "s3cret" for _path, headers in url_purges)
    assert len(key_purges) == 1  # every key of the change in one request
    assert f"p{plain_site.first.path}" in key_purges[0]["xkey-purge"].split()
    assert "t" + plain_site.first.path in key_purges[0]["xkey-purge"].split()  # the title changed: what lists it
    assert key_purges[0][TOKEN] == "s3cret" and "xkey-softpurge" not in key_purges[0]
    varnish.requests.clear()
    plain_site.first.search_description = "The first page."
    with django_capture_on_commit_callbacks(execute=True):
        plain_site.first.save_revision().publish()  # the same title: what lists the page need not go
    keys = next(headers["xkey-purge"] for _m, _p, headers in varnish.requests if "xkey-purge" in headers)
    assert "t" + plain_site.first.path not in keys.split() and f"p{plain_site.first.path}" in keys.split()


def test_a_soft_key_purge_asks_varnish_to_keep_serving_while_it_refetches(purge_listener):
    VarnishKeyBackend({"LOCATION": purge_listener.url + "/ignored/path", "SOFT": True}).purge_keys(["p0001", "site"])
    ((method, path, headers),) = purge_listener.requests
    assert (method, path) == ("PURGE", "/")
    assert headers["xkey-purge"] == "p0001 site" and headers["xkey-softpurge"] == "1"
    assert TOKEN not in headers  # no token configured, none sent


def test_a_url_purge_keeps_the_port_and_the_query(purge_listener):
    TokenHTTPBackend({"LOCATION": purge_listener.url}).purge("https://news.example:8443/feed/?page=2")
    ((_method, path, headers),) = purge_listener.requests
    assert path == "/feed/?page=2" and headers["host"] == "news.example:8443"


def test_a_varnish_that_refuses_is_logged_not_raised(purge_listener, caplog):
    purge_listener.status = 403
    with caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"):
        TokenHTTPBackend({"LOCATION": purge_listener.url, "TOKEN": "wrong"}).purge("http://pagecache.test/first/")
        VarnishKeyBackend({"LOCATION": purge_listener.url}).purge_keys(["p0001"])
    assert "Couldn't purge 'http://pagecache.test/first/' from HTTP cache. HTTPError: 403" in caplog.text
    assert "Couldn't purge 1 keys from Varnish. HTTPError: 403" in caplog.text


def test_an_unreachable_varnish_is_logged_not_raised(caplog):
    closed = "http://127.0.0.1:1"  # nothing listens there
    with caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"):
        TokenHTTPBackend({"LOCATION": closed, "TIMEOUT": 2}).purge("http://pagecache.test/first/")
        VarnishKeyBackend({"LOCATION": closed, "TIMEOUT": 2}).purge_keys(["p0001"])
    assert "Couldn't purge 'http://pagecache.test/first/' from HTTP cache. URLError" in caplog.text
    assert "Couldn't purge 1 keys from Varnish. URLError" in caplog.text


def test_a_key_backend_that_cannot_be_set_up_is_logged_and_skipped(plain_site, settings, caplog):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "KEY_PURGE_BACKENDS": {"pagecache.backends.NoSuchBackend": {}}}
    with caplog.at_level(logging.ERROR, logger="pagecache.keys"):
        purge.purge_keys_now(["p0001"])
    assert "key purge backend pagecache.backends.NoSuchBackend could not be set up" in caplog.text


@plain_settings_only
def test_a_bulk_change_purges_once_at_its_end(plain_site, varnish, client, django_capture_on_commit_callbacks):
    client.defaults["HTTP_HOST"] = HOST
    client.get("/first/")
    with django_capture_on_commit_callbacks(execute=True):
        with purge.bulk_changes():
            assert purge.in_bulk()
            for page in (plain_site.first, plain_site.second):
                page.title += " (imported)"
                page.save_revision().publish()
            assert varnish.requests == []  # nothing purged page by page
        assert not purge.in_bulk()
    key_purges = [headers["xkey-purge"] for _m, _p, headers in varnish.requests if "xkey-purge" in headers]
    assert key_purges == ["site"]  # the whole site, in one key purge
    assert {path for _m, path, headers in varnish.requests if "xkey-purge" not in headers} >= {"/first/", "/second/"}
    assert client.get("/first/")[HEADER] == "miss"


def test_deleting_a_page_purges_it(plain_site, varnish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=plain_site.second.pk).delete()
    assert "/second/" in {path for _m, path, headers in varnish.requests if "xkey-purge" not in headers}


def url_purges(listener) -> set[str]:
    return {path for _m, path, headers in listener.requests if "xkey-purge" not in headers}


def key_purges(listener) -> list[str]:
    return [
        key for _m, _p, headers in listener.requests if "xkey-purge" in headers for key in headers["xkey-purge"].split()
    ]


def test_a_menu_change_purges_every_page_of_the_site(plain_site, varnish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plain_site.second.save_revision().publish()
    varnish.requests.clear()
    plain_site.first.show_in_menus = True  # every page's menu now lists it
    with django_capture_on_commit_callbacks(execute=True):
        plain_site.first.save_revision().publish()
    assert {"/", "/first/", "/second/"} <= url_purges(varnish)
    assert "site" in key_purges(varnish)


def test_past_the_url_limit_a_site_wide_change_purges_by_key_only(
    plain_site, varnish, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "URL_PURGE_LIMIT": 1}
    with django_capture_on_commit_callbacks(execute=True):
        site = Site.objects.get(pk=plain_site.site.pk)
        site.site_name = "Renamed"
        site.save()
    assert key_purges(varnish) == ["site"]
    assert "/second/" not in url_purges(varnish)  # not enumerated: the site key reaches every page


@pytest.mark.parametrize("hook", [affected.PAGE_URLS_HOOK, affected.PAGES_READING_HOOK])
def test_a_failing_hook_is_logged_and_the_publication_goes_on(
    hook, plain_site, varnish, caplog, django_capture_on_commit_callbacks
):
    def broken(obj, republished=False):
        raise RuntimeError(f"{hook} unavailable")

    with (
        hooks.register_temporarily(hook, broken),
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
    ):
        revision = plain_site.first.save_revision()
        revision.publish()
    assert Page.objects.get(pk=plain_site.first.pk).live_revision_id == revision.pk
    assert "/first/" in url_purges(varnish)
    assert f"{hook} unavailable" in caplog.text


@plain_settings_only
def test_deleting_an_image_purges_what_shows_it(plain_site, varnish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(title="Harbor", file=ContentFile(jpeg(), name="harbor.jpg"))
        image.get_rendition("width-100")
    pk = image.pk
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert f"wagtailimages.image-{pk}" in key_purges(varnish)


def test_purges_can_go_through_the_task_queue(plain_site, varnish, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "FRONTEND_PURGE": "task"}
    with django_capture_on_commit_callbacks(execute=True):  # the default backend runs a task at once
        purge.purge_now([f"http://{HOST}/first/"])
        purge.purge_keys_now(["p0001"])
    assert url_purges(varnish) == {"/first/"}
    assert key_purges(varnish) == ["p0001"]


def test_a_task_queue_that_cannot_take_the_purge_is_logged(plain_site, varnish, settings, caplog):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "FRONTEND_PURGE": "task"}
    settings.TASKS = {"default": {"BACKEND": "pagecache.tests.NoSuchTaskBackend"}}
    with caplog.at_level(logging.ERROR, logger="pagecache.purge"):
        purge.purge_now([f"http://{HOST}/first/"])
        purge.purge_keys_now(["p0001"])
    assert "Could not send 1 URLs to the frontend cache purge" in caplog.text
    assert "Could not send 1 keys to the frontend cache purge" in caplog.text
    assert varnish.requests == []


def test_a_key_backend_that_fails_is_logged_and_the_change_goes_on(plain_site, settings, caplog):
    # An empty LOCATION (a deploy that forgot the variable): the backend sets up, then cannot build a request.
    settings.PAGE_CACHE = {
        **settings.PAGE_CACHE,
        "KEY_PURGE_BACKENDS": {"pagecache.backends.VarnishKeyBackend": {"LOCATION": ""}},
    }
    with caplog.at_level(logging.ERROR, logger="pagecache.purge"):
        purge.purge_keys_now(["p0001", "p0001", "site"])
    assert "Could not purge 2 keys through VarnishKeyBackend" in caplog.text


def test_a_site_wide_change_alone_starts_new_fragments_and_sends_no_url(plain_site, varnish):
    from pagecache import fragments

    before = fragments.generation()
    purge.purge_now({affected.SITE_WIDE})
    assert fragments.generation() != before
    assert varnish.requests == []
    purge.purge_keys_now([])
    assert varnish.requests == []


def test_a_bulk_change_holds_back_every_kind_of_purge(plain_site, varnish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(title="Harbor", file=ContentFile(jpeg(), name="harbor.jpg"))
        rendition = image.get_rendition("width-100")
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True), purge.bulk_changes():
        Page.objects.get(pk=plain_site.second.pk).specific.unpublish()
        Page.objects.get(pk=plain_site.first.pk).move(plain_site.second, pos="last-child")
        Page.objects.get(pk=plain_site.first.pk).delete()
        rendition.delete()
        image.delete()
        assert varnish.requests == []
    assert key_purges(varnish) == ["site"]  # one purge of everything at the end


def test_an_object_saved_purges_what_its_hooks_named_before_and_after(
    plain_site, varnish, django_capture_on_commit_callbacks
):
    def gallery_of(image):
        return [f"http://{HOST}/galleries/{image.title.lower()}/"]

    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(title="Harbor", file=ContentFile(jpeg(), name="harbor.jpg"))
    varnish.requests.clear()
    with (
        hooks.register_temporarily(affected.OBJECT_URLS_HOOK, gallery_of),
        django_capture_on_commit_callbacks(execute=True),
    ):
        image.title = "Pier"
        image.save()
    assert {"/galleries/harbor/", "/galleries/pier/"} <= url_purges(varnish)  # where it was listed, and is now
    assert object_key(image) in key_purges(varnish)

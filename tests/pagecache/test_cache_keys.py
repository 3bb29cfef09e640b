"""Cache keys: responses name what they show, a change purges its keys in one call, the app cache follows."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from lxml import html

from pagecache import keys
from structured_data import PublisherSettings

pytestmark = [pytest.mark.usefixtures("page_cache"), pytest.mark.django_db]


@pytest.fixture
def keys_only(settings):
    """Key purges alone: no change enumerates the pages that show it (as at archive size)."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "URL_PURGE_LIMIT": 0}


@pytest.fixture
def xkey_sink(settings):
    """A loopback HTTP server recording the key purges Varnish (vmod_xkey) would receive."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.append({"keys": self.headers.get("xkey-purge"), "token": self.headers.get("X-Purge-Token")})
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    location = f"http://127.0.0.1:{server.server_address[1]}"
    settings.PAGE_CACHE = {
        **settings.PAGE_CACHE,
        "KEY_PURGE_BACKENDS": {"pagecache.backends.VarnishKeyBackend": {"LOCATION": location, "TOKEN": "s3cret"}},
    }
    yield received
    server.shutdown()
    server.server_close()


def header_keys(response) -> set[str]:
    return set(response["xkey"].split())


def test_responses_name_what_they_show(client, newsroom):
    article = client.get(newsroom.article.url)
    shown = header_keys(article)
    assert keys.SITE_KEY in shown
    assert keys.path_key(newsroom.article.path) in shown
    assert keys.title_key(newsroom.sections[0].path) in shown  # its section's name, in the breadcrumb
    assert keys.object_key(newsroom.rita) in shown and keys.object_key(newsroom.ferry) in shown
    assert keys.object_key(newsroom.tom) not in shown
    listing = client.get(newsroom.sections[0].url)
    assert {keys.path_key(newsroom.article.path), keys.object_key(newsroom.rita)} <= header_keys(listing)
    hit = client.get(newsroom.article.url)
    assert hit["X-Page-Cache"] == "hit" and header_keys(hit) == shown


def test_an_author_rename_purges_one_key_in_one_call(
    client, newsroom, keys_only, xkey_sink, django_capture_on_commit_callbacks
):
    assert client.get(newsroom.article.url)["X-Page-Cache"] == "miss"
    assert client.get(newsroom.unrelated.url)["X-Page-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.rita.name = "Rita Alvarez-Stone"
        newsroom.rita.save()
    assert xkey_sink == [{"keys": keys.object_key(newsroom.rita), "token": "s3cret"}]
    again = client.get(newsroom.article.url)
    assert again["X-Page-Cache"] == "miss"  # the key's generation moved: the stored copy is stale
    assert "Rita Alvarez-Stone" in html.fromstring(again.content).text_content()
    assert client.get(newsroom.unrelated.url)["X-Page-Cache"] == "hit"


def test_a_section_rename_reaches_the_pages_below_it_by_key(
    client, newsroom, keys_only, xkey_sink, django_capture_on_commit_callbacks
):
    section = newsroom.sections[0]
    client.get(newsroom.article.url)
    client.get(newsroom.unrelated.url)
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()  # the same title: only the section's own key
    assert xkey_sink[-1]["keys"] == keys.path_key(section.path)
    assert client.get(newsroom.article.url)["X-Page-Cache"] == "hit"
    purges = len(xkey_sink)
    with django_capture_on_commit_callbacks(execute=True):
        section.title = "Metro"
        section.save_revision().publish()
    assert len(xkey_sink) == purges + 1  # its own key, what shows its name below it, the menu: one call
    assert set(xkey_sink[-1]["keys"].split()) >= {keys.path_key(section.path), keys.title_key(section.path)}
    again = client.get(newsroom.article.url)
    assert again["X-Page-Cache"] == "miss"
    assert "Metro" in html.fromstring(again.content).text_content()
    other = client.get(newsroom.unrelated.url)  # the menu names the section on every page: the site key
    assert other["X-Page-Cache"] == "miss" and "Metro" in html.fromstring(other.content).text_content()


def test_a_publisher_rename_purges_the_site_key(
    client, newsroom, keys_only, xkey_sink, django_capture_on_commit_callbacks
):
    client.get(newsroom.article.url)
    client.get(newsroom.unrelated.url)
    with django_capture_on_commit_callbacks(execute=True):
        publisher = PublisherSettings.for_site(newsroom.site)
        publisher.name = "The Harbor Herald"
        publisher.save()
    assert [purge["keys"] for purge in xkey_sink] == [keys.SITE_KEY]
    for page in (newsroom.article, newsroom.unrelated):
        assert client.get(page.url)["X-Page-Cache"] == "miss"


def test_a_bulk_change_purges_once_at_the_end(client, newsroom, xkey_sink, django_capture_on_commit_callbacks):
    from pagecache.purge import bulk_changes

    client.get(newsroom.unrelated.url)
    with django_capture_on_commit_callbacks(execute=True), bulk_changes():
        for article in (newsroom.article, newsroom.unrelated):
            article.title = f"{article.title} (imported)"
            article.save_revision().publish()
    assert [purge["keys"] for purge in xkey_sink] == [keys.SITE_KEY]  # no page's own keys: one purge of all
    again = client.get(newsroom.unrelated.url)
    assert again["X-Page-Cache"] == "miss" and "(imported)" in html.fromstring(again.content).text_content()

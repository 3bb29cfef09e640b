"""The page cache's own fixtures: a Wagtail site of plain pages, empty caches for each test, and a loopback
server standing in for Varnish."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.conf import settings
from wagtail.models import Page, Site

HOST = "pagecache.test"

#: For tests that serve the plain site through pagecache's middleware: they need pagecache's own settings (its
#: middleware, URLconf and KEY_PARAMS). The project's suite collects this folder with the newsroom's settings,
#: where the newsroom's integration tests (tests/pagecache/) do that job; CI runs these alone.
plain_settings_only = pytest.mark.skipif(
    settings.ROOT_URLCONF != "pagecache.tests.urls", reason="serves pagecache.tests.settings' plain site"
)


@pytest.fixture(autouse=True)
def _clear_caches() -> Iterator[None]:
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture
def plain_site(db, django_capture_on_commit_callbacks) -> SimpleNamespace:
    """A site of its own (port 80, so URLs carry no port) with a home page and two children.

    Built as if committed before the test began: the purges its saves queue run now, so none is left
    waiting on the test's transaction to swallow the purges a test's own change queues.
    """
    with django_capture_on_commit_callbacks(execute=True):
        root = Page.get_first_root_node()
        home = root.add_child(instance=Page(title="Cache home", slug="cache-home"))
        site = Site.objects.create(hostname=HOST, port=80, root_page=home, site_name="Cache")
        first = home.add_child(instance=Page(title="First", slug="first"))
        second = home.add_child(instance=Page(title="Second", slug="second"))
    return SimpleNamespace(site=site, home=home, first=first, second=second)


@dataclass
class PurgeListener:
    """What a loopback "Varnish" was asked: each request's method, path and headers (names in lower case)."""

    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    status: int = 200
    url: str = ""


@pytest.fixture
def purge_listener() -> Iterator[PurgeListener]:
    """A real HTTP server on loopback standing in for Varnish: it records every request it is sent."""
    listener = PurgeListener()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_PURGE(self) -> None:
            listener.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
            self.send_response(listener.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    listener.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield listener
    server.shutdown()
    server.server_close()

"""Hostile inputs each give a clear ArticleImportError, within bounded time and memory."""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
from contextlib import ExitStack, contextmanager

import pytest

from importer import fetch as fetch_module
from importer.errors import (
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    ParseError,
    ResponseTooLargeError,
    UnsafeURLError,
)
from importer.extract import extract, parse_html
from importer.fetch import address_allowed, fetch
from tests.support.import_helpers import respond, serve

PAGE = b"<html><head><title>Hi</title></head><body><h1>Hello</h1><p>Text.</p></body></html>"


@pytest.fixture
def loopback(settings):
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": True}
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "CONNECT_TIMEOUT": 2}
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "READ_TIMEOUT": 1}
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "DEADLINE": 2}
    return settings


@contextmanager
def bounded(seconds: float, megabytes: float = 64):
    tracemalloc.start()
    started = time.monotonic()
    try:
        yield
    finally:
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < seconds, f"took {elapsed:.1f}s"
        assert peak < megabytes * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


# Parsing ---------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html><head><title>&lol9;</title></head><body><h1>&lol9;</h1></body></html>"""


def test_billion_laughs_is_refused():
    with bounded(1, 16), pytest.raises(ParseError, match="declares entities"):
        extract(BILLION_LAUGHS, "https://example.com/")


def test_ten_megabyte_text_node_is_reported_not_imported_empty():
    page = b"<html><body><h1>Big</h1><p>" + b"a" * (10 * 1024 * 1024) + b"</p></body></html>"
    with bounded(3, 80), pytest.raises(ParseError, match="text node"):
        extract(page, "https://example.com/")


def test_libxml2s_own_text_limit_is_reported_too(settings):
    """With our own pre-check out of the way, libxml2's truncation is still caught from its error log."""
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "MAX_TEXT_NODE_CHARS": 50 * 1024 * 1024}
    page = b"<html><body><h1>Big</h1><p>" + b"a" * (11 * 1000 * 1000) + b"</p></body></html>"
    with bounded(5, 120), pytest.raises(ParseError, match="text node"):
        parse_html(page)


def test_nesting_deeper_than_1000_is_reported():
    page = b"<html><body><h1>Deep</h1>" + b"<div>" * 1500 + b"x" + b"</div>" * 1500 + b"<p>after</p></body></html>"
    with bounded(2, 32), pytest.raises(ParseError, match="nested deeper"):
        extract(page, "https://example.com/")


def test_jsonld_nested_too_deeply_is_skipped_with_a_warning():
    deep = "[" * 100_000 + "]" * 100_000
    page = (
        '<html><head><script type="application/ld+json">' + deep + "</script>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Still here"}</script>'
        "</head><body></body></html>"
    )
    with bounded(3, 64):
        extraction = extract(page.encode(), "https://example.com/")
    assert extraction.fields["headline"] == "Still here"
    assert any("skipped" in warning for warning in extraction.warnings)


# Addresses -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "224.0.0.1"  # noqa: S104, "::1",
     "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "100.64.0.1", "240.0.0.1", "2002:a00:1::"],
)  # fmt: skip
def test_internal_addresses_are_refused(address):
    assert not address_allowed(address, allow_loopback=False)


def test_public_addresses_are_allowed():
    assert address_allowed("93.184.215.14", allow_loopback=False)
    assert address_allowed("2606:4700::6810:84e5", allow_loopback=False)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x", "http://", "javascript:x"])
def test_only_http_and_https(url):
    with pytest.raises(UnsafeURLError):
        fetch(url)


def test_loopback_is_refused_unless_allowed(settings):
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": False}
    hits = []

    def page(request):
        hits.append(request.path)
        respond(PAGE)(request)

    with serve({"/": page}) as base, pytest.raises(UnsafeURLError, match="internal address"):
        fetch(base + "/")
    assert hits == []


@contextmanager
def pretend_public(monkeypatch, public: str):
    """Treat ``public`` (a loopback alias) as a public address; every other loopback stays refused."""
    real = fetch_module.address_allowed

    def allowed(address, *, allow_loopback=None):
        return address == public or real(address, allow_loopback=False)

    monkeypatch.setattr(fetch_module, "address_allowed", allowed)
    yield


@pytest.fixture
def alias():
    """A server on 127.0.0.2, another loopback alias: (its routes, to fill in; its base URL)."""
    routes = {}
    with ExitStack() as stack:
        try:
            base = stack.enter_context(serve(routes, host="127.0.0.2"))
        except OSError:
            pytest.skip("cannot bind 127.0.0.2 here")
        yield routes, base


def test_redirect_to_127_0_0_1_is_refused(settings, monkeypatch, alias):
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": False}
    secret_hits = []
    public_routes, public_base = alias

    def secret(request):
        secret_hits.append(request.path)
        respond(b"<html><body><h1>internal admin</h1></body></html>")(request)

    with serve({"/admin": secret}) as internal:

        def redirect(request):
            request.send_response(302)
            request.send_header("Location", internal + "/admin")
            request.send_header("Content-Length", "0")
            request.end_headers()

        public_routes["/story"] = redirect
        refused = pytest.raises(UnsafeURLError, match=r"127\.0\.0\.1")
        with pretend_public(monkeypatch, "127.0.0.2"), bounded(3), refused:
            fetch(public_base + "/story")
    assert secret_hits == []


def test_dns_answer_is_pinned_to_the_vetted_address(settings, monkeypatch, alias):
    """A name that resolves to a public address first and an internal one later (DNS rebinding)
    is fetched from the first, vetted address, with the original Host header."""
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": False}
    seen = []
    public_routes, public_base = alias
    port = int(public_base.rsplit(":", 1)[1])

    def story(request):
        seen.append(request.headers["Host"])
        respond(PAGE)(request)

    public_routes["/story"] = story
    answers = iter(["127.0.0.2", "127.0.0.1", "127.0.0.1"])
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "rebind.example":
            address = next(answers)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pretend_public(monkeypatch, "127.0.0.2"):
        fetched = fetch(f"http://rebind.example:{port}/story")
    assert fetched.content == PAGE
    assert seen == [f"rebind.example:{port}"]


def test_too_many_redirects(loopback):
    routes = {}
    with serve(routes) as base:
        for hop in range(10):
            routes[f"/r{hop}"] = respond(b"", status=302, headers={"Location": f"{base}/r{hop + 1}"})
        with bounded(3), pytest.raises(FetchError, match="more than 5 redirects"):
            fetch(base + "/r0")


# Size, time, type -------------------------------------------------------------------------------


def test_gzip_bomb_is_stopped_at_the_cap(loopback):
    bomb = gzip.compress(b"<html><body><p>" + b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 1024 * 1024  # a small download...
    route = respond(bomb, headers={"Content-Encoding": "gzip"})
    refused = pytest.raises(ResponseTooLargeError, match="decompresses to more than")
    with serve({"/bomb": route}) as base, bounded(5, 48), refused:
        fetch(base + "/bomb")


def test_deflate_bomb_is_stopped_too(loopback):
    import zlib

    bomb = zlib.compress(b"\0" * (100 * 1024 * 1024), 9)
    route = respond(bomb, headers={"Content-Encoding": "deflate"})
    with serve({"/bomb": route}) as base, bounded(5, 48), pytest.raises(ResponseTooLargeError):
        fetch(base + "/bomb")


def test_body_over_the_cap_without_content_length(loopback):
    def endless(request):
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()  # no Content-Length: the body runs until the connection closes
        chunk = b"<p>" + b"x" * 65533
        for _ in range(400):  # 26 MB if nobody stops it
            request.wfile.write(chunk)

    with serve({"/big": endless}) as base, bounded(5, 48), pytest.raises(ResponseTooLargeError, match="more than"):
        fetch(base + "/big")


def test_declared_length_over_the_cap_is_refused_before_reading(loopback):
    def liar(request):
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(50 * 1024 * 1024))
        request.end_headers()
        request.wfile.write(b"<p>hi</p>")

    with serve({"/big": liar}) as base, pytest.raises(ResponseTooLargeError, match="over the"):
        fetch(base + "/big")


def test_slow_server_hits_the_deadline(loopback):
    def trickle(request):
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", "1000")
        request.end_headers()
        for _ in range(50):  # one byte every 0.2 s: each read succeeds, the whole never ends
            request.wfile.write(b"a")
            request.wfile.flush()
            time.sleep(0.2)

    with serve({"/slow": trickle}) as base, bounded(4), pytest.raises(FetchTimeoutError):
        fetch(base + "/slow")


def test_silent_server_hits_the_read_timeout(loopback):
    def silent(request):
        time.sleep(4)

    with serve({"/silent": silent}) as base, bounded(3), pytest.raises(FetchTimeoutError):
        fetch(base + "/silent")


def test_content_type_is_checked(loopback):
    routes = {"/pdf": respond(b"%PDF-1.4", "application/pdf"), "/page": respond(PAGE)}
    with serve(routes) as base:
        with pytest.raises(ContentTypeError, match="not HTML"):
            fetch(base + "/pdf")
        with pytest.raises(ContentTypeError, match="not an image"):
            fetch(base + "/page", "image")
        assert fetch(base + "/page").content == PAGE


@pytest.mark.django_db
def test_import_command_over_http_reports_the_failure(loopback, tmp_path):
    """End to end: the command imports a good URL and reports the hostile one, exit status non-zero."""
    import io

    from django.core.management import CommandError, call_command

    from tests.support.builders import build_site

    good = (
        b'<html><head><link rel="canonical" href="https://partner.example/story">'
        b'<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Partner story",'
        b'"description": "From a partner.", "datePublished": "2024-01-01T10:00:00Z"}</script></head>'
        b"<body><p>Body.</p></body></html>"
    )
    bomb = gzip.compress(b"\0" * (30 * 1024 * 1024))
    routes = {"/good": respond(good), "/bomb": respond(bomb, headers={"Content-Encoding": "gzip"})}
    build_site()
    out = io.StringIO()
    with serve(routes) as base, pytest.raises(CommandError):
        call_command("import_articles", base + "/good", base + "/bomb", stdout=out, stderr=io.StringIO())
    assert "1 imported, 0 updated, 0 skipped, 1 failed" in out.getvalue()
    assert "decompresses to more than" in out.getvalue()

"""The safe fetcher's rules (``structured_data.safe_fetch``), against real servers on loopback addresses.

Shared by everything that fetches URLs someone else wrote: the checker's crawler, and a site's importer
built on it. Plain pytest, no database: ``python -m pytest structured_data/tests/test_safe_fetch.py``.
A second loopback alias, 127.0.0.2, plays "the public site" where a test needs one, through the
policy's explicit ``also_allow`` list; every other internal address stays refused.
"""

from __future__ import annotations

import gzip
import http.server
import socket
import ssl
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

import pytest

from structured_data import safe_fetch
from structured_data.safe_fetch import AddressPolicy, Limits

PAGE = b"<html><body><h1>Hello</h1></body></html>"
Route = Callable[[http.server.BaseHTTPRequestHandler], None]


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    requests: list[str] = field(default_factory=list)


def answer(body: bytes, content_type: str = "text/html", status: int = 200, **headers: str) -> Route:
    def route(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            request.send_header(name.replace("_", "-"), value)
        request.end_headers()
        request.wfile.write(body)

    return route


def redirect(location: str) -> Route:
    return answer(b"", status=302, Location=location)


@contextmanager
def serve(
    routes: dict[str, Route] | None = None, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None
) -> Iterator[Server]:
    """A threaded HTTP (or, with ``tls``, HTTPS) server on ``host`` (a free port) recording every path asked for."""
    server_routes: dict[str, Route] = dict(routes or {})
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            requests.append(self.path)
            route = server_routes.get(self.path.split("?", 1)[0])
            if route is None:
                self.send_error(404)
                return
            with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
                route(self)

    try:
        httpd = http.server.ThreadingHTTPServer((host, 0), Handler)
    except OSError:
        pytest.skip(f"cannot bind {host} here")
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"{'https' if tls else 'http'}://{host}:{httpd.server_address[1]}", server_routes, requests)
    finally:
        httpd.shutdown()
        httpd.server_close()


LOOPBACK_ALLOWED = AddressPolicy(allow_loopback=True)
FAST = Limits(connect_timeout=2, read_timeout=2, deadline=1.0, max_bytes=1024 * 1024)


# Addresses -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "fe80::1",
     "fc00::1", "fd12::1", "0.0.0.0", "::",  # noqa: S104 "224.0.0.1", "ff02::1", "240.0.0.1", "255.255.255.255", "100.64.0.1",
     "198.18.0.1", "192.0.2.1", "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
     "2002:a00:1::", "2002:7f00:1::", "2001:0:4136:e378:8000:63bf:80ff:fefe", "not an address"],
)  # fmt: skip
def test_internal_addresses_are_refused(address):
    assert not safe_fetch.is_public_address(address)
    assert not AddressPolicy()(address)


def test_public_addresses_are_allowed():
    for address in ("93.184.215.14", "2606:4700::6810:84e5", "::ffff:93.184.215.14", "8.8.8.8"):
        assert safe_fetch.is_public_address(address) and AddressPolicy()(address), address


def test_widening_the_policy_is_explicit_and_narrow():
    assert AddressPolicy(allow_loopback=True)("127.0.0.1") and AddressPolicy(allow_loopback=True)("::ffff:127.0.0.1")
    assert not AddressPolicy(allow_loopback=True)("10.0.0.1")  # loopback only, private stays refused
    one = AddressPolicy.allowing("10.0.0.5", "192.168.7.0/24")
    assert one("10.0.0.5") and one("192.168.7.200") and one("::ffff:10.0.0.5")
    assert not one("10.0.0.6") and not one("127.0.0.1") and not one("169.254.169.254")
    assert AddressPolicy(allow_private=True)("169.254.169.254")
    with pytest.raises(ValueError):
        AddressPolicy.allowing("not-a-network")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x", "http://", "javascript:x"])
def test_only_http_and_https(url):
    with pytest.raises(safe_fetch.UnsafeURL):
        safe_fetch.fetch(url)


def test_loopback_is_refused_by_default_and_never_asked():
    with serve({"/internal/secret": answer(b"the secret")}) as server:
        with pytest.raises(safe_fetch.AddressRefused, match=r"^refused: private address \(127\.0\.0\.1"):
            safe_fetch.fetch(server.base + "/internal/secret")
        assert server.requests == []
        assert (
            safe_fetch.fetch(server.base + "/internal/secret", address_allowed=LOOPBACK_ALLOWED).body == b"the secret"
        )


def test_a_name_resolving_to_loopback_is_refused():
    with serve({"/": answer(PAGE)}) as server:
        port = server.base.rsplit(":", 1)[1]
        with pytest.raises(safe_fetch.AddressRefused, match="refused: private address"):
            safe_fetch.fetch(f"http://localhost:{port}/")
    assert server.requests == []


def test_a_redirect_to_an_internal_address_is_refused():
    with serve({"/secret": answer(b"internal admin")}) as internal, serve(host="127.0.0.2") as public:
        public.routes["/story"] = redirect(internal.base + "/secret")
        started = time.monotonic()
        with pytest.raises(safe_fetch.AddressRefused, match=r"127\.0\.0\.1"):
            safe_fetch.fetch(public.base + "/story", address_allowed=AddressPolicy.allowing("127.0.0.2"))
        assert time.monotonic() - started < 3
    assert public.requests == ["/story"]
    assert internal.requests == []


def test_the_connection_goes_to_the_vetted_address(monkeypatch):
    """DNS rebinding: the name answers a public address first and an internal one later; the fetch
    connects to the first, vetted one, with the original Host header."""
    seen: list[str] = []

    def story(request: http.server.BaseHTTPRequestHandler) -> None:
        seen.append(request.headers["Host"])
        answer(PAGE)(request)

    with serve({"/story": story}, host="127.0.0.2") as public:
        port = int(public.base.rsplit(":", 1)[1])
        answers = iter(["127.0.0.2", "127.0.0.1", "127.0.0.1"])
        real_getaddrinfo = socket.getaddrinfo

        def rebinding(host, *args, **kwargs):
            if host == "rebind.example":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
            return real_getaddrinfo(host, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        response = safe_fetch.fetch(
            f"http://rebind.example:{port}/story", address_allowed=AddressPolicy.allowing("127.0.0.2")
        )
    assert response.body == PAGE
    assert seen == [f"rebind.example:{port}"]


def certificates(tmp_path, name: str) -> tuple[str, str, str]:
    """(CA certificate PEM, server certificate file, key file) for ``name``, made for this test."""
    import datetime

    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def certificate(subject: str, key, issuer: str, issuer_key, *, ca: bool, san: str | None = None):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            # Python 3.13's default context verifies strictly (VERIFY_X509_STRICT): key identifiers required.
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        )
        if ca:
            builder = builder.add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
        if san:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = certificate("Test CA", ca_key, "Test CA", ca_key, ca=True)
    leaf = certificate(name, key, "Test CA", ca_key, ca=False, san=name)
    cert_file, key_file = tmp_path / "server.pem", tmp_path / "server.key"
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca.public_bytes(serialization.Encoding.PEM).decode(), str(cert_file), str(key_file)


def test_tls_goes_to_the_vetted_address_with_the_hosts_name_and_certificate(monkeypatch, tmp_path):
    """HTTPS to a pinned address still sends the host's name (SNI, ``Host``) and checks its certificate."""
    ca, cert_file, key_file = certificates(tmp_path, "pinned.example")
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)
    server_names: list[str | None] = []
    server_tls.sni_callback = lambda _socket, name, _context: server_names.append(name)
    hosts: list[str] = []

    def story(request: http.server.BaseHTTPRequestHandler) -> None:
        hosts.append(request.headers["Host"])
        answer(PAGE)(request)

    with serve({"/story": story}, host="127.0.0.2", tls=server_tls) as server:
        port = int(server.base.rsplit(":", 1)[1])
        real_getaddrinfo = socket.getaddrinfo

        def resolver(host, *args, **kwargs):
            if host in ("pinned.example", "other.example"):
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", port))]
            return real_getaddrinfo(host, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        allowed = AddressPolicy.allowing("127.0.0.2")
        trusted = ssl.create_default_context(cadata=ca)
        response = safe_fetch.fetch(
            f"https://pinned.example:{port}/story", address_allowed=allowed, ssl_context=trusted
        )
        assert response.body == PAGE
        assert hosts == [f"pinned.example:{port}"] and server_names == ["pinned.example"]
        # The same address under a name its certificate does not carry, or without the CA: refused.
        with pytest.raises(safe_fetch.FetchError, match="could not fetch"):
            safe_fetch.fetch(f"https://other.example:{port}/story", address_allowed=allowed, ssl_context=trusted)
        with pytest.raises(safe_fetch.FetchError, match="could not fetch"):
            safe_fetch.fetch(f"https://pinned.example:{port}/story", address_allowed=allowed)
    assert hosts == [f"pinned.example:{port}"]


# Redirects -------------------------------------------------------------------------------------


def test_redirects_are_followed_at_most_five_times():
    with serve() as server:
        for hop in range(10):
            server.routes[f"/r{hop}"] = redirect(f"/r{hop + 1}")
        server.routes["/r5"] = answer(PAGE)
        response = safe_fetch.fetch(server.base + "/r0", address_allowed=LOOPBACK_ALLOWED)
        assert (response.url, response.body) == (server.base + "/r5", PAGE)
        server.routes["/r5"] = redirect("/r6")
        with pytest.raises(safe_fetch.TooManyRedirects, match="more than 5 redirects"):
            safe_fetch.fetch(server.base + "/r0", address_allowed=LOOPBACK_ALLOWED)
        assert "/r6" not in server.requests


# Time ------------------------------------------------------------------------------------------


def drip(headers_too: bool = False) -> Route:
    """One byte every 0.2 s for 20 s: each read succeeds well within its timeout, the whole never ends."""

    def route(request: http.server.BaseHTTPRequestHandler) -> None:
        if headers_too:
            request.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(100):
                request.wfile.write(b"X")
                request.wfile.flush()
                time.sleep(0.2)
            return
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", "1000")
        request.end_headers()
        for _ in range(100):
            request.wfile.write(b"a")
            request.wfile.flush()
            time.sleep(0.2)

    return route


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_drip_is_cut_off_at_the_deadline(headers_too):
    with serve({"/drip": drip(headers_too)}) as server:
        started = time.monotonic()
        with pytest.raises(safe_fetch.TimedOut):
            safe_fetch.fetch(server.base + "/drip", limits=FAST, address_allowed=LOOPBACK_ALLOWED)
        elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 2.0, elapsed


def test_the_deadline_covers_every_redirect():
    def slow_redirect(request: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(0.4)
        redirect("/slow")(request)

    with serve({"/slow": slow_redirect}) as server:
        started = time.monotonic()
        limits = Limits(deadline=1.0, max_redirects=50)
        with pytest.raises(safe_fetch.TimedOut):
            safe_fetch.fetch(server.base + "/slow", limits=limits, address_allowed=LOOPBACK_ALLOWED)
    assert time.monotonic() - started < 2.0


# Size ------------------------------------------------------------------------------------------


@contextmanager
def peak_memory_below(megabytes: float) -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < megabytes * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # about 64 KiB that grow to 64 MiB


def test_a_gzip_bomb_in_content_encoding_stops_at_the_cap():
    refused = pytest.raises(safe_fetch.TooLarge, match="decompresses to more than 1,048,576 bytes")
    with serve({"/bomb": answer(BOMB, Content_Encoding="gzip")}) as server, peak_memory_below(12), refused:
        safe_fetch.fetch(server.base + "/bomb", limits=FAST, address_allowed=LOOPBACK_ALLOWED)


def test_a_gzip_file_bomb_stops_at_the_cap():
    """A ``.xml.gz`` file (gzip as the body itself, not as a Content-Encoding), gunzipped on request."""
    refused = pytest.raises(safe_fetch.TooLarge, match="decompresses to more than")
    with serve({"/sitemap.xml.gz": answer(BOMB, "application/x-gzip")}) as server, peak_memory_below(12), refused:
        safe_fetch.fetch(server.base + "/sitemap.xml.gz", limits=FAST, address_allowed=LOOPBACK_ALLOWED, gunzip=True)
    with peak_memory_below(12), pytest.raises(safe_fetch.TooLarge):
        safe_fetch.bounded_gunzip(BOMB, 1024 * 1024)


def test_gzip_files_and_encodings_are_read_whole_within_the_cap():
    xml = b"<urlset>" + b"<url><loc>https://example.com/</loc></url>" * 1000 + b"</urlset>"
    gzipped = gzip.compress(xml)
    routes = {
        "/plain.xml": answer(xml, "application/xml"),
        "/file.xml.gz": answer(gzipped, "application/x-gzip"),
        "/both.xml.gz": answer(gzip.compress(gzip.compress(xml)), "application/x-gzip", Content_Encoding="gzip"),
        "/deflate.xml": answer(zlib.compress(xml), "application/xml", Content_Encoding="deflate"),
    }
    with serve(routes) as server:
        for path in routes:
            response = safe_fetch.fetch(server.base + path, address_allowed=LOOPBACK_ALLOWED, gunzip=True)
            assert response.body == xml, path
        # Without gunzip a gzip file stays as it came (an image or an archive is not ours to open).
        response = safe_fetch.fetch(server.base + "/file.xml.gz", address_allowed=LOOPBACK_ALLOWED)
        assert response.body == gzipped


def test_a_body_over_the_cap_and_a_declared_length_over_it():
    def endless(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        for _ in range(400):
            request.wfile.write(b"x" * 65536)

    def liar(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(50 * 1024 * 1024))
        request.end_headers()
        request.wfile.write(b"<p>hi</p>")

    with serve({"/endless": endless, "/liar": liar}) as server:
        with pytest.raises(safe_fetch.TooLarge, match="sent more than"):
            safe_fetch.fetch(server.base + "/endless", limits=FAST, address_allowed=LOOPBACK_ALLOWED)
        with pytest.raises(safe_fetch.TooLarge, match="over the"):
            safe_fetch.fetch(server.base + "/liar", limits=FAST, address_allowed=LOOPBACK_ALLOWED)


def test_the_media_type_is_checked_before_the_body_is_read():
    with serve({"/pdf": answer(b"%PDF-1.4", "application/pdf"), "/missing": answer(b"gone", status=404)}) as server:
        with pytest.raises(safe_fetch.UnexpectedContentType) as caught:
            safe_fetch.fetch(server.base + "/pdf", address_allowed=LOOPBACK_ALLOWED, media_types={"text/html"})
        assert caught.value.media_type == "application/pdf"
        missing = safe_fetch.fetch(server.base + "/missing", address_allowed=LOOPBACK_ALLOWED)
        assert (missing.status, missing.body) == (404, b"")

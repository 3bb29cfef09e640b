"""GET a URL from the public internet only, within a byte cap and a deadline: a fetcher safe to point at
URLs that someone else wrote (a sitemap's ``<loc>``, an image URL in a page's JSON-LD, a page to import).

Why each rule:

* Only ``http`` and ``https``; every address the host name resolves to must pass ``address_allowed``
  (by default :class:`AddressPolicy`: public unicast only; IPv4 addresses embedded in IPv6 ones,
  such as ``::ffff:10.0.0.1``, 6to4 and Teredo, are judged as the IPv4 address). The name is resolved
  here, the addresses vetted, then the connection goes to the vetted address with the original
  ``Host`` header and TLS server name (and certificate check), so a second DNS answer cannot swap in
  an internal address (DNS rebinding). Redirects are followed by hand, each hop vetted the same way.
* A total deadline for the whole fetch, redirects included, besides the connect and read timeouts:
  a watchdog shuts the socket when it passes, so a server dripping a byte at a time (headers or body)
  is cut off at the deadline, not after one read timeout per byte.
* A byte cap counted both on what arrives and on what it decompresses to (``Content-Encoding`` and,
  with ``gunzip=True``, a gzip file such as ``sitemap.xml.gz``), decompressed a chunk at a time, so a
  gzip bomb costs at most the cap in memory.
* With ``media_types``, a 2xx answer of another type is refused before its body is read.

Everything is a parameter (no Django settings are read): the checker and a site's importer pass their own.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError
from urllib3.response import HTTPResponse

__all__ = [
    "AddressPolicy",
    "AddressRefused",
    "FetchError",
    "HostUnresolved",
    "Limits",
    "Response",
    "TimedOut",
    "TooLarge",
    "TooManyRedirects",
    "UnexpectedContentType",
    "UnsafeURL",
    "bounded_gunzip",
    "fetch",
    "is_public_address",
    "resolve",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 64 * 1024
PIECE = 256 * 1024


# Errors ----------------------------------------------------------------------------------------


class FetchError(Exception):
    """The URL could not be fetched within the rules; the message says why, fit for a report."""


class UnsafeURL(FetchError):
    """The URL's scheme or form is not one we fetch (only absolute http and https URLs)."""


class AddressRefused(UnsafeURL):
    """The host resolves to an address the policy refuses (loopback, private, link-local, ...)."""

    def __init__(self, url: str, host: str, addresses: list[str]) -> None:
        self.url, self.host, self.addresses = url, host, addresses
        super().__init__(f"refused: private address ({host} resolves to {', '.join(addresses)})")


class HostUnresolved(FetchError):
    """The host name does not resolve (DNS); every URL on that host will fail the same way."""

    def __init__(self, host: str, why: str) -> None:
        self.host = host
        super().__init__(f"cannot resolve {host!r}: {why}")


class TimedOut(FetchError):
    """A connect or read timeout, or the fetch's total deadline, ran out."""


class TooLarge(FetchError):
    """The body, as received or as decompressed, went over the byte cap."""


class TooManyRedirects(FetchError):
    """More redirects than allowed."""


class UnexpectedContentType(FetchError):
    """A 2xx answer of a media type the caller did not ask for (its body was not read)."""

    def __init__(self, url: str, media_type: str, content_type: str) -> None:
        self.url, self.media_type, self.content_type = url, media_type, content_type
        super().__init__(f"{url} is {media_type or 'untyped'}")


# Addresses -------------------------------------------------------------------------------------


def _ip(address: str | IPAddress) -> IPAddress | None:
    if isinstance(address, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return address
    try:
        return ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None


def _unwrap(ip: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped, 6to4 or Teredo IPv6 address; else ``ip`` itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return embedded
    return ip


def is_public_address(address: str | IPAddress) -> bool:
    """Public unicast: not loopback, private, link-local, multicast, reserved, unspecified or shared."""
    ip = _ip(address)
    if ip is None:
        return False
    ip = _unwrap(ip)
    if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return False
    return ip.is_global


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses a fetch may connect to; public unicast only unless widened on purpose.

    ``allow_private`` allows every address (checking a staging site on an intranet, the checker's
    ``--allow-private``); ``allow_loopback`` allows loopback only (serving test pages on 127.0.0.1);
    ``also_allow`` lists networks allowed besides public ones (one intranet host, or a loopback alias
    a test treats as "the public site" while every other internal address stays refused).
    """

    allow_private: bool = False
    allow_loopback: bool = False
    also_allow: tuple[IPNetwork, ...] = ()

    @classmethod
    def allowing(cls, *networks: str, allow_loopback: bool = False) -> AddressPolicy:
        """Public addresses and these networks (``"10.0.0.5"``, ``"10.1.0.0/16"``); ``ValueError`` for a bad one."""
        also = tuple(ipaddress.ip_network(network, strict=False) for network in networks)
        return cls(allow_loopback=allow_loopback, also_allow=also)

    def __call__(self, address: str) -> bool:
        if self.allow_private:
            return True
        ip = _ip(address)
        if ip is None:
            return False
        inner = _unwrap(ip)
        if any(candidate in network for network in self.also_allow for candidate in {ip, inner}
               if candidate.version == network.version):  # fmt: skip
            return True
        if inner.is_loopback:
            return self.allow_loopback
        return is_public_address(ip)


@dataclass(frozen=True)
class Target:
    """Where one hop connects: the URL's scheme, host and port, and the vetted address."""

    scheme: str
    host: str
    port: int
    address: str
    path: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == (443 if self.scheme == "https" else 80) else f"{host}:{self.port}"


def resolve(url: str, address_allowed: Callable[[str], bool] | None = None) -> Target:
    """Check ``url``'s form, resolve its host and vet every address; raise :class:`UnsafeURL` otherwise."""
    address_allowed = AddressPolicy() if address_allowed is None else address_allowed
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeURL(f"malformed URL {url!r}: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL(f"only http and https URLs are fetched, not {scheme or 'no scheme'!r}: {url}")
    host = parts.hostname
    if not host:
        raise UnsafeURL(f"URL without a host: {url}")
    port = port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as error:
        raise HostUnresolved(host, str(error)) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise HostUnresolved(host, "no address")
    refused = [address for address in addresses if not address_allowed(address)]
    if refused:
        raise AddressRefused(url, host, refused)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, host, port, addresses[0], path)


# Decompression ---------------------------------------------------------------------------------


class _Decoder:
    """Incremental decompression of one encoding, its output counted against ``limit``.

    Output comes in pieces of at most ``PIECE`` bytes, so no step holds more than the cap in memory.
    """

    def __init__(self, encoding: str, limit: int, what: str = "body") -> None:
        self.encoding, self.limit, self.what, self.total = encoding, limit, what, 0
        self._obj: zlib._Decompress | None = None
        if encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding not in ("", "identity", "deflate"):  # deflate: zlib or raw, decided on the first bytes
            raise FetchError(f"unsupported content encoding {encoding!r}")

    def feed(self, data: bytes) -> list[bytes]:
        if self.encoding in ("", "identity"):
            return [self._count(data)] if data else []
        if self._obj is None:
            zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        out = []
        pending = data
        try:
            while pending and not self._obj.eof:
                out.append(self._count(self._obj.decompress(pending, min(PIECE, self.limit - self.total + 1))))
                pending = self._obj.unconsumed_tail
        except zlib.error as error:
            raise FetchError(f"corrupt {self.encoding} {self.what}: {error}") from None
        return out

    def finish(self) -> list[bytes]:
        if self._obj is None:
            return []
        try:
            return [self._count(self._obj.flush())]
        except zlib.error as error:
            raise FetchError(f"corrupt {self.encoding} {self.what}: {error}") from None

    def _count(self, chunk: bytes) -> bytes:
        self.total += len(chunk)
        if self.total > self.limit:
            raise TooLarge(f"{self.what} decompresses to more than {self.limit:,} bytes")
        return chunk


class _GunzipIfGzip:
    """Passes bytes through, or gunzips them (bounded) when they start with the gzip magic number."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.head = b""
        self.decoder: _Decoder | None = None
        self.decided = False

    def feed(self, data: bytes) -> list[bytes]:
        if not self.decided:
            self.head += data
            if len(self.head) < len(GZIP_MAGIC):
                return []
            data, self.head, self.decided = self.head, b"", True
            if data.startswith(GZIP_MAGIC):
                self.decoder = _Decoder("gzip", self.limit, "gzip file")
        return self.decoder.feed(data) if self.decoder is not None else [data]

    def finish(self) -> list[bytes]:
        return self.decoder.finish() if self.decoder is not None else [self.head]


def bounded_gunzip(data: bytes, limit: int) -> bytes:
    """``data`` gunzipped a chunk at a time, refusing more than ``limit`` bytes of output (:class:`TooLarge`)."""
    decoder = _Decoder("gzip", limit, "gzip file")
    out = bytearray()
    for start in range(0, len(data), CHUNK):
        for piece in decoder.feed(data[start : start + CHUNK]):
            out += piece
    for piece in decoder.finish():
        out += piece
    return bytes(out)


# HTTP ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """How long and how much one fetch may take; ``deadline`` covers every redirect and the whole body."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True)
class Response:
    """The final answer after redirects; ``body`` is read (and decoded) for 2xx answers only."""

    url: str
    status: int
    content_type: str  # the header as sent ("" when none)
    body: bytes = b""

    @property
    def media_type(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.content_type.split(";")[1:]:
            key, _, value = param.strip().partition("=")
            if key.lower() == "charset" and value.strip("\"' "):
                return value.strip("\"' ")
        return None


class _Watchdog:
    """Shuts a connection's socket when the deadline passes, so no blocked read outlives it."""

    def __init__(self, seconds: float, connection: HTTPConnection) -> None:
        self.fired = False
        self._connection = connection
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = getattr(self._connection, "sock", None)
        if sock is not None:
            # The plain socket's shutdown, also for a TLS socket (whose own would drop its state under a reader).
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


def fetch(
    url: str,
    *,
    limits: Limits | None = None,
    address_allowed: Callable[[str], bool] | None = None,
    headers: Mapping[str, str] | None = None,
    media_types: Collection[str] | None = None,
    gunzip: bool = False,
    ssl_context: ssl.SSLContext | None = None,
) -> Response:
    """GET ``url`` under the rules in the module docstring; raise a :class:`FetchError` otherwise.

    ``address_allowed`` (default :class:`AddressPolicy()`) is asked about every address of every hop.
    Non-2xx answers other than redirects are returned with an empty body, for the caller to report.
    ``ssl_context`` replaces the system's trusted certificates (an intranet's own CA); the certificate
    must still name the URL's host.
    """
    limits = limits or Limits()
    address_allowed = AddressPolicy() if address_allowed is None else address_allowed
    deadline = time.monotonic() + limits.deadline
    current = url
    for _hop in range(limits.max_redirects + 1):
        target = resolve(current, address_allowed)
        location, response = _get(current, target, limits, deadline, headers or {}, media_types, gunzip, ssl_context)
        if response is not None:
            return response
        if not location:
            raise FetchError(f"redirect without a Location from {current}")
        current = urljoin(current, location.strip())
    raise TooManyRedirects(f"more than {limits.max_redirects} redirects, starting from {url}")


def _remaining(deadline: float, url: str, limits: Limits) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimedOut(f"gave up on {url}: it took longer than {limits.deadline:g} seconds")
    return remaining


def _get(
    url: str,
    target: Target,
    limits: Limits,
    deadline: float,
    extra_headers: Mapping[str, str],
    media_types: Collection[str] | None,
    gunzip: bool,
    ssl_context: ssl.SSLContext | None = None,
) -> tuple[str | None, Response | None]:
    """One hop: (Location, None) for a redirect, else (None, the response)."""
    remaining = _remaining(deadline, url, limits)
    connection: HTTPConnection
    if target.scheme == "https":
        connection = HTTPSConnection(
            target.address,
            target.port,
            timeout=min(limits.connect_timeout, remaining),
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            ssl_context=ssl_context,
        )
    else:
        connection = HTTPConnection(target.address, target.port, timeout=min(limits.connect_timeout, remaining))
    watchdog = _Watchdog(remaining, connection)
    headers = {"Accept-Encoding": "gzip, deflate", **extra_headers, "Host": target.host_header}
    try:
        try:
            connection.connect()
            connection.timeout = min(limits.read_timeout, _remaining(deadline, url, limits))
            connection.request("GET", target.path, headers=headers, preload_content=False, decode_content=False)
            response = connection.getresponse()
        except FetchError:
            raise
        except (TimeoutError, HTTPError, OSError, ValueError) as error:
            if watchdog.fired or "timed out" in str(error).lower():
                raise TimedOut(f"timed out fetching {url}") from None
            raise FetchError(f"could not fetch {url}: {error.__class__.__name__}: {error}") from None
        status = response.status
        if status in REDIRECT_STATUSES:
            return response.headers.get("Location"), None
        content_type = response.headers.get("Content-Type", "")
        if not 200 <= status < 300:
            return None, Response(url, status, content_type)
        if media_types is not None:
            media = content_type.split(";", 1)[0].strip().lower()
            if media not in media_types:
                raise UnexpectedContentType(url, media, content_type)
        body = _read_body(response, url, limits, deadline, watchdog, gunzip)
        return None, Response(url, status, content_type, body)
    finally:
        watchdog.cancel()
        connection.close()


def _read_body(
    response: HTTPResponse, url: str, limits: Limits, deadline: float, watchdog: _Watchdog, gunzip: bool
) -> bytes:
    limit = limits.max_bytes
    declared = response.headers.get("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise TooLarge(f"{url} is {int(declared):,} bytes, over the {limit:,}-byte cap")
    encodings = [e.strip().lower() for e in response.headers.get("Content-Encoding", "").split(",") if e.strip()]
    encodings = [e for e in encodings if e != "identity"]
    if len(encodings) > 1:
        raise FetchError(f"{url} uses stacked content encodings {encodings}, which we do not read")
    stages: list[_Decoder | _GunzipIfGzip] = [_Decoder(encodings[0] if encodings else "", limit)]
    if gunzip:
        stages.append(_GunzipIfGzip(limit))
    received = 0
    out = bytearray()  # one buffer: a body at the cap costs the cap, not twice it while pieces are joined

    def through(data: bytes, final: bool = False) -> None:
        pieces = [data]
        for stage in stages:
            pieces = [piece for fed in pieces for piece in stage.feed(fed)]
            if final:
                pieces += stage.finish()
        for piece in pieces:
            out.extend(piece)

    try:
        while True:
            _remaining(deadline, url, limits)
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > limit:
                raise TooLarge(f"{url} sent more than {limit:,} bytes")
            through(chunk)
        if watchdog.fired:  # the socket was shut under the read: what arrived is not the whole body
            raise TimedOut(f"gave up on {url}: it took longer than {limits.deadline:g} seconds")
        through(b"", final=True)
    except FetchError:
        raise
    except (TimeoutError, HTTPError, OSError, ValueError) as error:
        if watchdog.fired:
            raise TimedOut(f"gave up on {url}: it took longer than {limits.deadline:g} seconds") from None
        if "timed out" in str(error).lower():
            raise TimedOut(f"timed out reading {url}") from None
        raise FetchError(f"connection to {url} failed while reading: {error}") from None
    return bytes(out)

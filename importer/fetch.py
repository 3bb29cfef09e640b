"""Fetch pages and images from the web, or read them from files, within strict limits.

Why each rule:

* Only ``http`` and ``https``; every address a host name resolves to must be public. We resolve the
  name ourselves, vet the addresses, then connect to the vetted address (sending the original
  ``Host`` and TLS server name), so a DNS answer that changes between the check and the connection
  (DNS rebinding) cannot reach an internal service. Every redirect is vetted again.
* Connect and read timeouts plus an overall deadline, so a slow server cannot hold an import.
* Byte caps enforced while streaming, both on what arrives and on what it decompresses to, so a gzip
  bomb is stopped after at most ``cap`` bytes of output.
* The content type must be what we asked for, checked before the body is read.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import ConnectTimeoutError, HTTPError, ProtocolError, ReadTimeoutError

from .conf import get_setting
from .errors import ContentTypeError, FetchError, FetchTimeoutError, ResponseTooLargeError, UnsafeURLError

Kind = Literal["page", "image"]

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
IMAGE_TYPES = frozenset({"image/jpeg", "image/pjpeg", "image/png", "image/gif", "image/webp", "image/avif"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str  # where the body came from, after redirects
    content: bytes
    content_type: str  # the media type only, lower case ("" for files)
    charset: str | None = None


def max_bytes(kind: Kind) -> int:
    return int(get_setting("MAX_IMAGE_BYTES" if kind == "image" else "MAX_PAGE_BYTES"))


# Addresses -------------------------------------------------------------------------------------


def address_allowed(address: str, *, allow_loopback: bool | None = None) -> bool:
    """Whether we may connect to ``address``: public unicast only (and loopback if allowed)."""
    if allow_loopback is None:
        allow_loopback = bool(get_setting("ALLOW_LOOPBACK"))
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return address_allowed(str(embedded), allow_loopback=allow_loopback)
    if ip.is_loopback:
        return allow_loopback
    if ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
        return False
    return ip.is_global


def vet_url(url: str) -> tuple[str, str, int, str]:
    """Check ``url`` and resolve it: (scheme, host, port, the address to connect to)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeURLError(f"malformed URL {url!r}: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURLError(f"only http and https URLs are imported, not {scheme or 'no scheme'!r}: {url}")
    host = parts.hostname
    if not host:
        raise UnsafeURLError(f"URL without a host: {url}")
    port = port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as error:
        raise FetchError(f"cannot resolve {host!r}: {error}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"{host!r} has no address")
    refused = [address for address in addresses if not address_allowed(address)]
    if refused:
        raise UnsafeURLError(f"refused {url}: {host} resolves to an internal address ({', '.join(refused)})")
    return scheme, host, port, addresses[0]


# Decompression ---------------------------------------------------------------------------------


class _Decoder:
    """Incremental, bounded decompression for one Content-Encoding."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.total = 0
        self.encoding = encoding
        if encoding in ("", "identity"):
            self._obj = None
        elif encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._obj = None  # zlib or raw deflate: decided on the first bytes
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}")

    def feed(self, data: bytes) -> bytes:
        if self.encoding in ("", "identity"):
            return self._count(data)
        if self._obj is None:  # deflate: a zlib stream if it starts with a zlib header, else raw
            zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        out = []
        pending = data
        try:
            while pending:
                out.append(self._count(self._obj.decompress(pending, self.limit - self.total + 1)))
                pending = self._obj.unconsumed_tail
        except zlib.error as error:
            raise FetchError(f"corrupt {self.encoding} body: {error}") from None
        return b"".join(out)

    def finish(self) -> bytes:
        if self._obj is None:
            return b""
        try:
            return self._count(self._obj.flush())
        except zlib.error as error:
            raise FetchError(f"corrupt {self.encoding} body: {error}") from None

    def _count(self, chunk: bytes) -> bytes:
        self.total += len(chunk)
        if self.total > self.limit:
            raise ResponseTooLargeError(f"body decompresses to more than {self.limit:,} bytes")
        return chunk


# HTTP ------------------------------------------------------------------------------------------


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ") or None
    return media.strip().lower(), charset


def fetch(url: str, kind: Kind = "page") -> Fetched:
    """GET ``url`` under the rules in the module docstring; raise a :class:`FetchError` otherwise."""
    deadline = time.monotonic() + float(get_setting("DEADLINE"))
    limit = max_bytes(kind)
    max_redirects = int(get_setting("MAX_REDIRECTS"))
    current = url
    for _hop in range(max_redirects + 1):
        response, pool = _request(current, kind, deadline)
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"redirect without a Location from {current}")
                current = urljoin(current, location.strip())
                continue
            if not 200 <= response.status < 300:
                raise FetchError(f"{current} answered HTTP {response.status}")
            media, charset = _media_type(response.headers.get("Content-Type"))
            allowed = IMAGE_TYPES if kind == "image" else PAGE_TYPES
            if media not in allowed:
                wanted = "an image" if kind == "image" else "HTML"
                raise ContentTypeError(f"{current} is {media or 'untyped'}, not {wanted}")
            content = _read_body(response, current, limit, deadline)
            return Fetched(url=current, content=content, content_type=media, charset=charset)
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(f"more than {max_redirects} redirects, starting from {url}")


def _remaining(deadline: float, url: str) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchTimeoutError(f"gave up on {url}: it took longer than {get_setting('DEADLINE')} seconds")
    return remaining


def _request(url: str, kind: Kind, deadline: float):
    scheme, host, port, address = vet_url(url)
    remaining = _remaining(deadline, url)
    timeout = urllib3.Timeout(
        connect=min(float(get_setting("CONNECT_TIMEOUT")), remaining),
        read=min(float(get_setting("READ_TIMEOUT")), remaining),
    )
    default_port = 443 if scheme == "https" else 80
    host_header = host if ":" not in host else f"[{host}]"
    if port != default_port:
        host_header = f"{host_header}:{port}"
    headers = {
        "Host": host_header,
        "User-Agent": str(get_setting("USER_AGENT")),
        "Accept": "image/*" if kind == "image" else "text/html,application/xhtml+xml;q=0.9",
        "Accept-Encoding": "gzip, deflate",
    }
    # Connect to the vetted address, never to the name again; TLS still checks the name.
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port=port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port=port, timeout=timeout, retries=False, maxsize=1)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        response = pool.urlopen(
            "GET",
            target,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            decode_content=False,
            assert_same_host=False,
            release_conn=False,
        )
    except (ConnectTimeoutError, ReadTimeoutError, TimeoutError):
        pool.close()
        raise FetchTimeoutError(f"timed out fetching {url}") from None
    except (HTTPError, OSError) as error:
        pool.close()
        if "timed out" in str(error).lower():
            raise FetchTimeoutError(f"timed out fetching {url}") from None
        raise FetchError(f"could not fetch {url}: {error.__class__.__name__}: {error}") from None
    return response, pool


def _read_body(response, url: str, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise ResponseTooLargeError(f"{url} is {int(declared):,} bytes, over the {limit:,}-byte cap")
    encodings = [e.strip().lower() for e in response.headers.get("Content-Encoding", "").split(",") if e.strip()]
    encodings = [e for e in encodings if e != "identity"]
    if len(encodings) > 1:
        raise FetchError(f"{url} uses stacked content encodings {encodings}, which we do not import")
    decoder = _Decoder(encodings[0] if encodings else "", limit)
    received = 0
    out = []
    try:
        while True:
            _remaining(deadline, url)
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > limit:
                raise ResponseTooLargeError(f"{url} sent more than {limit:,} bytes")
            out.append(decoder.feed(chunk))
        out.append(decoder.finish())
    except (ReadTimeoutError, TimeoutError):
        raise FetchTimeoutError(f"timed out reading {url}") from None
    except (ProtocolError, HTTPError, OSError) as error:
        if "timed out" in str(error).lower():
            raise FetchTimeoutError(f"timed out reading {url}") from None
        raise FetchError(f"connection to {url} failed while reading: {error}") from None
    return b"".join(out)


# Files -----------------------------------------------------------------------------------------


def read_file(path: Path, kind: Kind = "page", *, root: Path | None = None) -> Fetched:
    """Read a local file within the cap; with ``root``, refuse paths that leave that directory."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise FetchError(f"no such file: {path}") from None
    if root is not None:
        root = root.resolve()
        if resolved != root and root not in resolved.parents:
            raise UnsafeURLError(f"refused {path}: outside the source directory {root}")
    if not resolved.is_file():
        raise FetchError(f"not a file: {path}")
    limit = max_bytes(kind)
    with resolved.open("rb") as handle:
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise ResponseTooLargeError(f"{path} is over the {limit:,}-byte cap")
    return Fetched(url=resolved.as_uri(), content=content, content_type="")

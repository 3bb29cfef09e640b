"""Fetch pages and images from the web, or read them from files, within strict limits.

The rules (public addresses only, vetted after DNS and on every redirect, the connection pinned to the
vetted address; a total deadline; byte caps on what arrives and on what it decompresses to) are the
plugin's safe fetcher's, ``structured_data.safe_fetch``: this module passes it the import's settings
(``ARTICLE_IMPORT``) and turns its errors into the import's (``errors.py``). Besides, the content
type must be what we asked for, checked before the body is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from structured_data import safe_fetch

from .conf import get_setting
from .errors import ContentTypeError, FetchError, FetchTimeoutError, ResponseTooLargeError, UnsafeURLError

Kind = Literal["page", "image", "sitemap"]

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
IMAGE_TYPES = frozenset({"image/jpeg", "image/pjpeg", "image/png", "image/gif", "image/webp", "image/avif"})
#: robots.txt and sitemaps (servers label XML sitemaps every way, plain text included)
SITEMAP_TYPES = frozenset({"text/plain", "application/xml", "text/xml", "application/rss+xml"})


@dataclass(frozen=True)
class Fetched:
    url: str  # where the body came from, after redirects
    content: bytes
    content_type: str  # the media type only, lower case ("" for files)
    charset: str | None = None


def max_bytes(kind: Kind) -> int:
    return int(get_setting("MAX_IMAGE_BYTES" if kind == "image" else "MAX_PAGE_BYTES"))


# Addresses and HTTP ------------------------------------------------------------------------------


def address_allowed(address: str, *, allow_loopback: bool | None = None) -> bool:
    """Whether we may connect to ``address``: public unicast only (and loopback if allowed)."""
    if allow_loopback is None:
        allow_loopback = bool(get_setting("ALLOW_LOOPBACK"))
    return safe_fetch.AddressPolicy(allow_loopback=allow_loopback)(address)


def fetch(url: str, kind: Kind = "page") -> Fetched:
    """GET ``url`` under the rules in the module docstring; raise a :class:`FetchError` otherwise."""
    limits = safe_fetch.Limits(
        connect_timeout=float(get_setting("CONNECT_TIMEOUT")),
        read_timeout=float(get_setting("READ_TIMEOUT")),
        deadline=float(get_setting("DEADLINE")),
        max_bytes=max_bytes(kind),
        max_redirects=int(get_setting("MAX_REDIRECTS")),
    )
    headers = {
        "User-Agent": str(get_setting("USER_AGENT")),
        "Accept": {"image": "image/*", "sitemap": "application/xml,text/xml,text/plain;q=0.9"}.get(
            kind, "text/html,application/xhtml+xml;q=0.9"
        ),
    }
    wanted = {"image": IMAGE_TYPES, "sitemap": SITEMAP_TYPES}.get(kind, PAGE_TYPES)
    try:
        # address_allowed is looked up on each call, so a test may stand in for it.
        response = safe_fetch.fetch(
            url, limits=limits, address_allowed=lambda address: address_allowed(address), headers=headers,
            media_types=wanted,
        )  # fmt: skip
    except safe_fetch.AddressRefused as error:
        refused = ", ".join(error.addresses)
        raise UnsafeURLError(f"refused {error.url}: {error.host} resolves to an internal address ({refused})") from None
    except safe_fetch.UnsafeURL as error:
        raise UnsafeURLError(str(error).replace("are fetched", "are imported")) from None
    except safe_fetch.UnexpectedContentType as error:
        wanted_name = {"image": "an image", "sitemap": "XML or text"}.get(kind, "HTML")
        raise ContentTypeError(f"{error}, not {wanted_name}") from None
    except safe_fetch.TooLarge as error:
        raise ResponseTooLargeError(str(error)) from None
    except safe_fetch.TimedOut as error:
        raise FetchTimeoutError(str(error)) from None
    except safe_fetch.FetchError as error:
        raise FetchError(str(error)) from None
    if not 200 <= response.status < 300:
        raise FetchError(f"{response.url} answered HTTP {response.status}")
    return Fetched(url=response.url, content=response.body, content_type=response.media_type, charset=response.charset)


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

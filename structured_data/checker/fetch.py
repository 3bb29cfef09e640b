"""Reading pages, sitemaps and images over HTTP for the checker, through the plugin's safe fetcher.

Every URL a run fetches comes from someone else's markup (a sitemap's ``<loc>``, a page's image and
author URLs), so every fetch goes through :mod:`structured_data.safe_fetch`: public addresses only
(checked after DNS and on each redirect, at most ``max_redirects``, the connection pinned to the
vetted address) unless the operator allows private ones, one total deadline per fetch, and byte caps
counted after decompression.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import IO

from .. import safe_fetch
from ..safe_fetch import AddressRefused, FetchError, HostUnresolved, TimedOut, TooLarge

__all__ = [
    "AddressRefused",
    "FetchError",
    "Fetched",
    "HostUnresolved",
    "HttpFetcher",
    "TimedOut",
    "TooLarge",
    "image_size_of",
]

#: Pages larger than this (after decompression) are not read to the end (the checker reports them too large).
MAX_PAGE_BYTES = 6 * 1024 * 1024
#: Image files are read at most this far to learn their size.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
#: A sitemap, decompressed: the protocol's own limit is 50 MB.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
#: Seconds for one whole fetch, redirects and body included.
DEADLINE = 30.0
USER_AGENT = "newsroom-structured-data-checker/1.0 (+https://schema.org)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes

    @property
    def is_html(self) -> bool:
        return self.content_type.split(";")[0].strip().lower() in _HTML_TYPES

    def text(self) -> str:
        charset = "utf-8"
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"' ")
        try:
            return self.body.decode(charset, "replace")
        except LookupError:
            return self.body.decode("utf-8", "replace")


class HttpFetcher:
    """GET under the safe fetcher's rules: public addresses only unless ``allow_private`` (or the networks
    in ``allow``), redirects followed and vetted (at most 5), ``deadline`` seconds per fetch, ``max_bytes``
    per page (``sitemap_bytes`` per sitemap, ``image_bytes`` per image) counted after decompression."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        allow: Iterable[str] = (),
        deadline: float = DEADLINE,
        max_bytes: int = MAX_PAGE_BYTES,
        sitemap_bytes: int = MAX_SITEMAP_BYTES,
        image_bytes: int = MAX_IMAGE_BYTES,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        max_redirects: int = 5,
    ) -> None:
        self.policy = safe_fetch.AddressPolicy(allow_private=allow_private) if allow_private else (
            safe_fetch.AddressPolicy.allowing(*allow)
        )  # fmt: skip
        self.limits = safe_fetch.Limits(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            deadline=deadline,
            max_bytes=max_bytes,
            max_redirects=max_redirects,
        )
        self.sitemap_bytes = sitemap_bytes
        self.image_bytes = image_bytes

    @property
    def max_bytes(self) -> int:
        return self.limits.max_bytes

    def get(
        self,
        url: str,
        *,
        max_bytes: int | None = None,
        accept: str = "text/html,*/*;q=0.5",
        deadline: float | None = None,
        gunzip: bool = False,
    ) -> Fetched:
        """The answer to a GET of ``url`` (the body only for a 2xx); raises :class:`FetchError` (or a subclass:
        :class:`AddressRefused`, :class:`HostUnresolved`, :class:`TimedOut`, :class:`TooLarge`)."""
        limits = self.limits
        if max_bytes is not None or deadline is not None:
            limits = replace(
                limits,
                max_bytes=limits.max_bytes if max_bytes is None else max_bytes,
                deadline=limits.deadline if deadline is None else min(deadline, limits.deadline),
            )
        response = safe_fetch.fetch(
            url,
            limits=limits,
            address_allowed=self.policy,
            headers={"User-Agent": USER_AGENT, "Accept": accept},
            gunzip=gunzip,
        )
        return Fetched(url=response.url, status=response.status, content_type=response.content_type, body=response.body)

    def page(self, url: str) -> str:
        """The HTML of a page that must be a 200 HTML response (raises :class:`FetchError` otherwise)."""
        fetched = self.get(url)
        if fetched.status != 200:
            raise FetchError(f"HTTP {fetched.status}")
        if not fetched.is_html:
            raise FetchError(f"not HTML ({fetched.content_type or 'no Content-Type'})")
        return fetched.text()

    def sitemap(self, url: str) -> Fetched:
        """A sitemap, gunzipped when it is a gzip file (``.xml.gz``) as well as for ``Content-Encoding``."""
        return self.get(url, max_bytes=self.sitemap_bytes, accept="application/xml,text/xml,*/*;q=0.5", gunzip=True)

    def image_size(self, url: str, deadline: float | None = None) -> tuple[int, int]:
        fetched = self.get(url, max_bytes=self.image_bytes, accept="image/*", deadline=deadline)
        if fetched.status != 200:
            raise FetchError(f"HTTP {fetched.status}")
        return image_size_of(io.BytesIO(fetched.body))


def image_size_of(file: IO[bytes]) -> tuple[int, int]:
    """Pixel size from an image file's header (Pillow reads no more than it needs)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            return image.size
    except (UnidentifiedImageError, OSError) as error:
        raise FetchError(f"not an image Pillow can read ({error})") from error

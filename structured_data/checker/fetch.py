"""Reading pages and images over HTTP, with timeouts and size caps (for ``--url``)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO
from urllib.parse import urlsplit

import urllib3

#: Pages larger than this are not read to the end (the checker reports them too large).
MAX_PAGE_BYTES = 6 * 1024 * 1024
#: Image files are read at most this far to learn their size.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
TIMEOUT = urllib3.Timeout(connect=5.0, read=15.0)
USER_AGENT = "newsroom-structured-data-checker/1.0 (+https://schema.org)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """A page or image could not be fetched; the message says why, for the report."""


class HostUnresolved(FetchError):
    """The URL's host name does not resolve (DNS): every other URL on that host will fail the same way."""


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes
    truncated: bool

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
    """GET with a connect and read timeout, at most ``max_bytes`` read, redirects followed (at most 5)."""

    def __init__(self, timeout: urllib3.Timeout = TIMEOUT, max_bytes: int = MAX_PAGE_BYTES, maxsize: int = 4) -> None:
        self.pool = urllib3.PoolManager(
            timeout=timeout,
            maxsize=maxsize,
            retries=urllib3.Retry(total=0, redirect=5, raise_on_redirect=False),
            headers={"User-Agent": USER_AGENT},
        )
        self.timeout = timeout  # the pool's default, passed explicitly where a call gives none
        self.max_bytes = max_bytes

    def get(
        self,
        url: str,
        *,
        max_bytes: int | None = None,
        accept: str = "text/html,*/*;q=0.5",
        timeout: urllib3.Timeout | None = None,
    ) -> Fetched:
        limit = self.max_bytes if max_bytes is None else max_bytes
        try:
            response = self.pool.request(
                "GET",
                url,
                preload_content=False,
                headers={"Accept": accept},
                timeout=self.timeout if timeout is None else timeout,
            )
        except urllib3.exceptions.MaxRetryError as error:
            if isinstance(error.reason, urllib3.exceptions.NameResolutionError):
                raise HostUnresolved(f"the host {urlsplit(url).hostname} does not resolve") from error
            raise FetchError(f"could not connect ({error.reason})") from error
        except urllib3.exceptions.NameResolutionError as error:
            raise HostUnresolved(f"the host {urlsplit(url).hostname} does not resolve") from error
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(str(error) or type(error).__name__) from error
        except ValueError as error:  # e.g. a URL urllib3 cannot parse
            raise FetchError(str(error)) from error
        try:
            chunks, size, truncated = [], 0, False
            for chunk in response.stream(64 * 1024):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    truncated = True
                    break
            body = b"".join(chunks)
        except urllib3.exceptions.ReadTimeoutError as error:
            raise FetchError("timed out while reading") from error
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(str(error) or type(error).__name__) from error
        finally:
            response.release_conn()
        return Fetched(
            url=response.geturl() or url,
            status=response.status,
            content_type=response.headers.get("Content-Type", ""),
            body=body,
            truncated=truncated,
        )

    def page(self, url: str) -> str:
        """The HTML of a page that must be a 200 HTML response (raises :class:`FetchError` otherwise)."""
        fetched = self.get(url)
        if fetched.status != 200:
            raise FetchError(f"HTTP {fetched.status}")
        if not fetched.is_html:
            raise FetchError(f"not HTML ({fetched.content_type or 'no Content-Type'})")
        return fetched.text()

    def image_size(self, url: str, timeout: urllib3.Timeout | None = None) -> tuple[int, int]:
        fetched = self.get(url, max_bytes=MAX_IMAGE_BYTES, accept="image/*", timeout=timeout)
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

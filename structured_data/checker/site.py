"""Rendering a Wagtail site's pages in-process, so the checker reads exactly what would be served."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from django.test.utils import override_settings
from wagtail.models import Page, Site

from ..visibility import visible_pages
from .core import check_document
from .fetch import FetchError, image_size_of
from .issues import Issue
from .rules.page import HTTP_STATUS, NOT_HTML, RENDER_FAILED


class SiteRenderer:
    """Serve URLs of one Wagtail site through the full Django stack as an anonymous visitor.

    Image sizes of the site's own media are read from storage (the rendition files themselves), so
    declared widths and heights are compared with the files that would be served.
    """

    def __init__(self, site: Site) -> None:
        self.site = site
        self.root_url = site.root_url.rstrip("/")
        split = urlsplit(self.root_url)
        self.scheme = split.scheme
        self.netloc = split.netloc
        self.client = Client(raise_request_exception=False)
        #: Pages rendered lately, for rules that read another page (an author's profile): the last
        #: ``PAGES_KEPT`` only, so a whole-site run keeps its memory flat.
        self._pages: OrderedDict[str, str] = OrderedDict()

    #: How many rendered pages :meth:`page` and :meth:`remember` keep.
    PAGES_KEPT = 256
    #: Pages loaded from the database at a time while listing URLs.
    CHUNK = 500

    def page_urls(self) -> list[str]:
        """Every URL of every visible page of the site, as its sitemap lists them (routes included)."""
        return list(self.iter_page_urls())

    def iter_page_urls(self) -> Iterator[str]:
        """:meth:`page_urls` one at a time, pages read ``CHUNK`` at a time in tree order (memory stays flat)."""
        for _page, url in self.pages_and_urls():
            yield url

    def pages_and_urls(self) -> Iterator[tuple[Page, str]]:
        """Each visible page (specific) with each of its URLs, the page's own first, read ``CHUNK`` pages at a
        time in tree order."""
        for page in visible_pages(site=self.site).specific().order_by("path").iterator(chunk_size=self.CHUNK):
            try:
                entries = page.get_sitemap_urls(None)
            except Exception:
                entries = [{"location": page.get_full_url()}]
            for location in dict.fromkeys(entry.get("location") for entry in entries):
                if location:
                    yield page, location

    def check(self, url: str) -> tuple[list[Issue], list[dict[str, Any]]]:
        """Serve ``url`` and check it: its issues and the JSON-LD read back (empty when it was not HTML)."""
        try:
            response = self.get(url)
        except Exception as error:
            return [RENDER_FAILED.issue(f"The page could not be rendered: {error}")], []
        if response.status_code != 200:
            return [HTTP_STATUS.issue(f"The page answered HTTP {response.status_code}.")], []
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(("text/html", "application/xhtml+xml")):
            return [NOT_HTML.issue(f"The page is not HTML ({content_type}).")], []
        html = response.content.decode(response.charset or "utf-8", "replace")
        self.remember(url, html)
        result = check_document(html, url, fetch_image_size=self.image_size, fetch_page=self.page)
        return result.issues, result.json_ld

    def owns(self, url: str) -> bool:
        split = urlsplit(url)
        return split.netloc == self.netloc or not split.netloc

    def get(self, url: str) -> Any:
        """The response to an anonymous GET of ``url`` (an absolute URL of this site, or a path)."""
        split = urlsplit(url)
        path = split.path or "/"
        if split.query:
            path = f"{path}?{split.query}"
        host = self.netloc or self.site.hostname
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, self.site.hostname]):
            return self.client.get(path, HTTP_HOST=host, secure=(split.scheme or self.scheme) == "https")

    def page(self, url: str) -> str | None:
        """A page's HTML (for author profile pages); None for another site's URL. Raises FetchError."""
        if not self.owns(url):
            return None
        if url not in self._pages:
            response = self.get(url)
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code}")
            self.remember(url, response.content.decode(response.charset or "utf-8", "replace"))
        self._pages.move_to_end(url)
        return self._pages[url]

    def remember(self, url: str, html: str) -> None:
        self._pages[url] = html
        self._pages.move_to_end(url)
        while len(self._pages) > self.PAGES_KEPT:
            self._pages.popitem(last=False)

    def image_size(self, url: str) -> tuple[int, int] | None:
        """The size of a media file of this site, read from storage; None for anything else."""
        return storage_image_size(url, self.root_url)


def storage_image_size(url: str, root_url: str | None = None) -> tuple[int, int] | None:
    """Pixel size of the file behind ``url`` when it is under ``MEDIA_URL`` (read from storage)."""
    media_url = settings.MEDIA_URL or "/media/"
    split = urlsplit(url)
    if split.netloc and root_url and urlsplit(root_url).netloc != split.netloc and not media_url.startswith("http"):
        return None
    if media_url.startswith("http"):
        if not url.startswith(media_url):
            return None
        name = url[len(media_url) :]
    else:
        if not split.path.startswith(media_url):
            return None
        name = split.path[len(media_url) :]
    name = unquote(name)
    try:
        with default_storage.open(name, "rb") as file:
            return image_size_of(file)
    except FileNotFoundError as error:
        raise FetchError("the file is missing from storage") from error


def iter_site_pages(renderer: SiteRenderer, urls: list[str]) -> Iterator[tuple[str, Any]]:
    for url in urls:
        yield url, renderer.get(url)

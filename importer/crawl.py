"""A live site's articles: from its sitemap (``--sitemap``) or a list of URLs (``--urls-from``).

Every request goes through the safe fetcher (public addresses only). The sitemap's host is the site:
robots.txt is read once and obeyed (its ``Crawl-delay`` too), URLs on another host are reported and
skipped, and a sitemap index is followed to a bounded depth. Pages are fetched by a small pool
(``concurrency``) spaced by ``delay`` seconds, and saved one by one in the calling thread. A second
run skips URLs already imported (by source URL, before fetching) and retries the ones that failed.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from lxml import etree

from articles.models import ArticlePage

from . import canonical, values
from .conf import get_setting
from .errors import ArticleImportError, ParseError
from .fetch import fetch

MAX_SITEMAPS = 50
MAX_DEPTH = 3
MAX_URLS = 100_000
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    url: str
    lastmod: dt.datetime | None = None


@dataclass(frozen=True)
class Skip:
    url: str
    reason: str


def parse_sitemap(content: bytes) -> tuple[list[Entry], list[str]]:
    """(page entries, child sitemap URLs) of a sitemap or sitemap index; entities never expanded."""
    if _DTD.search(content[:4096]):
        raise ParseError("sitemap refused: it declares a DTD or entities")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise ParseError(f"sitemap is not well-formed XML: {error}") from None
    entries, children = [], []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        loc = lastmod = ""
        for part in element:
            if isinstance(part.tag, str) and etree.QName(part).localname == "loc":
                loc = (part.text or "").strip()
            elif isinstance(part.tag, str) and etree.QName(part).localname == "lastmod":
                lastmod = (part.text or "").strip()
        if not loc:
            continue
        if name == "sitemap":
            children.append(loc)
        elif name == "url":
            entries.append(Entry(loc, values.date(lastmod)))
    return entries, children


def robots_for(site_url: str) -> RobotFileParser:
    parts = urlsplit(site_url)
    robots = RobotFileParser(f"{parts.scheme}://{parts.netloc}/robots.txt")
    try:
        robots.parse(fetch(robots.url, "sitemap").content.decode("utf-8", "replace").splitlines())
    except ArticleImportError:
        robots.parse([])  # no robots.txt: everything allowed, as crawlers read a missing file
    return robots


def sitemap_entries(url: str, since: dt.datetime | None = None) -> Iterator[Entry | Skip]:
    """The pages a sitemap (or index) lists, in order; other hosts, robots-disallowed and older pages as
    :class:`Skip`. Raises :class:`ArticleImportError` when the top sitemap cannot be read."""
    host = urlsplit(url).hostname
    robots = robots_for(url)
    agent = str(get_setting("USER_AGENT"))
    queue, seen, count = [(url, 0)], {url}, 0
    while queue:
        sitemap_url, depth = queue.pop(0)
        try:
            entries, children = parse_sitemap(fetch(sitemap_url, "sitemap").content)
        except ArticleImportError as error:
            if sitemap_url == url:
                raise
            yield Skip(sitemap_url, f"sitemap not read: {error}")
            continue
        for child in children:
            if urlsplit(child).hostname != host:
                yield Skip(child, f"sitemap on another host than {host}")
            elif child not in seen and depth < MAX_DEPTH and len(seen) < MAX_SITEMAPS:
                seen.add(child)
                queue.append((child, depth + 1))
        for entry in entries:
            count += 1
            if count > MAX_URLS:
                return
            if not values.url(entry.url):
                yield Skip(entry.url, "not an http(s) URL")
            elif urlsplit(entry.url).hostname != host:
                yield Skip(entry.url, f"on another host than the sitemap's ({host})")
            elif not robots.can_fetch(agent, entry.url):
                yield Skip(entry.url, "disallowed by robots.txt")
            elif since is not None and entry.lastmod is not None and entry.lastmod < since:
                yield Skip(entry.url, "older than --since")
            else:
                yield entry


def urls_from(path: Path) -> list[Entry | Skip]:
    """``--urls-from``: one URL a line; blank lines and ``#`` comments ignored."""
    found: list[Entry | Skip] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found.append(Entry(line) if values.url(line) else Skip(line, "not an http(s) URL"))
    return found


def already_imported(url: str) -> ArticlePage | None:
    return ArticlePage.objects.filter(source_url__in=canonical.variants(url)).order_by("pk").first()


class Spacer:
    """Spaces requests at least ``delay`` seconds apart, across threads."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.next_at = 0.0

    def wait(self) -> None:
        with self.lock:
            now = time.monotonic()
            pause = self.next_at - now
            self.next_at = max(now, self.next_at) + self.delay
        if pause > 0:
            time.sleep(pause)


def fetch_all(urls: list[str], *, delay: float, concurrency: int, robots_delay: float = 0.0) -> Iterator[tuple]:
    """``(url, Fetched | None, error | None)`` in the order given, fetched by a bounded pool."""
    spacer = Spacer(max(delay, robots_delay))

    def one(url: str):
        spacer.wait()
        try:
            return url, fetch(url, "page"), None
        except ArticleImportError as error:
            return url, None, error

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        yield from pool.map(one, urls)


def crawl_delay(url: str) -> float:
    robots = robots_for(url)
    found = robots.crawl_delay(str(get_setting("USER_AGENT")))
    return float(found) if found else 0.0


Plan = Callable[[], Iterator[Entry | Skip]]

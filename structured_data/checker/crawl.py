"""Checking another site over HTTP, politely: its sitemap or a list of URLs, robots.txt, a delay, a few at a time.

Every fetch goes through :class:`~.fetch.HttpFetcher` (the plugin's safe fetcher): private and internal
addresses refused unless allowed, one deadline per fetch, sizes capped after decompression.

* :func:`read_sitemaps` reads a sitemap or a sitemap index (gzipped or not) into page URLs, each
  sitemap and each page once, one level of index (a nested index is reported, not followed).
* :class:`Robots` answers "may we fetch this?" from each origin's robots.txt (``urllib.robotparser``),
  read once per origin; RFC 9309: a 4xx robots.txt allows everything, an unreachable one (5xx, no
  connection) allows nothing.
* :class:`Pacer` keeps a delay between two requests to one host (robots.txt's ``Crawl-delay`` if longer).
* :class:`ImageSizes` reads image sizes with a per-host concurrency limit and one time budget for
  the whole run; a host that does not resolve is tried once and then skipped (reported once).
* :func:`check_remote` ties them together with a thread pool of ``concurrency`` workers.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.etree

from .core import CheckResult, check_document
from .document import SkipImage
from .fetch import USER_AGENT, AddressRefused, FetchError, HostUnresolved, HttpFetcher, TooLarge
from .issues import Issue
from .rules.page import (
    ADDRESS_REFUSED,
    FETCH_FAILED,
    HTTP_STATUS,
    IMAGE_BUDGET_SPENT,
    IMAGE_HOST_UNRESOLVED,
    NOT_HTML,
    ROBOTS_DISALLOWED,
    SITEMAP_NESTED,
    SITEMAP_UNREADABLE,
    TOO_LARGE,
)

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_ROBOTS_AGENT = USER_AGENT.split("/", 1)[0]
#: ``--max-pages`` by default: the sitemap protocol's limit of URLs in one file.
MAX_PAGES = 50_000


def _origin(url: str) -> str:
    split = urlsplit(url)
    return f"{split.scheme}://{split.netloc}"


def url_key(url: str) -> str:
    """``url`` as compared for duplicates: scheme and host lower case, default port and fragment dropped."""
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError:
        return url
    scheme = split.scheme.lower()
    host = (split.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}.get(scheme):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, split.path or "/", split.query, ""))


def unique_urls(urls: Iterable[str]) -> list[str]:
    """``urls`` in order, each once (as :func:`url_key` compares them), spelt as first listed."""
    found: dict[str, str] = {}
    for url in urls:
        found.setdefault(url_key(url), url)
    return list(found.values())


class SitemapError(Exception):
    """The sitemap could not be read; the message says why."""


@dataclass
class Sitemaps:
    """What reading a sitemap (or an index of them) found: page URLs, and what went wrong on the way."""

    urls: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)


def _read_sitemap(fetcher: HttpFetcher, url: str) -> tuple[str, list[str]]:
    """(root element, ``<loc>`` URLs) of the sitemap at ``url``; raises SitemapError saying why not."""
    try:
        fetched = fetcher.sitemap(url)
    except FetchError as error:
        raise SitemapError(str(error)) from error
    if fetched.status != 200:
        raise SitemapError(f"HTTP {fetched.status}")
    try:
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = lxml.etree.fromstring(fetched.body, parser=parser)
    except lxml.etree.XMLSyntaxError as error:
        raise SitemapError(f"not XML ({error})") from error
    tag = lxml.etree.QName(root).localname
    if tag not in ("sitemapindex", "urlset"):
        raise SitemapError(f"not a sitemap (root element <{tag}>)")
    locations = [(element.text or "").strip() for element in root.iter(f"{_SITEMAP_NS}loc", "loc") if element.text]
    return tag, [urljoin(url, location) for location in locations if location]


def read_sitemaps(fetcher: HttpFetcher, url: str, *, limit: int | None = MAX_PAGES) -> Sitemaps:
    """The page URLs the sitemap at ``url`` lists, in order and each once, following one level of index.

    The protocol allows an index of sitemaps, not an index of indexes: a nested index is reported and
    not followed. Each sitemap is fetched once however often an index lists it. A sitemap an index
    lists that cannot be read (refused, too large once decompressed, too slow) is reported and the
    others are read; the one given cannot be read: :class:`SitemapError`.
    """
    result = Sitemaps()
    found: dict[str, str] = {}
    try:
        tag, locations = _read_sitemap(fetcher, url)
    except SitemapError as error:
        raise SitemapError(f"{url}: {error}") from error
    result.fetched.append(url)
    if tag == "urlset":
        children: list[str] = []
        pages = locations
    else:
        children, pages = unique_urls(location for location in locations if url_key(location) != url_key(url)), []

    def add(page_urls: list[str]) -> bool:
        for page_url in page_urls:
            if limit is not None and len(found) >= limit:
                return False
            found.setdefault(url_key(page_url), page_url)
        return True

    if add(pages):
        for child in children:
            if limit is not None and len(found) >= limit:
                break
            try:
                child_tag, child_locations = _read_sitemap(fetcher, child)
            except SitemapError as error:
                cause = error.__cause__
                rule = ADDRESS_REFUSED if isinstance(cause, AddressRefused) else SITEMAP_UNREADABLE
                result.issues.append(rule.issue(f"The sitemap {child} could not be read: {error}", child))
                continue
            result.fetched.append(child)
            if child_tag == "sitemapindex":
                message = f"The sitemap index {url} lists another index, {child}; it was not followed."
                hint = "List the sitemaps themselves in one index (the protocol allows one level)."
                result.issues.append(SITEMAP_NESTED.issue(message, child, hint))
                continue
            if not add(child_locations):
                break
    result.urls = list(found.values())
    return result


def sitemap_urls(fetcher: HttpFetcher, url: str, *, limit: int | None = MAX_PAGES) -> list[str]:
    """Page URLs listed by the sitemap at ``url`` (following one level of index), in order, each once."""
    return read_sitemaps(fetcher, url, limit=limit).urls


def urls_from_file(lines: Iterable[str]) -> list[str]:
    """URLs one a line; blank lines and ``#`` comments skipped, each URL once."""
    return unique_urls(text for line in lines if (text := line.strip()) and not text.startswith("#"))


class Robots:
    """robots.txt of each origin, read once (thread-safe)."""

    def __init__(self, fetcher: HttpFetcher, agent: str = _ROBOTS_AGENT) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self._parsers: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._origin_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        #: Hosts whose robots.txt could not be asked for because the name does not resolve.
        self.unresolved: set[str] = set()
        #: Origins whose robots.txt could not be fetched at all, with why (their pages are reported unreachable).
        self.unreachable: dict[str, str] = {}
        #: Origins refused for their address (their pages, images and author pages are reported refused).
        self._refused: dict[str, AddressRefused] = {}

    def _parser(self, url: str) -> urllib.robotparser.RobotFileParser:
        origin = _origin(url)
        with self._lock:
            parser = self._parsers.get(origin)
            if parser is not None:
                return parser
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        with origin_lock:  # one fetch per origin; other origins are fetched meanwhile
            with self._lock:
                if origin in self._parsers:
                    return self._parsers[origin]
            parser = self._read(origin, url)
            with self._lock:
                self._parsers[origin] = parser
            return parser

    def _read(self, origin: str, url: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        try:
            fetched = self.fetcher.get(f"{origin}/robots.txt", accept="text/plain,*/*;q=0.5")
        except FetchError as error:
            if isinstance(error, HostUnresolved):
                with self._lock:
                    self.unresolved.add(urlsplit(url).hostname or "")
            with self._lock:
                self.unreachable[origin] = str(error)
                if isinstance(error, AddressRefused):
                    self._refused[origin] = error
            # allow_all/disallow_all are real RobotFileParser attributes (read by can_fetch) that typeshed omits.
            parser.disallow_all = True  # type: ignore[attr-defined]  # unreachable: RFC 9309 says assume complete disallow
            return parser
        if fetched.status == 200:
            parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        elif 400 <= fetched.status < 500:
            parser.allow_all = True  # type: ignore[attr-defined]  # unavailable: RFC 9309 says crawl as if there were none
        else:
            parser.disallow_all = True  # type: ignore[attr-defined]
        return parser

    def allowed(self, url: str) -> bool:
        return self._parser(url).can_fetch(self.agent, url)

    def refused(self, url: str) -> AddressRefused | None:
        """Why ``url``'s origin was refused (its address is private), once :meth:`allowed` asked for it."""
        with self._lock:
            refused = self._refused.get(_origin(url))
        # A new instance each time: one exception object is not raised in several threads at once.
        return AddressRefused(refused.url, refused.host, refused.addresses) if refused is not None else None

    def crawl_delay(self, url: str) -> float:
        delay = self._parser(url).crawl_delay(self.agent)
        try:
            return float(delay) if delay is not None else 0.0
        except (TypeError, ValueError):
            return 0.0


class Pacer:
    """At least ``delay`` seconds between the starts of two requests to one host (thread-safe)."""

    def __init__(self, delay: float, robots: Robots | None = None) -> None:
        self.delay = delay
        self.robots = robots
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        delay = self.delay
        if self.robots is not None:
            delay = max(delay, min(self.robots.crawl_delay(url), 30.0))
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + delay
        if start > now:
            time.sleep(start - now)


@dataclass
class RunNotes:
    """What a run reports once rather than per page (hosts that do not resolve, the image budget)."""

    issues: list[Issue] = field(default_factory=list)
    _keys: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def once(self, key: str, issue: Issue) -> None:
        with self._lock:
            if key not in self._keys:
                self._keys.add(key)
                self.issues.append(issue)


class ImageSizes:
    """``fetch_image_size`` for the checker: per-host concurrency, one time budget, unresolved hosts skipped."""

    def __init__(
        self,
        fetcher: HttpFetcher,
        notes: RunNotes,
        *,
        per_host: int = 2,
        budget: float = 60.0,
        robots: Robots | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.notes = notes
        self.per_host = per_host
        self.deadline = time.monotonic() + budget
        self.robots = robots
        self.pacer = pacer
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}
        self._unresolved: set[str] = set()
        self._sizes: dict[str, tuple[int, int] | FetchError] = {}
        self._lock = threading.Lock()

    def _semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._semaphores:
                self._semaphores[host] = threading.BoundedSemaphore(self.per_host)
            return self._semaphores[host]

    def _unresolved_host(self, host: str, why: str) -> None:
        with self._lock:
            self._unresolved.add(host)
        self.notes.once(
            f"unresolved:{host}",
            IMAGE_HOST_UNRESOLVED.issue(
                f"Images on {host} were not read: {why}.", host, "Check the image URLs' host name."
            ),
        )

    def __call__(self, url: str) -> tuple[int, int] | None:
        split = urlsplit(url)
        if split.scheme not in ("http", "https") or not split.netloc:
            return None
        host = split.hostname or split.netloc
        with self._lock:
            known = self._sizes.get(url)
            unresolved = host in self._unresolved
        if isinstance(known, FetchError):
            raise known
        if known is not None:
            return known
        if unresolved:
            raise SkipImage(host)
        if self.robots is not None and not self.robots.allowed(url):
            if host in self.robots.unresolved:
                self._unresolved_host(host, f"the host {host} does not resolve")
            refused = self.robots.refused(url)
            if refused is not None:
                raise refused
            raise SkipImage(url)
        with self._semaphore(host):
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self.notes.once(
                    "image-budget",
                    IMAGE_BUDGET_SPENT.issue(
                        "The time for reading images ran out; later images were not read.",
                        "",
                        "Raise --image-budget, or check fewer pages at a time.",
                    ),
                )
                raise SkipImage(url)
            if self.pacer is not None:
                self.pacer.wait(url)
            try:
                size = self.fetcher.image_size(url, deadline=remaining)
            except HostUnresolved as error:
                self._unresolved_host(host, str(error))
                raise SkipImage(host) from error
            except FetchError as error:
                with self._lock:
                    self._sizes[url] = error
                raise
        with self._lock:
            self._sizes[url] = size
        return size


@dataclass
class RemoteOptions:
    concurrency: int = 4
    delay: float = 0.5
    image_budget: float = 60.0
    image_host_limit: int = 2
    check_images: bool = True


def check_remote(
    urls: list[str],
    options: RemoteOptions,
    *,
    fetcher: HttpFetcher | None = None,
    progress: Callable[[Iterable[CheckResult]], Iterable[CheckResult]] | None = None,
) -> tuple[list[CheckResult], list[Issue]]:
    """Fetch and check ``urls`` (in their order): the result of each page, and the run's notes."""
    fetcher = fetcher or HttpFetcher()
    robots = Robots(fetcher)
    pacer = Pacer(options.delay, robots)
    notes = RunNotes()
    images = ImageSizes(
        fetcher, notes, per_host=options.image_host_limit, budget=options.image_budget, robots=robots, pacer=pacer
    )
    pages: dict[str, str] = {}
    pages_lock = threading.Lock()

    def fetch_page(url: str) -> str | None:
        with pages_lock:
            if url in pages:
                return pages[url]
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        if not robots.allowed(url):
            refused = robots.refused(url)
            if refused is not None:
                raise refused
            return None
        pacer.wait(url)
        html = fetcher.page(url)
        with pages_lock:
            pages[url] = html
        return html

    def check_one(url: str) -> CheckResult:
        if not robots.allowed(url):
            refused = robots.refused(url)
            if refused is not None:
                return CheckResult(url, [ADDRESS_REFUSED.issue(str(refused))])
            unreachable = robots.unreachable.get(_origin(url))
            if unreachable is not None:
                return CheckResult(url, [FETCH_FAILED.issue(f"The page could not be fetched: {unreachable}")])
            return CheckResult(url, [ROBOTS_DISALLOWED.issue("robots.txt disallows this page; it was not fetched.")])
        pacer.wait(url)
        try:
            fetched = fetcher.get(url)
        except AddressRefused as error:
            return CheckResult(url, [ADDRESS_REFUSED.issue(str(error))])
        except TooLarge as error:
            return CheckResult(url, [TOO_LARGE.issue(f"The page was not checked: {error}.")])
        except FetchError as error:
            return CheckResult(url, [FETCH_FAILED.issue(f"The page could not be fetched: {error}")])
        if fetched.status != 200:
            return CheckResult(url, [HTTP_STATUS.issue(f"The page answered HTTP {fetched.status}.")])
        if not fetched.is_html:
            kind = fetched.content_type or "no Content-Type"
            return CheckResult(url, [NOT_HTML.issue(f"The page is not HTML ({kind}).")])
        html = fetched.text()
        with pages_lock:
            pages[url] = html
        return check_document(
            html, url, fetch_image_size=images if options.check_images else None, fetch_page=fetch_page
        )

    with ThreadPoolExecutor(max_workers=max(1, options.concurrency), thread_name_prefix="checker") as pool:
        results: Iterable[CheckResult] = pool.map(check_one, urls)
        if progress is not None:
            results = progress(results)
        checked = list(results)
    return checked, notes.issues

"""Cached pages in Django's cache: one entry per URL path, holding its query variants.

Purges are by URL, so everything shown at one path (``?page=2``, ``?format=jsonld``) sits in one
entry and goes with one delete. Keys name the scheme and host too (two sites can share a path),
the host normalised (:mod:`pagecache.hosts`); pages are stored only for the hosts of Wagtail
Sites, and a purge by path reaches each of them (and any other host remembered in a small set).

Responses that name cache keys (:mod:`pagecache.keys`) are stored with the generation of each key;
a key purge gives those keys new generations, so every entry that shows the changed object turns
into a miss at once, wherever it is filed (one write, whatever the number of pages).

A purge also advances a sequence number; a response rendered while a purge happened is not
stored (it may have read the data from before the change).

Any cache error (a Redis outage on a backend that raises) is logged and treated as a miss: the
page is served uncached, never an error.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from .conf import get_setting
from .hosts import belongs_to_a_site, normalise, site_origins
from .params import valid_value

logger = logging.getLogger(__name__)

SEQUENCE_KEY = "pagecache:seq"
GENERATION_KEY = "pagecache:key:{}"
HOSTS_KEY = "pagecache:hosts"
MAX_HOSTS = 32
#: Headers never stored: per-response or per-reader.
UNSTORED_HEADERS = {"set-cookie", "x-page-cache", "date", "age"}

_last_error_logged = 0.0


def _cache() -> BaseCache:
    return caches[get_setting("CACHE_ALIAS")]


def log_error(action: str, error: Exception) -> None:
    """Log a cache failure, at most once a minute per process (an outage would flood the log)."""
    global _last_error_logged
    now = time.monotonic()
    if now - _last_error_logged > 60:
        _last_error_logged = now
        logger.warning("page cache unavailable (%s): %s: %s; serving uncached", action, type(error).__name__, error)


@dataclass(frozen=True)
class Key:
    """Where a request's page is kept: the entry for its origin and path, the variant for its query."""

    origin: str  # "https://news.example.com"
    path: str
    variant: str
    #: The request's Host as sent (validated), when it is not the normalised one: served, never stored.
    spelling: str = ""

    @property
    def entry(self) -> str:
        return entry_key(self.origin, self.path)


def entry_key(origin: str, path: str) -> str:
    digest = hashlib.blake2b(f"{origin}{path}".encode(), digest_size=16).hexdigest()
    return f"pagecache:page:{digest}"


def key_for(request: HttpRequest) -> Key | None:
    """The cache key of an anonymous GET or HEAD, or None when the request must not use the cache."""
    if request.method not in ("GET", "HEAD") or not get_setting("ENABLED"):
        return None
    if request.path.startswith(tuple(get_setting("EXCLUDED_PATHS"))):
        return None
    from structured_data import negotiates

    if negotiates(request):
        return None  # content negotiation (JSON-LD, ninjs, NewsML-G2): the ?format= URL is the cached one
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # answered with a 400 by Django itself
    pairs: list[tuple[str, str]] = []
    for name in get_setting("KEY_PARAMS"):
        values = request.GET.getlist(name)
        if len(values) > 1 or not all(valid_value(name, value) for value in values):
            return None  # ?page=a, ?page=1&page=2: served, never a variant of its own
        pairs.extend((name, value) for value in values)
    variant = urlencode(sorted(pairs))
    if len(variant) > 200:
        return None
    origin_host = normalise(host)
    spelling = "" if host == origin_host else host
    return Key(f"{request.scheme}://{origin_host}", request.path, variant, spelling)


@dataclass
class Entry:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def response(self, head: bool) -> HttpResponse:
        response = HttpResponse(b"" if head else self.body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["Content-Length"] = str(len(self.body))
        return response


def lookup(key: Key) -> tuple[Entry | None, Any]:
    """The cached variant (or None) and the purge sequence number, in one round trip."""
    try:
        found = _cache().get_many([key.entry, SEQUENCE_KEY])
    except Exception as error:
        log_error("read", error)
        return None, False
    variants = found.get(key.entry) or {}
    entry = variants.get(key.variant)
    if entry and len(entry) > 3 and entry[3]:
        try:
            current = _cache().get_many(list(entry[3]))
        except Exception as error:
            log_error("read", error)
            return None, False
        if current != entry[3]:
            entry = None  # a key it shows was purged since (or its generation was evicted)
    return (Entry(*entry[:3]) if entry else None), found.get(SEQUENCE_KEY)


def generations(cache: Any, keys: Iterable[str]) -> dict[str, Any]:
    """The current generation of each key (by its cache key), starting one for a key that has none."""
    names = [GENERATION_KEY.format(key) for key in keys]
    found = cache.get_many(names)
    missing = [name for name in names if name not in found]
    if missing:
        for name in missing:
            cache.add(name, _new_generation(), None)
        found.update(cache.get_many(missing))
    return dict(found)


def _new_generation() -> str:
    return f"{time.time_ns():x}{uuid.uuid4().hex[:8]}"


def bump_keys(keys: Iterable[str]) -> int:
    """New generations for ``keys`` (one write): every stored response showing them is stale."""
    names = {GENERATION_KEY.format(key): _new_generation() for key in keys}
    if not names:
        return 0
    cache = _cache()
    try:
        cache.set_many(names, None)
        _advance_sequence(cache)
    except Exception as error:
        log_error("purge", error)
        return 0
    return len(names)


def save(key: Key, response: HttpResponse, sequence: Any, keys: Iterable[str] = ()) -> bool:
    """Store ``response`` unless a purge happened since the request began (``sequence`` moved).

    ``keys`` name what it shows: it is stored with their generations, checked on every hit.
    """
    if sequence is False or response.streaming or len(response.content) > get_setting("MAX_BODY_BYTES"):
        return False
    headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
    if key.spelling:
        return False  # NEWS.example.com or news.example.com:80: its links echo a spelling the key does not
    cache = _cache()
    try:
        if cache.get(SEQUENCE_KEY) != sequence:
            return False
        if not belongs_to_a_site(key.origin.split("://", 1)[1]):
            return False  # a Host no Site has (the default site serves it): served, not stored
        variants = cache.get(key.entry) or {}
        if key.variant not in variants and _is_paging(key.variant):
            paging = sum(1 for variant in variants if _is_paging(variant))
            if paging >= get_setting("MAX_VARIANTS"):
                return False  # a flood of ?page=N values neither grows the cache nor evicts the first pages
        stamps = generations(cache, keys) if keys else {}
        variants[key.variant] = (response.status_code, headers, response.content, stamps)
        cache.set(key.entry, variants, get_setting("TIMEOUT"))
        _remember_origin(cache, key.origin)
    except Exception as error:
        log_error("write", error)
        return False
    return True


def _is_paging(variant: str) -> bool:
    """Whether a variant pages through a listing (bounded in number); the canonical one never is."""
    names = {name for name, _ in parse_qsl(variant)}
    return bool(names & set(get_setting("PAGING_PARAMS")))


def _remember_origin(cache: Any, origin: str) -> None:
    # Read on every store (a miss, which rendered a page anyway): the set may have been evicted.
    origins = set(cache.get(HOSTS_KEY) or ())
    if origin not in origins and len(origins) < MAX_HOSTS:
        if not origins:  # a new (or flushed) cache: remember the menus its pages show
            from .affected import prime_menus

            prime_menus()
        origins.add(origin)
        cache.set(HOSTS_KEY, origins, None)


def delete_urls(urls: Iterable[str]) -> int:
    """Drop every cached variant of each URL's path, on every Site's origin and any other remembered."""
    paths = {urlsplit(url).path or "/" for url in urls}
    if not paths:
        return 0
    cache = _cache()
    try:
        origins = set(cache.get(HOSTS_KEY) or ()) | site_origins()
        keys = [entry_key(origin, path) for origin in origins for path in paths]
        if keys:
            cache.delete_many(keys)
        _advance_sequence(cache)
    except Exception as error:
        log_error("purge", error)
        return 0
    return len(keys)


def _advance_sequence(cache: Any) -> None:
    if cache.add(SEQUENCE_KEY, 1, None):
        return
    try:
        cache.incr(SEQUENCE_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(SEQUENCE_KEY, 1, None)

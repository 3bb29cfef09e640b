"""Cached pages in Django's cache: one entry per URL path, holding its query variants.

Purges are by URL, so everything shown at one path (``?page=2``, ``?format=jsonld``) sits in one
entry and goes with one delete. Keys name the scheme and host too (two sites can share a path);
the hosts pages were stored for are kept in a small set so that a purge by path reaches each.

A purge also advances a sequence number; a response rendered while a purge happened is not
stored (it may have read the data from before the change).

Any cache error (a Redis outage on a backend that raises) is logged and treated as a miss: the
page is served uncached, never an error.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from .conf import get_setting

logger = logging.getLogger(__name__)

SEQUENCE_KEY = "pagecache:seq"
HOSTS_KEY = "pagecache:hosts"
MAX_HOSTS = 32
#: Headers never stored: per-response or per-reader.
UNSTORED_HEADERS = {"set-cookie", "x-page-cache", "date", "age"}

_last_error_logged = 0.0


def _cache():
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
    if "ld+json" in request.headers.get("Accept", ""):
        return None  # content negotiation for JSON-LD: the ?format=jsonld URL is the cached one
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # answered with a 400 by Django itself
    params = get_setting("KEY_PARAMS")
    variant = urlencode(sorted((name, value) for name in params for value in request.GET.getlist(name)))
    if len(variant) > 200:
        return None
    return Key(f"{request.scheme}://{host.lower()}", request.path, variant)


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
    return (Entry(*entry) if entry else None), found.get(SEQUENCE_KEY)


def save(key: Key, response: HttpResponse, sequence: Any) -> bool:
    """Store ``response`` unless a purge happened since the request began (``sequence`` moved)."""
    if sequence is False or response.streaming or len(response.content) > get_setting("MAX_BODY_BYTES"):
        return False
    headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
    cache = _cache()
    try:
        if cache.get(SEQUENCE_KEY) != sequence:
            return False
        variants = cache.get(key.entry) or {}
        if key.variant not in variants and len(variants) >= get_setting("MAX_VARIANTS"):
            return False  # a flood of ?page=N values neither grows the cache nor evicts the first pages
        variants[key.variant] = (response.status_code, headers, response.content)
        cache.set(key.entry, variants, get_setting("TIMEOUT"))
        _remember_origin(cache, key.origin)
    except Exception as error:
        log_error("write", error)
        return False
    return True


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
    """Drop every cached variant of each URL's path, on every origin pages were stored for."""
    paths = {urlsplit(url).path or "/" for url in urls}
    if not paths:
        return 0
    cache = _cache()
    try:
        origins = set(cache.get(HOSTS_KEY) or ())
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

"""The page cache in front of the whole stack: a hit runs no database query and renders nothing.

It sits right after ``SecurityMiddleware`` (and WhiteNoise): before sessions, so a hit never loads
one. Signed-in editors (a session cookie whose session loads with a user: ``policy.bypasses_cache``)
and requests that ask for JSON-LD by content negotiation go through to the views; so do non-GET
methods and the excluded paths. A session cookie that loads no user is served from the cache.
"""

from __future__ import annotations

import calendar
import logging
from email.utils import parsedate_to_datetime
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response

from . import keys, policy, store
from .params import record_reads, unkeyed_reads

HEADER = "X-Page-Cache"
logger = logging.getLogger(__name__)


def _last_modified(response: HttpResponse) -> int | None:
    value = response.get("Last-Modified")
    if not value:
        return None
    try:
        return calendar.timegm(parsedate_to_datetime(value).utctimetuple())
    except (TypeError, ValueError):
        return None


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 when the client's copy is current (If-None-Match first, then If-Modified-Since)."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    etag = response.get("ETag")
    modified = _last_modified(response)
    if etag is None and modified is None:
        return response
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response) or response


class PageCacheMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = store.key_for(request)
        if key is not None and policy.bypasses_cache(request):
            key = None
        sequence: Any = False
        if key is not None:
            entry, sequence = store.lookup(key)
            if entry is not None:
                response = entry.response(head=request.method == "HEAD")
                response[HEADER] = "hit"
                return conditional(request, response)
            record_reads(request)  # which query parameters the view reads (pagecache/params.py)
        response = self.get_response(request)
        verdict = policy.apply(request, response)
        cache_keys = keys.response_keys(request) if verdict == policy.PUBLIC and keys.enabled() else []
        if cache_keys:
            keys.set_headers(response, cache_keys)
        unkeyed = unkeyed_reads(request) if verdict == policy.PUBLIC and key is not None else set()
        if unkeyed:
            logger.warning(
                "page cache: %s read query parameters the cache key leaves out (%s): not stored; "
                "add them to PAGE_CACHE['KEY_PARAMS'] or mark the view private",
                request.path,
                ", ".join(sorted(unkeyed)),
            )
        if verdict == policy.PUBLIC and key is not None and not unkeyed:
            stored = store.save(key, response, sequence, cache_keys)
            response[HEADER] = "miss" if stored else "uncached"
        elif key is not None:
            response[HEADER] = "uncached"
        if request.method == "HEAD" and not response.streaming and response.content:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        if verdict == policy.PUBLIC:
            return conditional(request, response)
        return cast("HttpResponse", response)

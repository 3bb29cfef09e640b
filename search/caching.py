"""Which results pages the page cache may keep: those other readers ask for too, never one person's.

A results page is the same for everyone who asks the same thing, but most queries are asked once:
storing each would fill the cache with pages nobody reads again (and let anyone grow it at will).
So a page is kept only when its query, in the normalised spelling the site's own links use, has
been asked ``POPULAR_AFTER`` times within ``POPULAR_WINDOW`` seconds (counted in Django's cache,
per language, filters and page), and nothing in it was dropped as unreadable. The search page
without a query is always kept. The page cache's own bounds apply on top: every search parameter
is a paging parameter, so one language's search path holds at most ``MAX_VARIANTS`` of them.
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest

from .conf import get_setting
from .query import SearchRequest

logger = logging.getLogger(__name__)


def asked(search: SearchRequest, request: HttpRequest) -> int:
    """Count this query (per path: the language; per filters and page) and return its count."""
    variant = f"{request.path}?{urlencode(sorted(search.params(page=search.page).items()))}"
    key = "search:asked:" + hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
    window = get_setting("POPULAR_WINDOW")
    try:
        if cache.add(key, 1, window):
            return 1
        return cache.incr(key)
    except ValueError:
        return 1
    except Exception as error:
        logger.warning("search popularity not counted (%s: %s)", type(error).__name__, error)
        return 0


def may_cache(search: SearchRequest, request: HttpRequest) -> bool:
    if search.ignored:
        return False
    if not search.text:
        return not search.has_filters and search.page == 1
    if not search.terms or not search.is_normalised:
        return False
    return asked(search, request) >= get_setting("POPULAR_AFTER")

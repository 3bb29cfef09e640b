"""Fixed-window counters in Django's cache: cheap, shared by every worker using the same cache."""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _hit(cache_key: str, window: int) -> int | None:
    """Count one hit; None when the cache answers nothing (django-redis with IGNORE_EXCEPTIONS)."""
    if cache.add(cache_key, 1, window):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window)
        return 1


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit for ``key``; False once it has had more than ``limit`` hits in ``window`` seconds.

    With the cache down the limit degrades to "allow" and a warning is logged: signups keep working.
    """
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no raw addresses in cache keys
    try:
        count = _hit(f"newsletter:rl:{scope}:{digest}", window)
    except Exception as error:  # the cache is down (a raising backend): fail open, say so
        count, reason = None, f"{error.__class__.__name__}: {error}"
    else:
        reason = "the cache returned nothing (django-redis IGNORE_EXCEPTIONS)"
    if count is None:
        logger.warning("newsletter rate limit %s not enforced: cache unavailable (%s)", scope, reason)
        return True
    return count <= limit

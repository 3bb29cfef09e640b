"""Fixed-window counters in Django's cache: cheap, shared by every worker using the same cache."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit for ``key``; False once it has had more than ``limit`` hits in ``window`` seconds."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no raw addresses in cache keys
    cache_key = f"newsletter:rl:{scope}:{digest}"
    cache.add(cache_key, 0, window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window)
        count = 1
    return count <= limit

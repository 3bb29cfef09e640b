"""A per-address limit on searches, in Django's cache (shared by every worker with Redis).

Fixed windows: each address has a counter per ``RATE_WINDOW`` seconds; past ``RATE_LIMIT`` the
search answers 429 with ``Retry-After`` (the seconds left in the window). A cache outage lets
searches through rather than refusing everyone.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache
from django.http import HttpRequest

from newsletter.views import client_ip

from .conf import get_setting

logger = logging.getLogger(__name__)


def retry_after(request: HttpRequest, now: float | None = None) -> int | None:
    """Count this search for the request's address: ``None`` if allowed, else seconds to wait."""
    limit, window = get_setting("RATE_LIMIT"), get_setting("RATE_WINDOW")
    if not limit:
        return None
    now = time.time() if now is None else now
    slot = int(now // window)
    address = hashlib.blake2b(client_ip(request).encode(), digest_size=12).hexdigest()
    key = f"search:rate:{address}:{slot}"
    try:
        count = 1 if cache.add(key, 1, window + 1) else cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, window + 1)
        count = 1
    except Exception as error:
        logger.warning("search rate limit not counted (%s: %s)", type(error).__name__, error)
        return None
    if count <= limit:
        return None
    return max(1, int((slot + 1) * window - now + 0.999))

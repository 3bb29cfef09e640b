"""The ``SITE_SEARCH`` setting: one dict with documented defaults.

A key this module does not know is an ``ImproperlyConfigured`` naming it, and ``manage.py check``
reports it (``search.E001``).
"""

from __future__ import annotations

from typing import Any

from structured_data import AppSettings

DEFAULTS: dict[str, Any] = {
    # Characters of ``q`` read at all (the rest is dropped before anything else looks at it), and
    # the words of it searched for.
    "MAX_QUERY_LENGTH": 200,
    "MAX_TERMS": 8,
    "PER_PAGE": 10,
    # Highest page number served (deep pages of a broad query cost the most and help nobody).
    "MAX_PAGE": 50,
    # Searches one client address may run per window (seconds); more answer 429 with Retry-After.
    # The address is the newsletter's (NEWSLETTER["NUM_PROXIES"] trusted proxies: newsletter.views.client_ip).
    "RATE_LIMIT": 30,
    "RATE_WINDOW": 60,
    # A results page is kept by the page cache (and marked public for a CDN) only for a query asked
    # this many times within POPULAR_WINDOW seconds, in its normalised spelling (lower case, single
    # spaces: what the result page's own links use). Rarer queries are answered fresh every time.
    "POPULAR_AFTER": 3,
    "POPULAR_WINDOW": 600,
    # Articles per background task when a renamed author or tag leaves them to index again
    # (search/reindex.py): one task per batch, so a worker's run stays short and others share the work.
    "REINDEX_BATCH_SIZE": 500,
}


SITE_SEARCH = AppSettings("SITE_SEARCH", DEFAULTS, check_id="search.E001")
SITE_SEARCH.register_check()


def get_setting(name: str) -> Any:
    """``SITE_SEARCH[name]``, or its default."""
    return SITE_SEARCH.get(name)

"""Which pages sit behind a view restriction, from the cache: the page cache asks on every page served.

Wagtail's ``get_view_restrictions`` costs two queries per page; the set of restricted paths is
small and changes rarely, so it is kept in the cache and dropped when a restriction changes.
"""

from __future__ import annotations

import logging

from django.core.cache import caches
from wagtail.models import Page, PageViewRestriction

from .conf import get_setting

logger = logging.getLogger(__name__)

KEY = "pagecache:restricted-paths"
#: Dropped on every restriction change; the timeout bounds how long a failed drop could last.
TIMEOUT = 60


def _cache():
    return caches[get_setting("CACHE_ALIAS")]


def restricted_paths() -> list[str]:
    try:
        paths = _cache().get(KEY)
    except Exception:
        paths = None
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        try:
            _cache().set(KEY, paths, TIMEOUT)
        except Exception as error:
            logger.warning("page cache: could not cache the restricted paths: %s", error)
    return paths


def is_restricted(page: Page) -> bool:
    """Whether a view restriction covers ``page`` (an alias: its original's too, as Wagtail checks)."""
    if page.alias_of_id is not None:
        return page.get_view_restrictions().exists()
    return any(page.path.startswith(path) for path in restricted_paths())


def forget() -> None:
    try:
        _cache().delete(KEY)
    except Exception as error:  # the list expires by itself (TIMEOUT)
        logger.warning("page cache: could not forget the restricted paths: %s", error)

"""Template fragments shared by every page of a site (header, footer), cached between renders.

``{% load cache pagecache_tags %}{% site_fragments as fragments %}`` then
``{% cache fragments.timeout "site_header" request.get_host fragments.generation %}``: every change that shows on every
page (the menu, the publisher setting, the newsletter block) starts a new generation when its
purge runs, so the fragments are rebuilt with the pages.
"""

from __future__ import annotations

import logging
from typing import cast

from django.core.cache import caches

from .conf import get_setting

logger = logging.getLogger(__name__)

KEY = "pagecache:fragments-generation"


def generation() -> int:
    try:
        return cast("int", caches[get_setting("CACHE_ALIAS")].get(KEY, 0))
    except Exception:
        return -1


def new_generation() -> None:
    cache = caches[get_setting("CACHE_ALIAS")]
    try:
        if not cache.add(KEY, 1, None):
            cache.incr(KEY)
    except Exception as error:
        logger.warning("page cache: could not start a new fragments generation: %s", error)

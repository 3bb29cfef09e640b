"""Site-wide things kept in Django's cache until a page, image, site or the publisher changes.

The publisher and WebSite nodes, the people's nodes and the publisher setting share one version:
:func:`invalidate_site_nodes` (connected to those models' signals in :mod:`structured_data.signals`)
starts a new one, which forgets every entry at once.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any, cast

from django.core.cache import caches

from .conf import get_setting

logger = logging.getLogger(__name__)

VERSION_KEY = "structured_data:site-nodes-version"


def node_cache() -> Any:
    return caches[get_setting("CACHE_ALIAS")]


def current_version(cache: Any = None) -> str:
    """The version cache keys start with (a new one if the cache lost it: never an old one again).

    A cache that cannot be read gives a version of its own, under which nothing is found.
    """
    cache = cache or node_cache()
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(VERSION_KEY, version, None):
                version = cache.get(VERSION_KEY) or version
    except Exception as error:
        logger.warning("structured_data: the cache could not be read (the site nodes' version): %s", error)
        version = uuid.uuid4().hex
    return cast("str", version)


def invalidate_site_nodes(**kwargs: Any) -> None:
    """Forget every cached site-wide entry (connected to model and page signals).

    A cache that is down does not stop the editor's save: the failure is logged, and entries it still
    holds when it comes back expire after ``SITE_NODES_CACHE_TIMEOUT``.
    """
    try:
        node_cache().set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception as error:
        logger.error(
            "structured_data: could not forget the cached site-wide nodes (%s); if the cache kept them, "
            "they are served until SITE_NODES_CACHE_TIMEOUT ends",
            error,
        )


def cache_get(cache: Any, key: str) -> Any:
    """``cache.get(key)``, or None (logged) when the cache cannot be read: a graph is then built afresh."""
    try:
        return cache.get(key)
    except Exception as error:
        logger.warning("structured_data: the cache could not be read (%s): %s", key, error)
        return None


def cache_set(cache: Any, key: str, value: Any, timeout: int) -> None:
    """``cache.set(...)``, logged rather than raised when the cache cannot be written."""
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        logger.warning("structured_data: the cache could not be written (%s): %s", key, error)


def kept_with_site_nodes(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept under the current version for ``SITE_NODES_CACHE_TIMEOUT`` seconds at most.

    0 computes every time, and so does a cache error (logged). None is not kept.
    """
    timeout = get_setting("SITE_NODES_CACHE_TIMEOUT")
    if not timeout:
        return compute()
    cache = node_cache()
    key = f"structured_data:{current_version(cache)}:{name}"
    found = cache_get(cache, key)
    if found is not None:
        return found
    value = compute()
    cache_set(cache, key, value, timeout)
    return value

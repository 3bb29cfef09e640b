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
    """The version cache keys start with (a new one if the cache lost it: never an old one again)."""
    cache = cache or node_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return cast("str", version)


def invalidate_site_nodes(**kwargs: Any) -> None:
    """Forget every cached site-wide entry (connected to model and page signals)."""
    node_cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def kept_with_site_nodes(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept under the current version for ``SITE_NODES_CACHE_TIMEOUT`` seconds at most.

    0 computes every time, and so does a cache error (logged). None is not kept.
    """
    timeout = get_setting("SITE_NODES_CACHE_TIMEOUT")
    if not timeout:
        return compute()
    cache = node_cache()
    try:
        key = f"structured_data:{current_version(cache)}:{name}"
        found = cache.get(key)
    except Exception as error:
        logger.warning("structured_data: the cache could not be read (%s): %s", name, error)
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        logger.warning("structured_data: the cache could not be written (%s): %s", name, error)
    return value

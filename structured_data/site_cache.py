"""Site-wide things kept in Django's cache until a page, image, site or the publisher changes.

The publisher and WebSite nodes, the people's nodes and the publisher setting share one version:
:func:`invalidate_site_nodes` (connected to those models' signals in :mod:`structured_data.signals`)
starts a new one, which forgets every entry at once.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import caches

from .conf import get_setting

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
    return version


def invalidate_site_nodes(**kwargs: Any) -> None:
    """Forget every cached site-wide entry (connected to model and page signals)."""
    node_cache().set(VERSION_KEY, uuid.uuid4().hex, None)

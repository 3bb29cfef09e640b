"""Purging a set of URLs: the application cache and, through ``wagtail.contrib.frontend_cache``,
Varnish or a CDN, each with the same set in one batch.

Purges run once the transaction that made the change commits (``on_commit``), never before: a
reader requesting the page in between would otherwise put the old version back in the cache.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from . import affected, fragments, store
from .conf import get_setting

logger = logging.getLogger(__name__)


def purge_now(urls: Iterable[str]) -> None:
    urls = set(urls)
    if affected.SITE_WIDE in urls:
        urls.discard(affected.SITE_WIDE)
        fragments.new_generation()
    urls = sorted(urls)
    if not urls:
        return
    store.delete_urls(urls)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

        try:
            if get_setting("FRONTEND_PURGE") == "task":
                purge_urls_from_cache_task.enqueue(urls)  # durable, but visible once a worker runs it
            else:
                purge_urls_from_cache_task.call(urls)  # now, in this process: visible within the second
        except Exception:
            logger.exception("Could not send %d URLs to the frontend cache purge", len(urls))
    logger.debug("page cache: purged %d URLs", len(urls))


def purge_urls(urls: Iterable[str]) -> None:
    """Purge ``urls`` (absolute) once the current transaction commits (now, outside one)."""
    urls = set(urls)
    if urls:
        transaction.on_commit(lambda: purge_now(urls))

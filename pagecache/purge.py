"""Purging a set of URLs: the application cache and, through ``wagtail.contrib.frontend_cache``,
Varnish or a CDN, each with the same set in one batch; and purging cache keys (:mod:`.keys`): the
application cache's generations and each key purge backend, in one call each.

Purges run once the transaction that made the change commits (``on_commit``), never before: a
reader requesting the page in between would otherwise put the old version back in the cache.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django_tasks import task

from . import affected, fragments, keys, store
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
    if affected.SITE_WIDE in urls:
        purge_keys([keys.SITE_KEY])  # every response carries it: in the change's one key purge
    if urls:
        transaction.on_commit(lambda: purge_now(urls))


def send_keys(cache_keys: list[str]) -> None:
    """Hand ``cache_keys`` to every key purge backend, one call each."""
    for backend in keys.backends():
        try:
            backend.purge_keys(cache_keys)
        except Exception:
            logger.exception("Could not purge %d keys through %s", len(cache_keys), type(backend).__name__)


@task()
def purge_keys_task(cache_keys: list[str]) -> None:
    send_keys(cache_keys)


def purge_keys_now(cache_keys: Iterable[str]) -> None:
    cache_keys = sorted(set(cache_keys))
    if not cache_keys:
        return
    if keys.SITE_KEY in cache_keys:
        fragments.new_generation()
    store.bump_keys(cache_keys)
    if get_setting("KEY_PURGE_BACKENDS"):
        try:
            if get_setting("FRONTEND_PURGE") == "task":
                purge_keys_task.enqueue(cache_keys)
            else:
                send_keys(cache_keys)
        except Exception:
            logger.exception("Could not send %d keys to the frontend cache purge", len(cache_keys))
    logger.debug("page cache: purged keys %s", " ".join(cache_keys))


_pending = threading.local()


def _flush_keys() -> None:
    cache_keys = getattr(_pending, "keys", None) or set()
    _pending.keys = None
    purge_keys_now(cache_keys)


def _flush_waiting() -> bool:
    """Whether the flush is still due at commit (a rollback drops it with the keys it would purge)."""
    connection = transaction.get_connection()
    return any(entry[1] is _flush_keys for entry in connection.run_on_commit)


def purge_keys(cache_keys: Iterable[str]) -> None:
    """Purge ``cache_keys`` once the current transaction commits (now, outside one); nothing when keys are off.

    Every key a transaction purges goes out together: one call per backend for the whole change
    (an article's section renamed, and the menu with it, is one purge of three keys).
    """
    cache_keys = set(cache_keys)
    if not cache_keys or not keys.enabled():
        return
    pending = getattr(_pending, "keys", None)
    if pending is not None and _flush_waiting():
        pending.update(cache_keys)
        return
    _pending.keys = cache_keys
    transaction.on_commit(_flush_keys)


_bulk = threading.local()


def in_bulk() -> bool:
    """Whether a bulk change (:func:`bulk_changes`) is under way in this thread."""
    return getattr(_bulk, "depth", 0) > 0


@contextlib.contextmanager
def bulk_changes() -> Iterator[None]:
    """Many pages changed at once (an import): no purge per page, one for everything at the end.

    Working out what each publication shows (its listings, feeds, menus) costs more than saving
    the page; a run of thousands purges the site once when it ends (the site key, and every URL
    where the site is small enough to enumerate), whether it finished or stopped.
    """
    _bulk.depth = getattr(_bulk, "depth", 0) + 1
    try:
        yield
    finally:
        _bulk.depth -= 1
        if not _bulk.depth:
            purge_urls(affected.urls_for_all_sites())

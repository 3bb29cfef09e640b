"""A publication shows in search in the same request, with what was published.

Wagtail's search index follows saves through a task (``modelsearch``'s ``post_save`` handler
enqueues ``insert_or_update_object_task``). That comes too early for a page: a page's tags and byline
(cluster relations) are written after its row, so the entry made during the save holds the ones from
before; and with a real task queue it comes too late, when a worker picks it up, after the purge of
the search pages has let readers cache results from before the change. So an article is indexed
again here once it is published, unpublished or moved, in the request, before its purge (which
waits for the commit).
"""

from __future__ import annotations

from typing import Any

from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from articles.models import ArticlePage
from pagecache.purge import in_bulk

_UID = "search.index"


def _reindex(sender: Any, instance: Any, **kwargs: Any) -> None:
    if in_bulk():  # an import indexes what it saved once, when it ends (importer/bulk.py)
        return
    if isinstance(instance, ArticlePage):
        index.insert_or_update_object(instance)


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_reindex, dispatch_uid=f"{_UID}.{id(signal)}")

"""A publication shows in search in the same request, whatever the task queue.

Wagtail's search index follows saves through a task (``modelsearch``'s ``post_save`` handler
enqueues ``insert_or_update_object_task``). With the in-process task backend that task runs during
the save; with a real queue it runs when a worker picks it up, and until then the page cache,
purged when the publication commits, would be refilled with results from before it. So on
publish, unpublish and move an article is indexed here, in the request, unless the task already
was; the purge of the search pages follows on commit (``wagtail_hooks.py``).
"""

from __future__ import annotations

from typing import Any

from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from articles.models import ArticlePage

_UID = "search.index"


def indexed_by_the_save() -> bool:
    """Whether Wagtail's index task ran during the page's save (the in-process task backend)."""
    return isinstance(task_backends["default"], ImmediateBackend)


def _reindex(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, ArticlePage) and not indexed_by_the_save():
        index.insert_or_update_object(instance)


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_reindex, dispatch_uid=f"{_UID}.{id(signal)}")

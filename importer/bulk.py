"""A bulk import: what each publication would do for itself is done once for the whole run, when it ends.

Publishing a page indexes it for search (once per save of the page, its author and its photos), updates
Wagtail's reference index the same way, builds and stores its structured-data graph and purges what shows
it. For one editor's publication that is right; for an archive of thousands it costs more than saving the
pages. Inside :func:`bulk_import` those are collected instead, and when the run ends (finished or
stopped) every object saved is indexed once, in batches, the graphs are stored in batches, and the page
cache is purged once (``pagecache.purge.bulk_changes``).

Wagtail's search-index signal handler has no switch, so it is disconnected for the run: use this in a
process of its own (the ``import_articles`` command), not inside a web server's request.
"""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from pagecache.purge import bulk_changes
from structured_data import rebuild_graphs, storing_deferred

logger = logging.getLogger(__name__)

BATCH = 500
_UID = "importer.bulk.collect"

#: ``progress(step, done, total)``: what the catch-up at the end is doing (the command prints it).
Progress = Callable[[str, int, int], None]


@contextlib.contextmanager
def bulk_import(progress: Progress | None = None) -> Iterator[None]:
    """Import many articles: per-page indexing, graph storing and purging wait for the end of the run."""
    saved: dict[type[Model], set[Any]] = defaultdict(set)

    def collect(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
        if not raw and instance.pk is not None:
            saved[sender].add(instance.pk)

    searched = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    with bulk_changes(), disable_reference_index_auto_update(), storing_deferred() as graph_ids:
        for model in searched:
            post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(collect, dispatch_uid=_UID, weak=False)
        try:
            yield
        finally:
            post_save.disconnect(dispatch_uid=_UID)
            for model in searched:
                post_save.connect(post_save_signal_handler, sender=model)
            catch_up(saved, graph_ids, progress or (lambda step, done, total: None))


def catch_up(saved: dict[type[Model], set[Any]], graph_ids: set[int], progress: Progress) -> None:
    """Index every object saved during the run once, and store the graphs of the pages published."""
    searched = [(model, pks) for model, pks in saved.items() if index.class_is_indexed(model)]
    total = sum(len(pks) for _model, pks in searched)
    done = 0
    for model, pks in searched:
        for batch in _batches(pks):
            objects = list(model.get_indexed_objects().filter(pk__in=batch))  # type: ignore[attr-defined]
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, objects)
            done += len(batch)
            progress("search index", done, total)
    # Wagtail's own task, once per object instead of once per save (a task queue's workers spread them).
    referenced = [(model, pks) for model, pks in saved.items() if model in ReferenceIndex.tracked_models]
    total = sum(len(pks) for _model, pks in referenced)
    done = 0
    for model, pks in referenced:
        for pk in sorted(pks):
            update_reference_index_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))
            done += 1
            if done % BATCH == 0 or done == total:
                progress("reference index", done, total)
    done = 0
    for batch in _batches(graph_ids):
        rebuild_graphs(batch)
        done += len(batch)
        progress("structured data", done, len(graph_ids))


def _batches(pks: set[Any]) -> Iterator[list[Any]]:
    ordered = sorted(pks)
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]

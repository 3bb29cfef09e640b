"""The background work of a rename (:mod:`search.reindex`): plan the batches, then index each."""

from __future__ import annotations

from django_tasks import task

from pagecache.purge import purge_urls

from . import reindex
from .urls import every_site_search_urls


@task()
def reindex_renamed(kind: str, pk: int) -> int:
    """Enqueue one batch task per ``REINDEX_BATCH_SIZE`` live articles carrying the renamed author or
    tag (``kind`` ``"author"`` or ``"tag"``); return how many batches."""
    batches = 0
    for page_ids in reindex.carrying(kind, pk):
        reindex_articles.enqueue(page_ids)
        batches += 1
    return batches


@task()
def reindex_articles(page_ids: list[int]) -> int:
    """Index ``page_ids`` again, then purge the search pages: results cached since the rename (from
    the entries before this batch) go. Safe to run twice; returns how many were indexed."""
    indexed = reindex.reindex(page_ids)
    purge_urls(every_site_search_urls())
    return indexed

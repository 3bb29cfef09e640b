"""The task a worker runs for each batch of a :class:`~.models.Rebuild`."""

from __future__ import annotations

from django_tasks import task

from structured_data import rebuild_graphs

from .models import Rebuild


@task()
def rebuild_batch(rebuild_id: int, page_ids: list[int]) -> int:
    """Store the graphs of ``page_ids`` again and count the batch in its rebuild; safe to run twice."""
    stored = rebuild_graphs(page_ids)
    rebuild = Rebuild.objects.filter(pk=rebuild_id).first()
    if rebuild is not None:
        rebuild.record_batch(len(page_ids), stored)
    return stored

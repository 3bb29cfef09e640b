"""Which stored graphs a change leaves to rebuild, and handing them to task workers in batches.

The plugin's dependency records name the pages whose graph read the changed object or page (its
own receivers drop those graphs in the same save); here they become a :class:`Rebuild` and one
task per ``REBUILD_BATCH_SIZE`` pages, enqueued once the change commits.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.module_loading import autodiscover_modules
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from structured_data import pages_built_from, pages_reading_page, schema_registry

from .models import Rebuild

_UID = "rebuilds"
#: Set on the changed instance, so the admin hooks can tell the editor.
ATTRIBUTE = "_background_rebuild"


def batch_size() -> int:
    return int(getattr(settings, "REBUILD_BATCH_SIZE", 250))


def plan(label: str, page_ids: set[int], instance: Any = None) -> Rebuild | None:
    """A :class:`Rebuild` of ``page_ids``, its batches enqueued once the transaction commits."""
    if not page_ids:
        return None
    ids = sorted(page_ids)
    size = batch_size()
    batches = [ids[start : start + size] for start in range(0, len(ids), size)]
    rebuild = Rebuild.objects.create(label=label[:255], total=len(ids), batches=len(batches))
    if instance is not None:
        instance.__dict__[ATTRIBUTE] = rebuild

    def enqueue() -> None:
        from .tasks import rebuild_batch

        for batch in batches:
            rebuild_batch.enqueue(rebuild.pk, batch)

    transaction.on_commit(enqueue)
    return rebuild


def _describe(instance: Any) -> str:
    return f"{instance._meta.verbose_name.capitalize()}: {instance}"


def _object_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not created:
        plan(_describe(instance), pages_built_from(instance), instance)


def _page_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    plan(_describe(instance), pages_reading_page(instance, republished=True) - {instance.pk}, instance)


def _page_unpublished_or_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    plan(_describe(instance), pages_reading_page(instance) - {instance.pk}, instance)


def connect() -> None:
    autodiscover_modules("schema")  # the schemas register on import (structured_data does this too)
    page_published.connect(_page_published, dispatch_uid=f"{_UID}.published")
    page_unpublished.connect(_page_unpublished_or_moved, dispatch_uid=f"{_UID}.unpublished")
    post_page_move.connect(_page_unpublished_or_moved, dispatch_uid=f"{_UID}.moved")
    watched = {get_image_model()}
    watched.update(model for model in apps.get_models() if schema_registry.get_for_model(model) is not None)
    for model in watched:
        if not issubclass(model, (Page, Site)):
            post_save.connect(_object_saved, sender=model, dispatch_uid=f"{_UID}.saved.{model._meta.label}")

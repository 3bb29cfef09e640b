"""Changes name their objects; :mod:`pagecache.affected` turns them into URLs; :mod:`pagecache.purge` purges.

Pages count when they are published, unpublished (also by ``publish_scheduled``, going live or
expiring), moved or deleted; drafts never do. Other objects count when saved or deleted: models
with a structured-data schema, the image model (and deleted renditions), ``WATCHED_MODELS`` and
``SITE_WIDE_MODELS``. URLs an object's old state showed (a renamed author's old profile URL) are
worked out before the save, from the row still in the database.
"""

from __future__ import annotations

import threading
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils.module_loading import autodiscover_modules
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from structured_data import schema_registry

from . import affected, keys, routes
from .conf import get_setting
from .purge import in_bulk, purge_keys, purge_urls

_UID = "pagecache"
_moving = threading.local()


def _title_changed(revision: Any) -> bool:
    """Whether the revision published shows another title or slug than the one before it."""
    if revision is None:
        return True
    try:
        previous = revision.get_previous()
    except (AttributeError, ObjectDoesNotExist):
        previous = None
    if previous is None:
        return False  # a first publication: nothing below showed it yet
    before, after = previous.content, revision.content
    return bool(before.get("title") != after.get("title") or before.get("slug") != after.get("slug"))


def _page_keys(page: Page, *, below: bool) -> list[str]:
    """The page's own key, and with ``below`` the key of what shows its title under it."""
    return [keys.path_key(page.path), keys.title_key(page.path)] if below else [keys.path_key(page.path)]


def _published(sender: Any, instance: Page, **kwargs: Any) -> None:
    if in_bulk():
        return
    purge_keys(_page_keys(instance, below=_title_changed(kwargs.get("revision"))))
    purge_urls(affected.urls_for_page(instance, republished=True))


def _unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    if in_bulk():
        return
    purge_keys(_page_keys(instance, below=True))
    purge_urls(affected.urls_for_page(instance) | affected.subtree_urls(instance))


def _before_move(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Where the page and its subtree were, and the listings that showed them there.
    if in_bulk():
        return
    before = getattr(_moving, "urls", None) or {}
    before[instance.pk] = affected.urls_showing(instance) | affected.subtree_urls(instance)
    _moving.urls = before


def _moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    if in_bulk():
        return
    before = (getattr(_moving, "urls", None) or {}).pop(instance.pk, set())
    purge_keys(_page_keys(instance, below=True))  # where it was
    instance.refresh_from_db(fields=["url_path", "path", "depth"])
    purge_urls(before | affected.urls_for_page(instance) | affected.subtree_urls(instance))


def _page_deleted(sender: Any, instance: Page, **kwargs: Any) -> None:
    if in_bulk():
        return
    if instance.live:
        purge_keys(_page_keys(instance, below=True))
        purge_urls(affected.urls_for_page(instance))


def _before_object_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    if in_bulk():
        return
    if instance.pk is None:
        return
    old = type(instance)._default_manager.filter(pk=instance.pk).first()
    if old is not None:
        instance._pagecache_urls_before = affected.object_hook_urls(old)


def _object_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if in_bulk():
        return
    before = instance.__dict__.pop("_pagecache_urls_before", set())
    purge_keys([keys.object_key(instance)])
    purge_urls(before | affected.urls_for_object(instance))


def _object_deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Before the delete: relations that point at the object still do.
    if in_bulk():
        return
    purge_keys([keys.object_key(instance)])
    purge_urls(affected.urls_for_object(instance))


def _rendition_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if in_bulk():
        return
    image = getattr(instance, "image", None)
    if image is not None:
        purge_keys([keys.object_key(image)])
        purge_urls(affected.urls_for_object(image))


def _site_wide(sender: Any, instance: Any, **kwargs: Any) -> None:
    routes.new_generation()
    purge_keys([keys.SITE_KEY])
    purge_urls(affected.urls_for_all_sites())


def _restriction_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Which pages listings, feeds and sitemaps show changes with it: every page, as for the menu.
    # (structured_data drops its cached list of restricted paths, which pagecache reads too.)
    purge_urls(affected.urls_for_all_sites())


def _models(labels: Any) -> list[type[Model]]:
    found = []
    for label in labels:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue  # an app that is not installed here
    return found


def watch(model: type[Model]) -> None:
    """Purge the URLs showing an object of ``model`` when one is saved or deleted."""
    uid = f"{_UID}.object.{model._meta.label}"
    pre_save.connect(_before_object_save, sender=model, dispatch_uid=f"{uid}.pre_save")
    post_save.connect(_object_saved, sender=model, dispatch_uid=f"{uid}.save")
    pre_delete.connect(_object_deleting, sender=model, dispatch_uid=f"{uid}.delete")


def _tree_changed(sender: Any, **kwargs: Any) -> None:
    routes.new_generation()


def connect() -> None:
    # Which page a URL leads to (and which pages are public): any page published, unpublished, moved
    # or deleted, any site, locale or view restriction.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_tree_changed, dispatch_uid=f"{_UID}.routes.{id(signal)}")
    post_delete.connect(_tree_changed, sender=Page, dispatch_uid=f"{_UID}.routes.page_delete")
    for model in (Site, Locale, PageViewRestriction):
        for signal in (post_save, post_delete):
            signal.connect(_tree_changed, sender=model, dispatch_uid=f"{_UID}.routes.{model.__name__}.{id(signal)}")
    page_published.connect(_published, dispatch_uid=f"{_UID}.published")
    page_unpublished.connect(_unpublished, dispatch_uid=f"{_UID}.unpublished")
    pre_page_move.connect(_before_move, dispatch_uid=f"{_UID}.pre_move")
    post_page_move.connect(_moved, dispatch_uid=f"{_UID}.moved")
    # Multi-table inheritance: deleting any page deletes its Page row, and pre_delete says so.
    pre_delete.connect(_page_deleted, sender=Page, dispatch_uid=f"{_UID}.page_delete")

    site_wide = _models(get_setting("SITE_WIDE_MODELS"))
    for model in site_wide:
        post_save.connect(_site_wide, sender=model, dispatch_uid=f"{_UID}.site_wide.save.{model._meta.label}")
        post_delete.connect(_site_wide, sender=model, dispatch_uid=f"{_UID}.site_wide.delete.{model._meta.label}")

    # The schemas register when each app's schema.py is imported (structured_data does this in its
    # ready(), which may come after ours); importing them here first is the same single import.
    autodiscover_modules("schema")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{_UID}.restriction.{id(signal)}"
        )
    image_model = get_image_model()
    watched = {image_model, *_models(get_setting("WATCHED_MODELS"))}
    watched.update(model for model in apps.get_models() if schema_registry.get_for_model(model) is not None)
    for model in watched:
        if not issubclass(model, (Page, Site)) and model not in site_wide:
            watch(model)
    rendition_model = image_model.get_rendition_model()
    post_delete.connect(_rendition_deleted, sender=rendition_model, dispatch_uid=f"{_UID}.rendition_delete")

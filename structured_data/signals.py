"""Keep the cached site-wide nodes and the stored graphs (:mod:`structured_data.stored`) current.

Receivers are connected per model (never for every model: a ``post_delete`` receiver without a
sender would cost every ``QuerySet.delete()`` in the project Django's fast path): models with a
registered schema (images, authors, the publisher setting, ...), pages, sites, view restrictions,
and any model passed to :func:`structured_data.stored.watch`.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import stored
from .models import PublisherPolicy, PublisherSettings, PublisherSocialLink
from .registry import registry
from .site_cache import invalidate_site_nodes
from .visibility import forget_restricted_paths

_UID = "structured_data.invalidate_site_nodes"
_STORED_UID = "structured_data.stored"


def _page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate_site_nodes()
    stored.page_changed(instance)
    stored.forget_page(instance.pk)


def _page_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    stored.page_changed(instance, republished=True)
    stored.store_page(instance)


#: What Wagtail writes to a page row for a draft, a lock or the tree: nothing that is live changes.
DRAFT_FIELDS = frozenset({
    "latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes", "wagtail_admin_comments",
    "locked", "locked_at", "locked_by", "numchild",
})  # fmt: skip


def _page_saved(sender: Any, instance: Any, created: bool = False, update_fields: Any = None, raw: bool = False,
                **kwargs: Any) -> None:  # fmt: skip
    """A page row saved other than for a draft (a script, an import or a publication): its stored graph goes.

    Pages serve their stored graph (``read_graph``), so it must never outlive a change to the live
    row; a publication stores it again right after (``page_published``).
    """
    if created or raw or (update_fields is not None and DRAFT_FIELDS.issuperset(update_fields)):
        return
    stored.forget_own_graph(instance.pk)


def _page_unpublished_or_moved(sender: Any, instance: Any, **kwargs: Any) -> None:
    stored.page_changed(instance)


def _site_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    stored.drop_all()


def _restriction_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_restricted_paths()
    if instance.page_id is not None:
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            stored.restriction_changed(page)


def connect_model(model: type[Model]) -> None:
    """Drop the stored graphs depending on an object of ``model`` when one is saved or deleted."""
    stored.watch(model)


def connect() -> None:
    # A view restriction changes which pages are visible: a policy page, the authors index.
    site_models = (
        PublisherSettings, PublisherSocialLink, PublisherPolicy, Site, get_image_model(), PageViewRestriction,
    )  # fmt: skip
    for model in site_models:
        post_save.connect(invalidate_site_nodes, sender=model, dispatch_uid=f"{_UID}.save.{model._meta.label}")
        post_delete.connect(invalidate_site_nodes, sender=model, dispatch_uid=f"{_UID}.delete.{model._meta.label}")
    # Multi-table inheritance: deleting any page deletes its Page row, and post_delete says so.
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid=f"{_UID}.page_delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate_site_nodes, dispatch_uid=f"{_UID}.{id(signal)}")

    # Stored graphs.
    page_published.connect(_page_published, dispatch_uid=f"{_STORED_UID}.published")
    page_unpublished.connect(_page_unpublished_or_moved, dispatch_uid=f"{_STORED_UID}.unpublished")
    post_page_move.connect(_page_unpublished_or_moved, dispatch_uid=f"{_STORED_UID}.moved")
    post_save.connect(_site_changed, sender=Site, dispatch_uid=f"{_STORED_UID}.site.save")
    post_delete.connect(_site_changed, sender=Site, dispatch_uid=f"{_STORED_UID}.site.delete")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{_STORED_UID}.restriction.save")
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{_STORED_UID}.restriction.delete"
    )
    # Pages count through the page signals above: a draft saves the page row, not what is live; any
    # other save of a page row drops its own graph.
    for model in apps.get_models():
        if issubclass(model, Page):
            post_save.connect(_page_saved, sender=model, dispatch_uid=f"{_STORED_UID}.page.save.{model._meta.label}")
    for model in apps.get_models():
        if registry.get_for_model(model) is not None and not issubclass(model, (Page, Site)):
            connect_model(model)

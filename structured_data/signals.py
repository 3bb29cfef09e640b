"""Forget the cached site-wide nodes whenever something they are built from changes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .graph import invalidate_site_nodes
from .models import PublisherPolicy, PublisherSettings, PublisherSocialLink

_UID = "structured_data.invalidate_site_nodes"


def _page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        invalidate_site_nodes()


def connect() -> None:
    for model in (PublisherSettings, PublisherSocialLink, PublisherPolicy, Site, get_image_model()):
        post_save.connect(invalidate_site_nodes, sender=model, dispatch_uid=f"{_UID}.save.{model._meta.label}")
        post_delete.connect(invalidate_site_nodes, sender=model, dispatch_uid=f"{_UID}.delete.{model._meta.label}")
    post_delete.connect(_page_deleted, dispatch_uid=f"{_UID}.page_delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate_site_nodes, dispatch_uid=f"{_UID}.{id(signal)}")

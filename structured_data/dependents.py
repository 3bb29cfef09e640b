"""Which pages' stored graphs read an object or a page: the dependency records, asked from outside.

A page cache or a CDN purge needs to know which pages show a changed author, image or page; the
records :meth:`GraphBuilder.depends_on <structured_data.graph.GraphBuilder.depends_on>` wrote say so.
These functions are the public way to read them (the table itself is the plugin's own).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page

from .dependencies import PAGE_LABEL, page_fingerprint, root_label
from .models import StoredGraphDependency


def _content_type_id(label: str) -> int:
    return ContentType.objects.get_for_model(apps.get_model(label)).pk


def _dependants(condition: Q) -> set[int]:
    return set(StoredGraphDependency.objects.filter(condition).values_list("graph_id", flat=True))


def _model_level(model: Any) -> Q:
    """Dependencies on "any object of ``model``" (or of its concrete parents)."""
    concrete = model._meta.concrete_model
    labels = [m._meta.label_lower for m in (concrete, *concrete._meta.get_parent_list())]
    return Q(content_type_id__in=[_content_type_id(label) for label in labels], object_id="")


def pages_built_from(obj: Any) -> set[int]:
    """The ids of the pages whose stored graph was built from ``obj`` (a saved model instance)."""
    if obj.pk is None:
        return set()
    model: Any = type(obj)
    return _dependants(
        Q(content_type_id=_content_type_id(root_label(model)), object_id=str(obj.pk)) | _model_level(model)
    )


def pages_reading_page(page: Page, *, republished: bool = False) -> set[int]:
    """The ids of the pages whose stored graph read ``page`` (its own id among them if it does).

    With ``republished``, only the pages that read another title or URL than ``page`` has now,
    and those that read any page of its type.
    """
    mine = Q(content_type_id=_content_type_id(PAGE_LABEL), object_id=str(page.pk))
    if republished:
        mine &= ~Q(fingerprint=page_fingerprint(page.title, page.url_path))
    return _dependants(mine | _model_level(page.specific_class or type(page)))

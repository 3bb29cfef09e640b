"""What building a graph loaded from the database, so that the plugin decides whether it may be stored.

A stored graph stays right only while every object it was built from is a recorded dependency of a
watched model: then a change to that object drops it (:mod:`structured_data.stored`). Schema authors
record them through the builder (``ref``, ``image_object``, ``full_url``, ``depends_on``), and may
forget. So while a page's graph is prefetched and built for storing, every model instance loaded from
the database is noted (Django's ``post_init``, for this thread only), and the graph is stored only if
each one is accounted for:

* the page itself, and what its revision holds: inline children (a ``ParentalKey`` to the page) and
  their tags; the inline children of a recorded object (saving it saves them); the site's root page;
* a recorded dependency of a watched model (a page: only when it is related to the page — an ancestor,
  a translation, or the target of one of its foreign keys —, since a page picked by a query such as
  "the newest articles" changes with every publication; a dependency on the whole model covers any);
* what the plugin keeps current by other means: sites, locales, content types, revisions, view
  restrictions, oEmbed answers, the renditions of a recorded image.

Anything else (a snippet read without ``depends_on``, a list of other pages) keeps the graph from
being stored: it is built on every export instead, so a forgotten dependency costs time, never a stale
graph. Reading the clock is the one thing this cannot see: a schema whose graph changes with the time
says ``store = False``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_init
from modelcluster.fields import ParentalKey
from wagtail.images.models import AbstractRendition
from wagtail.models import Page, Site

from .dependencies import PAGE_LABEL, root_label

#: Models whose rows the plugin keeps current without a dependency record (signals, revisions).
KEPT_CURRENT = frozenset({
    "wagtailcore.site", "wagtailcore.locale", "contenttypes.contenttype", "wagtailcore.revision",
    "wagtailcore.pageviewrestriction", "wagtailembeds.embed", "taggit.tag",
    "structured_data.storedgraph", "structured_data.storedgraphdependency",
})  # fmt: skip

_UID = "structured_data.reads"
_collectors: ContextVar[tuple[list[Model], ...]] = ContextVar(_UID, default=())
_lock = threading.Lock()
_watching = 0


def _loaded(sender: Any, instance: Model, **kwargs: Any) -> None:
    for collected in _collectors.get():
        collected.append(instance)


@contextlib.contextmanager
def watching() -> Iterator[list[Model]]:
    """Collect the model instances created in this thread inside the block (those loaded from the
    database are told apart afterwards, by their ``_state``). The receiver is connected only while
    some block runs, so pages served meanwhile pay nothing."""
    global _watching
    collected: list[Model] = []
    token = _collectors.set((*_collectors.get(), collected))
    with _lock:
        if _watching == 0:
            post_init.connect(_loaded, dispatch_uid=_UID, weak=False)
        _watching += 1
    try:
        yield collected
    finally:
        _collectors.reset(token)
        with _lock:
            _watching -= 1
            if _watching == 0:
                post_init.disconnect(dispatch_uid=_UID)


@contextlib.contextmanager
def unwatched() -> Iterator[None]:
    """What is read inside is not the page's: the site-wide nodes, which are never stored with it."""
    token = _collectors.set(())
    try:
        yield
    finally:
        _collectors.reset(token)


@cache
def _labels(model: type[Model]) -> frozenset[str]:
    concrete: Any = model._meta.concrete_model
    return frozenset(m._meta.label_lower for m in (model, concrete, *concrete._meta.get_parent_list()))


@cache
def _parental_keys(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.fields if isinstance(field, ParentalKey))


@cache
def _parents(model: type[Model]) -> tuple[tuple[str, str], ...]:
    """``(attname, root label of the parent model)`` of each ParentalKey: inline children of a snippet."""
    return tuple(
        (field.attname, root_label(field.related_model))
        for field in model._meta.fields
        if isinstance(field, ParentalKey) and isinstance(field.related_model, type)
    )


@cache
def _page_keys(model: type[Model]) -> tuple[str, ...]:
    return tuple(
        field.attname
        for field in model._meta.fields
        if field.many_to_one and isinstance(field.related_model, type) and issubclass(field.related_model, Page)
    )


def unaccounted(
    loaded: Iterable[Model],
    pages: Sequence[Page],
    dependencies: Iterable[tuple[str, str]],
    watched: frozenset[str],
) -> list[str]:
    """The objects in ``loaded`` that storing the graphs of ``pages`` cannot rely on (see the module
    docstring), as ``"label pk"`` strings; empty when the graphs may be stored. ``watched``: the labels
    of the models whose saves and deletes drop dependent graphs."""
    recorded = set(dependencies)
    whole_models = {label for label, object_id in recorded if object_id == ""}
    page_pks = {page.pk for page in pages}
    steplen = Page.steplen
    ancestor_paths = {page.path[:end] for page in pages for end in range(steplen, len(page.path) + 1, steplen)}
    translation_keys = {getattr(page, "translation_key", None) for page in pages} - {None}
    rows: dict[tuple[Any, ...], Model] = {}
    for obj in loaded:
        if obj.pk is not None and not obj._state.adding:
            rows[(type(obj), obj.pk, id(obj))] = obj
    owned = [obj for obj in rows.values() if any(getattr(obj, key) in page_pks for key in _parental_keys(type(obj)))]
    # Inline children of a recorded object (an author's profile links): saving the object saves them.
    owned += [
        obj
        for obj in rows.values()
        if any((label, str(getattr(obj, key))) in recorded for key, label in _parents(type(obj)))
    ]
    site_roots = {getattr(obj, "root_page_id", None) for obj in rows.values() if isinstance(obj, Site)}
    holders: list[Model] = [*pages, *owned]
    related_pages = {getattr(obj, key) for obj in holders for key in _page_keys(type(obj))}
    owned_ids = {id(obj) for obj in owned}
    missing = []
    for obj in rows.values():
        labels = _labels(type(obj))
        if id(obj) in owned_ids or labels & KEPT_CURRENT or labels & whole_models:
            continue
        if isinstance(obj, Page):
            specific_class: Any = obj.specific_class
            specific = _labels(specific_class) if specific_class else labels
            if obj.pk in page_pks or obj.pk in site_roots or specific & whole_models:
                continue
            related = (
                obj.pk in related_pages
                or obj.path in ancestor_paths
                or getattr(obj, "translation_key", None) in translation_keys
            )
            if related and (PAGE_LABEL, str(obj.pk)) in recorded:
                continue
        elif isinstance(obj, AbstractRendition):
            image_model = type(obj)._meta.get_field("image").related_model
            if (root_label(image_model), str(obj.image_id)) in recorded:
                continue
        elif (root_label(type(obj)), str(obj.pk)) in recorded and labels & watched:
            continue
        missing.append(f"{obj._meta.label_lower} {obj.pk}")
    return sorted(set(missing))

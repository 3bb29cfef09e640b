"""A renamed author or tag: the articles that carry the name are indexed again, in the background.

An article's search entry holds its byline's names and its tags' names (``ArticlePage.search_fields``),
copied when the article was indexed. Renaming an author or a tag changes no article, so nothing
indexes them again by itself, and one author may sign ten thousand stories. So a save that changes
the words of the name (nothing else an article's entry holds: a fix of case alone changes no
search) enqueues one task once it commits
(:func:`search.tasks.reindex_renamed`); that task lists the live articles carrying the name and
enqueues a task per ``REINDEX_BATCH_SIZE`` of them (:func:`search.tasks.reindex_articles`), each
of which indexes its batch in every backend and then purges the search pages, as a publication does.
Deleting one indexes its live articles again the same way, in batches, once the deletion commits.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_delete, pre_save
from taggit.models import Tag
from wagtail.search.backends import get_search_backends_with_name

from articles.models import ArticlePage, Author

from .conf import get_setting

logger = logging.getLogger(__name__)

_UID = "search.reindex"
#: Set on an instance between its pre_save and post_save when its name changed.
RENAMED = "_search_renamed"
#: Each renamable model, the name its tasks know it by, and the articles' lookup to it.
KINDS: dict[type[Model], str] = {Author: "author", Tag: "tag"}
CARRIED_BY = {"author": "article_authors__author", "tag": "tagged_items__tag"}


def carrying(kind: str, pk: int) -> Iterator[list[int]]:
    """The ids of the live articles carrying author or tag ``pk``, in batches of ``REINDEX_BATCH_SIZE``."""
    size = max(1, int(get_setting("REINDEX_BATCH_SIZE")))
    ids = (
        ArticlePage.objects.live()
        .filter(**{CARRIED_BY[kind]: pk})
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    batch: list[int] = []
    for page_id in ids.iterator(chunk_size=size):
        batch.append(page_id)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def reindex(page_ids: Iterable[int]) -> int:
    """Index the live articles among ``page_ids`` again, each as its own type, in every backend that
    follows changes; return how many."""
    by_type: dict[int, list[int]] = defaultdict(list)
    for page_id, content_type_id in (
        ArticlePage.objects.live().filter(pk__in=list(page_ids)).values_list("pk", "content_type_id")
    ):
        by_type[content_type_id].append(page_id)
    indexed = 0
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not issubclass(model, ArticlePage):
            continue
        # What the entry reads, in a few queries for the whole batch (not three per article).
        objects = list(
            model.get_indexed_objects()
            .filter(pk__in=ids)
            .select_related("section_page", "lead_image")
            .prefetch_related("article_authors__author", "tags")
        )
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, objects)
            except Exception:
                logger.exception("Could not index %d articles again in the %r search backend", len(objects), name)
                if not backend.catch_indexing_errors:  # a database backend: the task fails and says so
                    raise
        indexed += len(objects)
    return indexed


def indexed_words(name: str) -> list[str]:
    """What a search matches in a name: its words, case aside (every backend folds case: FTS5's
    tokenizer, PostgreSQL's configurations, Elasticsearch's analyzers). Accents are compared as written:
    the database backends ignore them, an Elasticsearch analyzer may not, so an accent's change re-indexes."""
    return re.findall(r"\w+", name.casefold())


def _before_save(sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if raw or instance.pk is None or (update_fields is not None and "name" not in update_fields):
        return
    before = type(instance)._default_manager.filter(pk=instance.pk).values_list("name", flat=True).first()
    if before is not None and indexed_words(before) != indexed_words(instance.name):
        instance.__dict__[RENAMED] = True


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not instance.__dict__.pop(RENAMED, False) or raw:
        return
    kind, pk = KINDS[sender], instance.pk

    def enqueue() -> None:
        from .tasks import reindex_renamed

        reindex_renamed.enqueue(kind, pk)

    transaction.on_commit(enqueue)


def _before_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted tag or author: its articles' entries would keep its name (the links go with it, and no
    article is saved), so the live ones carrying it are noted now and indexed again once it commits."""
    batches = list(carrying(KINDS[sender], instance.pk))
    if not batches:
        return

    def enqueue() -> None:
        from .tasks import reindex_articles

        for page_ids in batches:
            reindex_articles.enqueue(page_ids)

    transaction.on_commit(enqueue)


def connect() -> None:
    for model in KINDS:
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{_UID}.before.{model._meta.label}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"{_UID}.saved.{model._meta.label}")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{_UID}.deleted.{model._meta.label}")

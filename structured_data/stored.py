"""Stored graphs: each page's own nodes kept between bulk exports, the way Wagtail keeps its indexes.

Building graphs is most of what an export costs, and a page's graph changes only when the page, or
something it was built from, changes. So the export keeps each page's graph as text
(:class:`~structured_data.models.StoredGraph`) with the objects it was built from
(:class:`~structured_data.models.StoredGraphDependency`, recorded by
:meth:`GraphBuilder.depends_on <structured_data.graph.GraphBuilder.depends_on>`), and:

* **builds** it with the builder the pages use (:class:`~structured_data.graph.GraphBuilder`, with
  the export's per-site request), from the live page only: when a page is published
  (:func:`store_page`), when the export meets a visible page whose graph is missing or stale (its
  live revision, publication times or context differ, the context naming the code and settings that
  build graphs as well; :func:`iter_items`), and in ``manage.py
  rebuild_structured_data``;
* **drops** it when the page is unpublished, moved or deleted, when an object it depends on is saved
  or deleted, when a page it depends on is published with another title or URL, unpublished, moved
  or deleted, when a view restriction changes, and when a site changes (:mod:`structured_data.signals`);
* keeps a graph only when everything its build loaded is accounted for (:mod:`structured_data.reads`:
  the page's own, or recorded dependencies of watched models), never for schemas with ``store = False``
  (graphs that change with the time), and never the site-wide nodes (publisher, WebSite, logo), which
  are added when exported from the site-nodes cache, as every page does.

What is visible is never read from here: the export asks ``visible_pages`` which pages go out and
only then looks up their stored text.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import CharField, Model, Q, Subquery
from django.db.models.constants import OnConflict
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from wagtail.models import Page, Site

from . import reads
from .conf import STRUCTURED_DATA, get_setting
from .dependencies import PAGE_LABEL, page_fingerprint, root_label
from .graph import STORED_GRAPH_READERS, Graph, GraphBuilder
from .models import StoredGraph, StoredGraphDependency
from .prefetch import prefetch_batch
from .registry import registry
from .rendering import dumps_json_ld
from .site_request import SiteRequest

logger = logging.getLogger(__name__)

#: What every NDJSON line starts with (``dumps_json_ld`` of ``{"@context": ..., "@graph": [...]}``).
PREFIX = '{"@context":"https://schema.org","@graph":['
SUFFIX = "]}"

# Context --------------------------------------------------------------------------------------------


#: The settings a graph's text reads (the site-wide nodes' own are not stored).
GRAPH_SETTINGS = ("IMAGE_CROPS", "IMAGE_SPEC", "MIN_IMAGE_PIXELS", "ALLOWED_URL_SCHEMES", "ITEM_LIST_LENGTH")


def current_context(site: Site) -> str:
    """What a graph's text depends on besides its page and dependencies: site, language, time zone,
    and the code and settings that build graphs (a deploy that changes them makes stored graphs stale)."""
    return (
        f"{site.pk}|{translation.get_language() or ''}|{timezone.get_current_timezone_name()}|"
        f"{registry.identity()}{STRUCTURED_DATA.digest(GRAPH_SETTINGS)}"
    )


@contextlib.contextmanager
def canonical_context() -> Iterator[None]:
    """The language and time zone a management command runs in (``LANGUAGE_CODE``, ``TIME_ZONE``).

    Graphs stored outside the export (on publish, in an admin request with the editor's own
    time zone and language) are built in this context, the one the export compares against.
    """
    with translation.override(settings.LANGUAGE_CODE), timezone.override(timezone.get_default_timezone()):
        yield


def is_stored(model: type) -> bool:
    """Whether the graphs of ``model``'s pages may be stored at all (its schema has not said
    ``store = False``); each graph is still checked by what its build read (:func:`build_page`)."""
    schema = registry.get_for_model(model)
    return schema is not None and schema.store is not False


#: Labels of the models whose saves and deletes drop dependent graphs (:func:`watch`).
_watched: set[str] = set()


def watched_labels() -> frozenset[str]:
    return frozenset(_watched)


# The site-wide nodes ------------------------------------------------------------------------------


@dataclass
class SiteNodes:
    """The publisher, WebSite and logo nodes that end every page graph of a site, and their text."""

    nodes: list[dict[str, Any]]
    ids: list[Any]
    text: str

    @cached_property
    def item_context(self) -> str:
        """What a stored news item read besides its page's graph: these nodes and the formats' settings."""
        from .formats.ninjs import VERSION

        settings_text = json.dumps([get_setting("MEDIA_TOPICS"), list(get_setting("IMAGE_CROPS"))], default=str)
        return hashlib.sha256(f"{VERSION}|{settings_text}|{self.text}".encode()).hexdigest()[:32]

    @classmethod
    def build(cls, request: Any, site: Site) -> SiteNodes:
        builder = GraphBuilder(request, None, site)
        builder.add_site_nodes()  # from the cache, as every page's graph gets them
        nodes = list(builder.nodes.values())
        return cls(nodes, [node.get("@id") for node in nodes], ",".join(dumps_json_ld(node) for node in nodes))

    def own_nodes(self, graph: Graph) -> list[dict[str, Any]] | None:
        """The page's own nodes: ``graph`` without the site-wide nodes it ends with, or None.

        None when the graph does not end with exactly these nodes, or names one of them earlier
        (a schema that adds the publisher itself): such a graph is exported as built, not stored.
        """
        count = len(self.nodes)
        nodes = graph.nodes
        own = nodes[: len(nodes) - count] if count else list(nodes)
        if count and nodes[len(nodes) - count :] != self.nodes:
            return None
        ids = set(self.ids)
        if any(node.get("@id") in ids for node in own):
            return None
        return own


# What the export writes ---------------------------------------------------------------------------


class ExportItem:
    """One page's graph, stored (``own_text`` plus the site's nodes) or just built (``graph``)."""

    __slots__ = ("graph", "ninjs", "ninjs_problems", "own_text", "page_node_id", "page_pk", "site")

    def __init__(
        self, page_pk: int, own_text: str | None, page_node_id: str | None, site: SiteNodes, graph: Graph | None = None
    ) -> None:
        self.page_pk = page_pk
        self.own_text = own_text  # the page's own nodes as one JSON array, as stored
        self.page_node_id = page_node_id
        self.site = site
        self.graph = graph
        #: The page's ninjs line and its problems, when stored and current (``iter_items(ninjs=True)``).
        self.ninjs: str | None = None
        self.ninjs_problems: list[str] = []

    def ndjson(self) -> str:
        """Exactly ``dumps_json_ld(graph.as_dict())`` (JSON text concatenates node by node)."""
        if self.own_text is None:
            assert self.graph is not None  # an item is either stored text or a graph just built
            return dumps_json_ld(self.graph.as_dict())
        inner = self.own_text[1:-1]
        if self.site.text:
            inner = f"{inner},{self.site.text}" if inner else self.site.text
        return PREFIX + inner + SUFFIX

    def nodes(self) -> list[dict[str, Any]]:
        if self.graph is not None:
            return self.graph.nodes
        assert self.own_text is not None
        return [*json.loads(self.own_text), *self.site.nodes]


@dataclass
class StorableGraph:
    """A graph built in this batch, waiting to be stored."""

    page_pk: int
    revision_id: int | None
    first_published_at: Any
    last_published_at: Any
    text: str
    page_node_id: str
    types: str
    dependencies: dict[tuple[str, str], str]
    ninjs: str = ""
    item_problems: str = ""
    item_context: str = ""


def _types(graph: Graph) -> str:
    found: list[str] = []
    for node in (graph.entity, graph.page_node):
        value = (node or {}).get("@type")
        for kind in value if isinstance(value, list) else [value]:
            if isinstance(kind, str) and kind not in found:
                found.append(kind)
    return " ".join(found)


def build_page(
    page: Page, request: Any, site: Site, site_nodes: SiteNodes, prefetched: Sequence[Model] = ()
) -> tuple[Graph, StorableGraph | None]:
    """The page's graph (as ``build_graph`` makes it) and, if it may be stored, what to store.

    ``prefetched``: what was loaded for this page alone before building (the export checks what it
    loads for a whole batch itself, :func:`unaccounted_in_batch`).
    """
    builder = GraphBuilder(request, page, site, record_dependencies=True)
    with reads.watching() as loaded:
        graph = builder.build(page)
    if not is_stored(type(page)):
        return graph, None
    schema = registry.get_for_model(type(page))
    vouched = schema is not None and schema.store is True  # its author says every read is recorded
    missing = (
        [] if vouched else reads.unaccounted([*prefetched, *loaded], [page], builder.dependencies, watched_labels())
    )
    if missing:
        logger.debug("Not storing the graph of page %s: it read %s, recorded nowhere", page.pk, ", ".join(missing))
        return graph, None
    own = site_nodes.own_nodes(graph)
    if own is None or graph.page_id is None:
        return graph, None
    dependencies = {key: fp for key, fp in builder.dependencies.items() if key != (PAGE_LABEL, str(page.pk))}
    text = "[" + ",".join(dumps_json_ld(node) for node in own) + "]"
    ninjs, problems = _ninjs_line(builder, graph, page)
    built = StorableGraph(
        page.pk, page.live_revision_id, page.first_published_at, page.last_published_at, text, graph.page_id,
        _types(graph), dependencies, ninjs, problems, site_nodes.item_context if ninjs else "",
    )  # fmt: skip
    return graph, built


def _ninjs_line(builder: GraphBuilder, graph: Graph, page: Page) -> tuple[str, str]:
    """The page's ninjs item as stored beside its graph, and its problems; ``("", "")`` when none is kept.

    Built from the graph just built and the page as loaded for it (its ``prefetch``), as the
    formats' export would build it. An item whose date would be the clock's, or that cannot be
    built, is not kept: the readers of stored items build it themselves (and report the error).
    """
    from .formats import available, get_format
    from .formats.item import news_item

    news_format = get_format("ninjs")
    schema = builder.schema_for(page)
    if news_format is None or schema is None or not available():
        return "", ""
    try:
        item = news_item(graph, schema, page)
        if "no publication date" in item.problems:
            return "", ""
        return news_format.serialize(item).decode("utf-8"), "\n".join(item.problems)
    except Exception:
        logger.warning("Could not build the ninjs item of page %s to store", page.pk, exc_info=True)
        return "", ""


def vouched(page: Page) -> bool:
    """Whether the page's schema says ``store = True``: its author vouches that every read is recorded,
    and its graphs are stored without the read check (:mod:`.reads`)."""
    schema = registry.get_for_model(type(page))
    return schema is not None and schema.store is True


def unaccounted_in_batch(
    prefetched: Sequence[Model], pages: Sequence[Page], built: Sequence[StorableGraph]
) -> list[str]:
    """What a batch's prefetch loaded that none of its stored graphs accounts for (see :mod:`.reads`)."""
    dependencies = {key for item in built for key in item.dependencies}
    return reads.unaccounted(prefetched, pages, dependencies, watched_labels())


def _content_type_id(label: str) -> int:
    """From Django's content type cache (one query per model per process; cleared when the test
    database is flushed, so it never hands out an id from before)."""
    return ContentType.objects.get_for_model(apps.get_model(label), for_concrete_model=False).pk


def save(built: Sequence[StorableGraph], context: str) -> None:
    """Store ``built`` (replacing what is stored for those pages), with their dependencies.

    Four queries whatever the number of graphs: two deletes and two ``executemany`` inserts (no
    model instances: ``bulk_create`` would build one per row and, on SQLite, split the rows into
    many statements).
    """
    if not built:
        return
    using = router.db_for_write(StoredGraph)
    connection = connections[using]
    quote = connection.ops.quote_name
    now = timezone.now()
    pks = [item.page_pk for item in built]

    def prep(model: Any, name: str, value: Any) -> Any:
        return model._meta.get_field(name).get_db_prep_save(value, connection)

    graph_columns = ("page_id", "revision_id", "first_published_at", "last_published_at", "context", "text",
                     "page_node_id", "types", "built_at", "ninjs", "item_problems", "item_context")  # fmt: skip
    built_at = prep(StoredGraph, "built_at", now)
    graph_rows = [
        (
            item.page_pk, item.revision_id, prep(StoredGraph, "first_published_at", item.first_published_at),
            prep(StoredGraph, "last_published_at", item.last_published_at), context, item.text, item.page_node_id,
            item.types, built_at, item.ninjs, item.item_problems, item.item_context,
        )
        for item in built
    ]  # fmt: skip
    dependency_columns = ("graph_id", "content_type_id", "object_id", "fingerprint")
    dependency_rows = [
        (item.page_pk, _content_type_id(label), object_id, fingerprint)
        for item in built
        for (label, object_id), fingerprint in item.dependencies.items()
    ]
    with transaction.atomic(using=using):
        StoredGraph.objects.using(using).filter(pk__in=pks).delete()
        StoredGraphDependency.objects.using(using).filter(graph_id__in=pks).delete()
        with connection.cursor() as cursor:
            for model, columns, rows, on_conflict in (
                (StoredGraph, graph_columns, graph_rows, OnConflict.IGNORE),  # a concurrent export stored it first
                (StoredGraphDependency, dependency_columns, dependency_rows, None),
            ):
                if not rows:
                    continue
                sql = (
                    f"{connection.ops.insert_statement(on_conflict=on_conflict)} {quote(model._meta.db_table)} "
                    f"({', '.join(quote(column) for column in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
                )
                suffix = connection.ops.on_conflict_suffix_sql([], on_conflict, None, None)
                cursor.executemany(f"{sql} {suffix}".rstrip(), rows)


# What the export reads ----------------------------------------------------------------------------

#: What the export reads of each page with its stored graph, in one ``values_list`` query per batch.
COLUMNS = (
    "pk", "content_type_id", "structured_data_graph__context", "structured_data_graph__text",
    "structured_data_graph__page_node_id", "structured_data_graph__types",
    "live_revision_id", "first_published_at", "last_published_at", "structured_data_graph__revision_id",
    "structured_data_graph__first_published_at", "structured_data_graph__last_published_at",
)  # fmt: skip
#: Read too when the export writes ninjs (``iter_items(ninjs=True)``): the stored item, its problems
#: and context.
ITEM_COLUMNS = (
    "structured_data_graph__ninjs", "structured_data_graph__item_problems", "structured_data_graph__item_context",
)  # fmt: skip


# What a page serves --------------------------------------------------------------------------------


#: Site-wide nodes with their text, per node-cache key (which names the nodes' version): parsed and
#: serialised once per process and version rather than once per request; kept no longer than the
#: node cache keeps them.
_SITE_NODES: dict[str, tuple[float, SiteNodes, dict[str, Any]]] = {}


def _site_nodes_for_request(request: Any, site: Site) -> tuple[SiteNodes, dict[str, Any]]:
    """The site-wide nodes every page graph ends with, their text and the head's meta (Twitter handle)."""
    memo = request.__dict__.setdefault("_structured_data_site_nodes", {})
    found: tuple[SiteNodes, dict[str, Any]] | None = memo.get(site.pk)
    if found is not None:
        return found
    builder = GraphBuilder(request, None, site)
    timeout = get_setting("SITE_NODES_CACHE_TIMEOUT")
    key = f"{builder._cache_prefix}:site-nodes:{site.pk}" if timeout else None
    now = time.monotonic()
    kept = _SITE_NODES.get(key) if key else None
    if kept is not None and kept[0] > now:
        found = kept[1], kept[2]
    else:
        meta = builder.add_site_nodes()
        nodes = list(builder.nodes.values())
        site_nodes = SiteNodes(nodes, [node.get("@id") for node in nodes], ",".join(map(dumps_json_ld, nodes)))
        found = site_nodes, meta
        if key:
            if len(_SITE_NODES) > 64:
                _SITE_NODES.clear()
            _SITE_NODES[key] = (now + timeout, site_nodes, meta)
    memo[site.pk] = found
    return found


def _read_current_text(page: Page, context: str) -> tuple[str, str] | None:
    """``(text, page_node_id)`` of ``page``'s stored graph if it is current, in one query by primary key.

    Plain SQL: the ORM's query building would cost more than the read. Current means built from
    the page's live revision and publication times in ``context``; the comparison is in the query.
    """
    using = router.db_for_read(StoredGraph)
    connection = connections[using]
    quote = connection.ops.quote_name
    conditions = [f"{quote('page_id')} = %s", f"{quote('context')} = %s"]
    params: list[Any] = [page.pk, context]
    for column, value in (("revision_id", page.live_revision_id), ("first_published_at", page.first_published_at),
                          ("last_published_at", page.last_published_at)):  # fmt: skip
        if value is None:
            conditions.append(f"{quote(column)} IS NULL")
        else:
            conditions.append(f"{quote(column)} = %s")
            field: Any = StoredGraph._meta.get_field(column)
            params.append(field.get_db_prep_value(value, connection))
    table = quote(StoredGraph._meta.db_table)
    # Identifiers come from the model, every value is a parameter.
    sql = f"SELECT {quote('text')}, {quote('page_node_id')} FROM {table} WHERE {' AND '.join(conditions)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[str, str] | None = cursor.fetchone()
        return row


def read_graph(page: Page, request: Any) -> Graph | None:
    """``page``'s graph from its stored copy, or None when it must be built (none, stale or not stored).

    Current means built from the page's live revision and publication times, in the context
    (site, language, time zone) of this request: then it is what the builder would give here,
    the dependency records having dropped it if anything it was built from changed. The text is
    printed as stored and parsed only for its nodes (the social meta tags read them).
    """
    if not page.pk or not vouched(page):
        # Served in place of a build only when the schema vouches (``store = True``) that its reads are
        # recorded; graphs the plugin chose to store by its read check feed the export, and pages build.
        return None
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    row = _read_current_text(page, current_context(site))
    if row is None:
        return None
    text, page_node_id = row
    own = json.loads(text)
    if not own:
        return None
    site_nodes, meta = _site_nodes_for_request(request, site)
    item = ExportItem(page.pk, text, page_node_id, site_nodes)
    return Graph(nodes=[*own, *site_nodes.nodes], page_id=page_node_id, entity_id=own[0].get("@id") or page_node_id,
                 meta=meta, text=item.ndjson())  # fmt: skip


STORED_GRAPH_READERS.append(read_graph)


# Publishing ---------------------------------------------------------------------------------------


_deferred = threading.local()


@contextlib.contextmanager
def storing_deferred() -> Iterator[set[int]]:
    """Publications in this thread do not store their graphs: the ids are collected in the set yielded.

    A bulk import publishes thousands of pages; building each graph inside its publication costs more
    than saving the page. The caller stores them afterwards, in batches, with ``rebuild_graphs(ids)``
    (until then pages build their graph as they are served). Nested uses share the outer set.
    """
    outer = getattr(_deferred, "ids", None)
    if outer is not None:
        yield outer
        return
    collected: set[int] = set()
    _deferred.ids = collected
    try:
        yield collected
    finally:
        _deferred.ids = None


def store_page(page: Page) -> bool:
    """Build and store the graph of ``page`` as it is live now (called when it is published).

    The page is read back from the database: page rows hold the published revision, never a
    draft. Pages of a schema that is not stored, pages on no site and pages that are not live are
    left alone. A failure is logged and never stops the publication (the export builds the graph
    itself, and reports the error, next time).
    """
    if not page.live or not is_stored(page.specific_class or type(page)):
        return False
    deferred = getattr(_deferred, "ids", None)
    if deferred is not None:  # a graph of an earlier revision is not current: it is never served
        deferred.add(page.pk)
        return False
    try:
        with transaction.atomic(using=router.db_for_write(StoredGraph)), canonical_context():
            live = Page.objects.filter(pk=page.pk, live=True).specific().first()
            site = live.get_site() if live is not None else None
            if live is None or site is None:
                return False
            request = SiteRequest(site)
            site_nodes = SiteNodes.build(request, site)
            with reads.watching() as prefetched:
                prefetch_batch([live])
            _graph, built = build_page(live, request, site, site_nodes, prefetched)
            if built is None:  # not storable as it is now: no copy of an earlier revision stays either
                StoredGraph.objects.filter(pk=live.pk).delete()
                forget_page(live.pk)
                return False
            save([built], current_context(site))
            return True
    except Exception:
        logger.exception("Could not store the structured data graph of page %s", page.pk)
        return False


# Invalidation -------------------------------------------------------------------------------------


def _drop(dependencies: Q, also: Q | None = None) -> None:
    """Delete, in one query, every stored graph with a dependency matching ``dependencies`` (or ``also``)."""
    matching = Q(pk__in=Subquery(StoredGraphDependency.objects.filter(dependencies).values("graph_id")))
    if also is not None:
        matching |= also
    StoredGraph.objects.filter(matching).delete()


def _class_content_type_ids(model: type[Model]) -> list[int]:
    """Content types of ``model`` and of its concrete model parents (a dependency on any object of them)."""
    concrete: Any = model._meta.concrete_model
    return [_content_type_id(m._meta.label_lower) for m in (concrete, *concrete._meta.get_parent_list())]


def object_changed(instance: Any) -> None:
    """An object some graphs may depend on was saved or deleted: drop those graphs."""
    if instance.pk is None:
        return
    _drop(
        Q(content_type_id=_content_type_id(root_label(instance.__class__)), object_id=str(instance.pk))
        | Q(content_type_id__in=_class_content_type_ids(type(instance)), object_id="")
    )


def page_changed(page: Page, *, republished: bool = False) -> None:
    """Drop the graphs that depend on ``page``, and its own unless ``republished``.

    On a (re)publication only graphs that read another title or URL than the page has now are
    dropped (a breadcrumb, an article's section), and those that depend on any page of its type.
    """
    mine = Q(content_type_id=_content_type_id(PAGE_LABEL), object_id=str(page.pk))
    if republished:
        mine &= ~Q(fingerprint=page_fingerprint(page.title, page.url_path))
    specific = page.specific_class or type(page)
    dependencies = mine | Q(content_type_id__in=_class_content_type_ids(specific), object_id="")
    _drop(dependencies, None if republished else Q(pk=page.pk))


def restriction_changed(page: Page) -> None:
    """A view restriction on ``page`` changed: drop graphs depending on it, its descendants or their visibility."""
    subtree = Page.objects.filter(path__startswith=page.path)
    _drop(
        Q(content_type_id=_content_type_id(PAGE_LABEL), object_id__in=Subquery(
            subtree.annotate(text_pk=Cast("pk", CharField())).values("text_pk")))
        | Q(content_type_id__in=Subquery(subtree.values("content_type_id")), object_id="")
        | Q(content_type_id=_content_type_id(PAGE_LABEL), object_id="")
    )  # fmt: skip


def drop_all() -> None:
    """Forget every stored graph (a site changed: every URL may have)."""
    StoredGraph.objects.all().delete()
    StoredGraphDependency.objects.all().delete()


def forget_own_graph(page_pk: int) -> None:
    """Drop the stored graph of one page (its live row changed), in two queries by key."""
    StoredGraph.objects.filter(pk=page_pk).delete()
    StoredGraphDependency.objects.filter(graph_id=page_pk).delete()


def forget_page(page_pk: int) -> None:
    """A page was deleted: its graph went with it; its dependency rows go too."""
    StoredGraphDependency.objects.filter(graph_id=page_pk).delete()


def _object_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    object_changed(instance)


def watch(model: type[Model]) -> None:
    """Drop the graphs that depend on an object of ``model`` when one is saved or deleted.

    Models with a registered schema, pages, images, sites and view restrictions are watched
    already; call this (in ``AppConfig.ready``) for another model a schema passes to
    ``builder.depends_on``.
    """
    _watched.add(model._meta.label_lower)
    uid = f"structured_data.stored.object.{model._meta.label}"
    post_save.connect(_object_changed, sender=model, dispatch_uid=f"{uid}.save")
    post_delete.connect(_object_changed, sender=model, dispatch_uid=f"{uid}.delete")

"""One schema.org graph per page.

:func:`build_graph` asks the registry for the schema of what the page shows and collects every
node it produces into ``{"@context": "https://schema.org", "@graph": [...]}``: each node once,
under a stable ``@id``, others referring to it as ``{"@id": ...}``:

===============================  =========================================
``{page_url}#webpage``           the WebPage / CollectionPage / ProfilePage
``{page_url}#breadcrumb``        its BreadcrumbList
``{page_url}#article`` (etc.)    the page's main entity
``{author_url}#person``          a Person, the same on every page
``{site_root}#organization``     the publisher, from ``PublisherSettings``
``{site_root}#website``          the WebSite
``{site_root}#logo``             the publisher's logo
===============================  =========================================

The publisher and WebSite nodes are the same on every page of a site, so they are built once and
kept in Django's cache (``SITE_NODES_CACHE_TIMEOUT``) until the setting, a site, an image or a
page changes. So are the nodes of entities a schema gives a :meth:`~structured_data.schema.Schema.cache_version`
(people, who appear on every article they write), under that version too. Everything else is
built from objects the page has already loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast
from urllib.parse import urljoin

from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import FileSystemStorage
from django.utils import translation
from django.utils.functional import cached_property
from wagtail.images.models import Filter
from wagtail.models import Page, Site

from . import reads
from .conf import get_setting
from .dependencies import dependency
from .page_urls import PageUrls
from .registry import registry
from .rendering import dumps_json_ld
from .schema import ImageSchema, Schema
from .site_cache import cache_get, cache_set, current_version
from .values import Ref, normalize
from .visibility import visible_pages

CONTEXT = "https://schema.org"
_FILTERS: dict[str, Filter] = {}  # parsed rendition specs; a Filter is immutable once parsed


@dataclass
class Graph:
    """The nodes of one page's graph, in order, with the ids of its page node and main entity."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    page_id: str | None = None
    entity_id: str | None = None
    #: Things the HTML head needs that are not schema.org (e.g. the publisher's Twitter handle).
    meta: dict[str, Any] = field(default_factory=dict)
    #: ``dumps_json_ld(self.as_dict())`` when it is known already (a stored graph's text): printed
    #: as it is, not serialised again.
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"@context": CONTEXT, "@graph": self.nodes}

    def json_ld(self) -> str:
        """The graph as ``<script>``-safe JSON text (:func:`~structured_data.rendering.dumps_json_ld`)."""
        if self.text is None:
            self.text = dumps_json_ld(self.as_dict())
        return self.text

    @cached_property
    def by_id(self) -> dict[str, dict[str, Any]]:
        return {node["@id"]: node for node in self.nodes if "@id" in node}

    def get(self, value: Any) -> dict[str, Any] | None:
        """The node for an ``@id`` string or a ``{"@id": ...}`` reference."""
        if isinstance(value, dict):
            value = value.get("@id")
        return self.by_id.get(value) if isinstance(value, str) else None

    @property
    def page_node(self) -> dict[str, Any] | None:
        return self.get(self.page_id)

    @property
    def entity(self) -> dict[str, Any] | None:
        return self.get(self.entity_id) or self.page_node


class GraphBuilder:
    """Collects nodes for one page. Schemas reach it as ``self.builder``."""

    def __init__(
        self,
        request: Any = None,
        page: Page | None = None,
        site: Site | None = None,
        *,
        record_dependencies: bool = False,
    ) -> None:
        self.request = request
        #: Whether :attr:`dependencies` is filled (for a graph about to be stored; a page render
        #: skips the work, except inside cached entities, whose cache entry keeps what they read).
        self.record_dependencies = record_dependencies
        self.page = page
        self.site = site or (Site.find_for_request(request) if request is not None else None)
        if self.site is None and page is not None and page.path:
            self.site = page.get_site()
        self.nodes: dict[str, dict[str, Any]] = {}
        self.subject: Any = None
        self.page_url: str = ""
        self.page_id: str = ""
        self._schemas: dict[type[Schema], Schema] = {}
        self._schemas_by_type: dict[type, Schema | None] = {}
        self._refs: dict[tuple[str, Any], dict[str, str] | None] = {}
        #: What the graph was built from, for stored graphs (:mod:`structured_data.stored`):
        #: ``{(model label, object id): fingerprint}`` (:mod:`structured_data.dependencies`).
        self.dependencies: dict[tuple[str, str], str] = {}
        self._cached_entities: list[_CachedEntity] = []  # the cached entities being built, innermost last
        self._storages: dict[int, tuple[Any, str] | None] = {}  # by id(): see _filesystem_storage

    # Site-wide ----------------------------------------------------------------------------------

    @cached_property
    def site_root(self) -> str:
        if self.site is not None:
            return cast("str", self.site.root_url.rstrip("/") + "/")
        if self.request is not None:
            return cast("str", self.request.build_absolute_uri("/"))
        return "/"

    @cached_property
    def page_urls(self) -> PageUrls:
        """Full URLs of the pages the graph names (:mod:`structured_data.page_urls`)."""
        return PageUrls(self.request)

    @property
    def website_ref(self) -> dict[str, str]:
        return Ref({"@id": f"{self.site_root}#website"})

    @property
    def publisher_ref(self) -> dict[str, str]:
        return Ref({"@id": f"{self.site_root}#organization"})

    @cached_property
    def publisher(self) -> Any:
        """The site's ``PublisherSettings`` with logo, social links and policies loaded once."""
        from .models import PublisherSettings

        if self.request is not None and self.site is not None:
            publisher = PublisherSettings.for_request(self.request)
        elif self.site is not None:
            publisher = PublisherSettings.for_site(self.site)
        else:
            return None
        self.depends_on(publisher)
        cache = getattr(publisher, "_prefetched_objects_cache", {})
        lookups = [name for name in ("social_links", "policies") if name not in cache]
        if lookups:
            from django.db.models import prefetch_related_objects

            prefetch_related_objects([publisher], *lookups)
        return publisher

    @cached_property
    def public_pages_by_id(self) -> dict[int, Page]:
        """Visible pages (:func:`~structured_data.visibility.visible_pages`) named by the publisher's policies."""
        publisher = self.publisher
        ids = [policy.page_id for policy in publisher.policies.all() if policy.page_id] if publisher else []
        if not ids:
            return {}
        return {page.pk: page for page in visible_pages(Page.objects.filter(pk__in=ids))}

    @cached_property
    def _node_cache(self) -> Any:
        """The Django cache of shared nodes (``caches[alias]`` reads a thread-local: once per build)."""
        return caches[get_setting("CACHE_ALIAS")]

    @cached_property
    def _cache_prefix(self) -> str:
        """The start of this builder's node cache keys: the nodes' version, the site root and the language.

        :func:`invalidate_site_nodes` changes the version whenever a page, image, site or the
        publisher changes, which forgets every cached node at once.
        """
        version = current_version(self._node_cache)
        return f"structured_data:{version}:{self.site_root}:{translation.get_language()}"

    def add_site_nodes(self) -> dict[str, Any]:
        """Add the publisher and WebSite nodes (from the cache when possible); return the site meta.

        What building them reads is not the page's (they are never stored with it): unwatched.
        """
        with reads.unwatched():
            return self._add_site_nodes()

    def _add_site_nodes(self) -> dict[str, Any]:
        timeout = get_setting("SITE_NODES_CACHE_TIMEOUT")
        cache = self._node_cache
        key = None
        if timeout and self.site is not None:
            key = f"{self._cache_prefix}:site-nodes:{self.site.pk}"
            cached = cache_get(cache, key)
            if cached is not None:
                nodes, meta = cached
                for node in nodes:
                    self._merge(node)
                return cast("dict[str, Any]", meta)
        site_builder = GraphBuilder(self.request, self.page, self.site)
        site_builder.__dict__["site_root"] = self.site_root
        if self.site is not None:
            site_builder.ref(self.site)
        publisher = site_builder.publisher
        if publisher is not None:
            site_builder.ref(publisher)
        nodes = list(site_builder.nodes.values())
        meta = {"twitter_site": getattr(publisher, "twitter_site", "") or ""}
        for node in nodes:
            self._merge(node)
        if key is not None:
            cache_set(cache, key, (nodes, meta), timeout)
        return meta

    # Dependencies --------------------------------------------------------------------------------

    def depends_on(self, obj: Any, *, any_change: bool = False) -> None:
        """Record that this graph reads ``obj``, so that a stored copy is dropped when ``obj`` changes.

        ``obj`` is a model instance, or a model class meaning "whichever object of it" (e.g. the
        site's authors index, looked up by type and visibility). :meth:`ref` and :meth:`image_object`
        call it for what they are given; schemas call it for other objects they read directly. For
        pages, only a change of title or URL (or an unpublish, move or delete) counts unless
        ``any_change``. See docs/plugin/stored-graphs.md.
        """
        if obj is None or not (self.record_dependencies or self._cached_entities):
            return
        found = dependency(obj, any_change)
        if found is not None:
            self._add_dependency(*found)

    def _add_dependencies(self, dependencies: dict[tuple[str, str], str]) -> None:
        if not (self.record_dependencies or self._cached_entities):
            return
        for key, fingerprint in dependencies.items():
            self._add_dependency(key, fingerprint)

    def _add_dependency(self, key: tuple[str, str], fingerprint: str) -> None:
        targets = [entity.dependencies for entity in self._cached_entities]
        if self.record_dependencies:
            targets.append(self.dependencies)
        for target in targets:
            known = target.get(key)
            target[key] = fingerprint if known is None or known == fingerprint else ""  # "": any change

    # Nodes ---------------------------------------------------------------------------------------

    def schema_for(self, obj: Any) -> Schema | None:
        """The schema instance for ``obj``'s class (one per class and builder)."""
        kind = type(obj)
        if kind in self._schemas_by_type:
            return self._schemas_by_type[kind]
        schema_class = registry.get(obj)
        schema = None
        if schema_class is not None:
            schema = self._schemas.get(schema_class)
            if schema is None:
                schema = self._schemas[schema_class] = schema_class(self)
        self._schemas_by_type[kind] = schema
        return schema

    def rendition(self, image: Any, spec: str) -> Any:
        """``image.get_rendition(spec)``, but taking prefetched renditions without re-caching them.

        ``get_rendition`` writes every rendition it returns back to the cache (a pickle each time);
        renditions the page prefetched need no such round trip. They are searched here the way
        Wagtail's ``find_existing_renditions`` searches them, for the one filter asked for.
        """
        filter_ = _FILTERS.get(spec)
        if filter_ is None:
            filter_ = _FILTERS[spec] = Filter(spec=spec)
        prefetched = image._get_prefetched_renditions()
        if prefetched is not None:
            focal_point_key = filter_.get_cache_key(image)
            for rendition in prefetched:
                if rendition.filter_spec == spec and rendition.focal_point_key == focal_point_key:
                    return rendition
        try:
            return image.find_existing_rendition(filter_)
        except ObjectDoesNotExist:
            return image.get_rendition(filter_)

    def rendition_url(self, rendition: Any) -> str | None:
        """The absolute URL of a rendition's file.

        A file on a ``FileSystemStorage`` has a URL that depends only on its name and the storage's
        ``base_url``, so it is worked out once per process (a graph has a dozen images; the storage
        call costs more than the rest of an ImageObject). Other storages (S3 with signed URLs, say)
        are asked every time.
        """
        file = rendition.file
        filesystem = self._filesystem_storage(file.storage)
        if filesystem is not None:
            return self.absolute_url(_filesystem_url(*filesystem, file.name))
        return self.absolute_url(file.url)

    def _filesystem_storage(self, storage: Any) -> tuple[Any, str] | None:
        """``(storage.url, storage.base_url)`` if ``storage`` is a ``FileSystemStorage``, else None.

        Asked once per storage and build: ``default_storage`` is a lazy proxy, slow to ask anything.
        """
        key = id(storage)
        if key not in self._storages:
            is_filesystem = isinstance(storage, FileSystemStorage)
            self._storages[key] = (storage.url, storage.base_url) if is_filesystem else None
        return self._storages[key]

    def absolute_url(self, url: str | None) -> str | None:
        if not url:
            return None
        if url.startswith("/") and not url.startswith("//"):
            return self.site_root[:-1] + url  # the usual MEDIA_URL case, without urljoin's parsing
        return urljoin(self.site_root, url)

    def clean(self, node: Any, key: str = "") -> Any:
        return normalize(node, key, base=self.site_root, entity=self.ref)

    def add(self, node: dict[str, Any] | None) -> dict[str, str] | dict[str, Any] | None:
        """Add a node, merging it into any node with the same ``@id``; return a reference to it.

        A node without an ``@id`` cannot be referenced, so it is returned (cleaned) to be nested.
        """
        node = self.clean(node)
        if not node:
            return None
        node_id = node.get("@id")
        if node_id is None:
            return node
        self._merge(node)
        return Ref({"@id": node_id})

    def node(self, ref: Mapping[str, Any] | str | None) -> dict[str, Any] | None:
        """The node added so far under ``ref`` (a ``{"@id": ...}`` reference or an ``@id``), or None.

        Properties are computed once per object whatever their order (:meth:`Schema.resolve
        <structured_data.schema.Schema.resolve>`), so a property may look up the nodes another one adds
        by asking for that property's value first (``thumbnailUrl`` reads ``image``'s nodes).
        """
        if isinstance(ref, Mapping):
            ref = ref.get("@id")
        return self.nodes.get(ref) if isinstance(ref, str) else None

    def full_url(self, page: Page) -> str | None:
        """``page``'s full URL (as ``page.get_full_url(request)``), recording that the graph shows its title and URL."""
        self.depends_on(page)
        return self.page_urls.full_url(page)

    def ref(self, obj: Any) -> dict[str, str] | None:
        """A reference to ``obj``'s entity, adding its full node the first time; None if unregistered."""
        meta = getattr(obj, "_meta", None)
        key = (meta.label_lower if meta else type(obj).__qualname__, getattr(obj, "pk", None) or id(obj))
        if key in self._refs:
            return self._refs[key]
        schema = self.schema_for(obj)
        if schema is None:
            return None
        if meta is not None:
            self.depends_on(obj)
        version = schema.cache_version(obj)
        timeout = get_setting("SITE_NODES_CACHE_TIMEOUT")
        if version is None or not timeout:
            return self._build_ref(schema, obj, key)
        # A shared entity (a person on every article they write): its nodes come from the cache.
        cache = self._node_cache
        cache_key = f"{self._cache_prefix}:node:{key[0]}:{key[1]}:{version}"
        cached = cache_get(cache, cache_key)
        if cached is not None:
            ref, nodes, dependencies = cached
            for node in nodes:
                self._merge(node)
            self._add_dependencies(dependencies)  # what building them read, for stored graphs
            self._refs[key] = ref
            return cast("dict[str, str] | None", ref)
        entity = _CachedEntity()
        self._cached_entities.append(entity)
        try:
            ref = self._build_ref(schema, obj, key)
        finally:
            self._cached_entities.pop()
        nodes = [self.nodes[node_id] for node_id in entity.node_ids]
        cache_set(cache, cache_key, (ref, nodes, entity.dependencies), timeout)
        return ref

    def _build_ref(self, schema: Schema, obj: Any, key: tuple[str, Any]) -> dict[str, str] | None:
        self._refs[key] = {"@id": schema.get_id(obj)}  # guards against cycles while the node is built
        ref = self.add(schema._entity_node(obj))
        self._refs[key] = ref
        return ref

    def _merge(self, node: dict[str, Any]) -> None:
        """Add a clean node with an ``@id`` (from :meth:`add`, or the cache), merging it into one already there."""
        node_id = node["@id"]
        for entity in self._cached_entities:
            entity.node_ids[node_id] = None
        existing = self.nodes.get(node_id)
        if existing is None:
            self.nodes[node_id] = node
        else:
            for name, value in node.items():
                existing.setdefault(name, value)

    def image_object(
        self,
        image: Any,
        spec: str,
        *,
        node_id: str,
        caption: str | None = None,
        credit: str | None = None,
        min_pixels: int | None = None,
    ) -> dict[str, str] | None:
        """Add an ImageObject for one use of ``image`` (see :meth:`ImageSchema.image_node`)."""
        if image is None:
            return None
        schema = self.schema_for(image)
        if not isinstance(schema, ImageSchema):
            return None
        self.depends_on(image)
        node = schema.image_node(image, spec, node_id=node_id, caption=caption, credit=credit, min_pixels=min_pixels)
        return self.add(node) if node else None

    # The page ------------------------------------------------------------------------------------

    def build(self, subject: Any) -> Graph:
        """The graph of a page about ``subject`` (the page itself, or an object a route of it shows)."""
        schema = self.schema_for(subject)
        if schema is None:
            raise LookupError(f"No structured_data schema is registered for {type(subject).__qualname__}")
        self.subject = subject
        self.page_url = schema.object_url(subject) or (
            self.request.build_absolute_uri(self.request.path) if self.request is not None else self.site_root
        )
        self.page_id = f"{self.page_url}#webpage"
        entity_id = None
        if schema.resolve("schema_type", subject):
            entity = self.ref(subject)
            entity_id = entity["@id"] if entity else None
        page_ref = self.add(schema._page_node(subject))
        page_id = page_ref["@id"] if page_ref else None
        meta = self.add_site_nodes()
        # The main entity first, then its page, then what they refer to, then the site-wide nodes.
        ordered = {node_id: self.nodes[node_id] for node_id in (entity_id, page_id) if node_id in self.nodes}
        for node_id, node in self.nodes.items():
            ordered.setdefault(node_id, node)
        return Graph(nodes=list(ordered.values()), page_id=page_id, entity_id=entity_id or page_id, meta=meta)


@dataclass
class _CachedEntity:
    """What building one cached entity adds: its nodes' ids (in order, once each) and what it read."""

    node_ids: dict[str, None] = field(default_factory=dict)
    dependencies: dict[tuple[str, str], str] = field(default_factory=dict)


@lru_cache(maxsize=8192)
def _filesystem_url(storage_url: Any, base_url: str, name: str) -> str:
    # storage_url is the storage's bound ``url`` (equal only for the same storage object); base_url is
    # part of the key because MEDIA_URL may change (in tests).
    return cast("str", storage_url(name))


def build_graph(page: Page | None, request: Any = None, obj: Any = None, site: Site | None = None) -> Graph:
    """The graph for ``page`` as served to ``request``; ``obj`` is what a route of the page shows."""
    builder = GraphBuilder(request, page, site)
    return builder.build(obj if obj is not None else page)


#: Functions giving a page's stored graph or None; :mod:`structured_data.stored` adds its reader when
#: imported (it builds graphs with this module, so this module does not import it).
STORED_GRAPH_READERS: list[Any] = []


def get_graph(request: Any, page: Page, obj: Any = None) -> Graph:
    """The graph a page serves, once per request so JSON-LD and social meta tags share it.

    A page's own graph is read from its stored copy when that is current (:mod:`structured_data.stored`:
    the same builder made it, so it is what :func:`build_graph` would give), which costs a query
    and a ``json.loads`` instead of a build; previews, routes showing another object and pages
    without a current stored graph are built.
    """
    memo = request.__dict__.setdefault("_structured_data_graphs", {})
    key = (id(page), id(obj))
    graph = memo.get(key)
    if graph is None:
        if obj is None and not getattr(request, "is_preview", False):
            for read in STORED_GRAPH_READERS:
                graph = read(page, request)
        if graph is None:
            graph = build_graph(page, request, obj)
        memo[key] = graph
    return cast("Graph", graph)

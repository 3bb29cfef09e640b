"""Every visible page's graph, in bulk: what ``manage.py export_structured_data`` streams.

Pages come from :func:`structured_data.visibility.visible_pages`: nothing else decides what may
leave the site. They are read in batches by primary key (keyset pagination: no list of every id is
kept), each batch with one ``values()`` query joined with the pages' stored graphs
(:mod:`structured_data.stored`): a current stored graph is written as stored, with the site's
publisher and WebSite nodes after it. Only pages whose graph is missing, stale or never stored
(listings) are loaded with ``.specific()``, handed to each schema's :meth:`Schema.prefetch
<structured_data.schema.Schema.prefetch>` and built by :class:`structured_data.graph.GraphBuilder`,
the builder the pages themselves use, with one synthetic request per site so that per-request
caches (site root paths, settings, the authors index, breadcrumb ancestors) are shared by the
whole export; what may be stored is stored as it is built. Database queries are a constant per
batch either way.
"""

from __future__ import annotations

import datetime
import gc
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site, get_page_models

from . import reads, stored
from .conf import get_setting
from .graph import CONTEXT, Graph
from .prefetch import prefetch_batch
from .registry import registry
from .rendering import dumps_json_ld
from .site_request import SiteRequest
from .stored import ExportItem
from .visibility import visible_pages

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

#: schema.org subtypes a ``--type`` filter also matches (the ones Wagtail sites commonly emit).
SUBTYPES: dict[str, frozenset[str]] = {
    "NewsArticle": frozenset(
        {
            "AnalysisNewsArticle",
            "AskPublicNewsArticle",
            "BackgroundNewsArticle",
            "OpinionNewsArticle",
            "ReportageNewsArticle",
            "ReviewNewsArticle",
        }
    ),
    "WebPage": frozenset(
        {
            "AboutPage",
            "CheckoutPage",
            "CollectionPage",
            "ContactPage",
            "FAQPage",
            "ItemPage",
            "MedicalWebPage",
            "ProfilePage",
            "QAPage",
            "RealEstateListing",
            "SearchResultsPage",
        }
    ),
}
SUBTYPES["Article"] = frozenset(
    {"NewsArticle", *SUBTYPES["NewsArticle"], "AdvertiserContentArticle", "Report", "SatiricalArticle",
     "ScholarlyArticle", "SocialMediaPosting", "BlogPosting", "TechArticle"}
)  # fmt: skip


#: The synthetic request the export builds each site's graphs with (the name the export has always used).
ExportRequest = SiteRequest


def page_models_for_type(schema_type: str) -> list[type[Page]]:
    """Page models whose schema can give a node the ``@type`` ``schema_type`` (or one of its subtypes)."""
    wanted = wanted_types(schema_type)
    models = []
    for model in get_page_models():
        schema = registry.get_for_model(model)
        if schema is not None and schema._declared_types() & wanted:
            models.append(model)
    return models


def wanted_types(schema_type: str) -> set[str]:
    """``schema_type`` and the subtypes a ``--type`` filter also matches."""
    return {schema_type, *SUBTYPES.get(schema_type, ())}


@dataclass
class ExportOptions:
    sites: list[Site]
    since: datetime.datetime | None = None
    schema_type: str | None = None
    batch_size: int = field(default_factory=lambda: int(get_setting("EXPORT_BATCH_SIZE")))
    #: Only these pages (still only the visible ones): a feed or an API page built from stored graphs.
    page_ids: Sequence[int] | None = None

    def queryset(self, site: Site) -> Any:
        queryset = visible_pages(Page.objects.all(), site=site)
        if self.page_ids is not None:
            queryset = queryset.filter(pk__in=list(self.page_ids))
        if self.since is not None:
            queryset = queryset.filter(last_published_at__gte=self.since)
        if self.schema_type:
            models = page_models_for_type(self.schema_type)
            queryset = queryset.filter(content_type__in=ContentType.objects.get_for_models(*models).values())
        return queryset

    def count(self) -> int:
        return sum(self.queryset(site).count() for site in self.sites)

    def matches(self, graph: Graph) -> bool:
        if not self.schema_type:
            return True
        wanted = wanted_types(self.schema_type)
        for node in (graph.entity, graph.page_node):
            types = (node or {}).get("@type")
            types = types if isinstance(types, list) else [types]
            if wanted.intersection(types):
                return True
        return False

    def matches_types(self, types: Iterable[str]) -> bool:
        """:meth:`matches` for a stored graph, given the types of its main entity and page node."""
        return not self.schema_type or not wanted_types(self.schema_type).isdisjoint(types)


class ExportError(Exception):
    """A page's graph could not be built; the message names the page."""


def _page_prefix(page_id: str | None) -> str | None:
    """``{page_url}#`` for a page's own nodes; None for a site's root page, whose URL names site-wide nodes too."""
    if not page_id:
        return None
    page_url = page_id.rsplit("#", 1)[0]
    if urlsplit(page_url).path in ("", "/"):
        return None
    return page_url + "#"


def write_ndjson(items: Iterable[ExportItem], out: SupportsWrite[str]) -> int:
    """One page's graph a line (strict JSON; ``<``, ``>``, ``&``, U+2028/9 escaped, so no raw newline).

    A stored graph is written as stored, with the site's nodes after it: nothing is parsed.
    """
    count = 0
    for item in items:
        out.write(item.ndjson())
        out.write("\n")
        count += 1
    return count


def write_jsonld(items: Iterable[ExportItem], out: SupportsWrite[str]) -> int:
    """One JSON-LD document whose ``@graph`` holds every node once.

    Nodes named after the page they belong to (``{page_url}#...``) can only come from that page,
    so only the ``@id`` of shared nodes (people, the publisher, the site, portraits) is remembered:
    memory grows with the number of authors, not with the number of pages.
    """
    out.write('{"@context":' + json.dumps(CONTEXT) + ',"@graph":[')
    seen: set[str] = set()
    first = True
    count = 0
    for item in items:
        prefix = _page_prefix(item.page_node_id)
        for node in item.nodes():
            node_id = node.get("@id")
            if isinstance(node_id, str) and not (prefix and node_id.startswith(prefix)):
                if node_id in seen:
                    continue
                seen.add(node_id)
            out.write("" if first else ",\n")
            out.write(dumps_json_ld(node))
            first = False
        count += 1
    out.write("]}\n")
    return count


def iter_items(
    options: ExportOptions, progress: Any = None, *, rebuild: bool = False, ninjs: bool = False
) -> Iterator[ExportItem]:
    """Every page the options select, site by site, in batches by primary key.

    Per batch, one query reads the visible pages with their stored graphs (no model instances);
    only pages whose graph is missing, stale or never stored are loaded (``.specific()``, the
    schemas' ``prefetch``), built and, where allowed, stored. ``rebuild`` builds and stores every
    page regardless of what is stored. ``ninjs`` reads the stored ninjs items too: an item's
    ``ninjs`` is its line when stored (or just built) under the site's current item context.
    """
    columns = stored.COLUMNS + (stored.ITEM_COLUMNS if ninjs else ())
    width = len(stored.COLUMNS)
    stored_models: dict[int, bool] = {}
    for site in options.sites:
        request = SiteRequest(site)
        context = stored.current_context(site)
        site_nodes: stored.SiteNodes | None = None
        queryset = options.queryset(site)
        last_pk = 0
        while True:
            rows = list(queryset.filter(pk__gt=last_pk).order_by("pk").values_list(*columns)[: options.batch_size])
            if not rows:
                break
            last_pk = rows[-1][0]
            if site_nodes is None:
                site_nodes = stored.SiteNodes.build(request, site)
            to_build = []
            for pk, content_type_id, stored_context, text, *_rest, live_revision_id, first, last, revision_id, \
                    stored_first, stored_last in (row[:width] for row in rows):  # fmt: skip
                usable = (
                    not rebuild
                    and text is not None
                    and stored_context == context
                    and revision_id == live_revision_id
                    and stored_first == first
                    and stored_last == last
                )
                if not usable:
                    to_build.append(pk)
                elif content_type_id not in stored_models:
                    model = ContentType.objects.get_for_id(content_type_id).model_class()
                    stored_models[content_type_id] = model is not None and stored.is_stored(model)
                if usable and not stored_models[content_type_id]:
                    to_build.append(pk)  # stored before its schema stopped storing: built as now
            pages: dict[int, Page] = {}
            missing = set(to_build)
            if to_build:
                with reads.watching() as prefetched:
                    pages = {page.pk: page for page in queryset.filter(pk__in=to_build).specific()}
                    prefetch_batch(list(pages.values()))
            built: list[stored.StorableGraph] = []
            for row in rows:
                pk, _ct, _ctx, text, page_node_id, types, *_stamps = row[:width]
                if progress is not None:
                    progress.update(1)
                page = pages.get(pk)
                if page is None:
                    if pk in missing:
                        continue  # no longer visible since the batch was read
                    if options.matches_types(types.split()):
                        item = ExportItem(pk, text, page_node_id, site_nodes)
                        if ninjs:
                            line, problems, item_context = row[width:]
                            if line and item_context == site_nodes.item_context:
                                item.ninjs, item.ninjs_problems = line, problems.splitlines()
                        yield item
                    continue
                try:
                    graph, storable = stored.build_page(page, request, site, site_nodes)
                except Exception as error:
                    raise ExportError(f"page {page.pk} ({page.url_path}): {type(error).__name__}: {error}") from error
                if storable is not None:
                    built.append(storable)
                    item = ExportItem(pk, storable.text, storable.page_node_id, site_nodes, graph)
                    if ninjs and storable.ninjs:
                        item.ninjs, item.ninjs_problems = storable.ninjs, storable.item_problems.splitlines()
                else:
                    item = ExportItem(pk, None, graph.page_id, site_nodes, graph)
                if options.matches(graph):
                    yield item
                del graph, item
            if built and pages:
                unaccounted = stored.unaccounted_in_batch(prefetched, list(pages.values()), built)
                if unaccounted:
                    logger.debug("Not storing a batch's unvouched graphs: its prefetch read %s", ", ".join(unaccounted))
                    built = [item for item in built if stored.vouched(pages[item.page_pk])]
            stored.save(built, context)
            full = len(rows) == options.batch_size
            del rows, built
            if pages:
                # Model instances and their prefetch caches refer to each other (cycles): only the
                # cyclic collector frees them, so collect before the next batch loads.
                del pages, page
                gc.collect()
            if not full:
                break


WRITERS = {"ndjson": write_ndjson, "jsonld": write_jsonld}


def rebuild_graphs(page_ids: Iterable[int]) -> int:
    """Build and store the graphs of ``page_ids`` again (those still visible); the number stored.

    What a task worker runs after an object many pages are built from changed (the graphs were
    dropped in the editor's save; until then the export builds them itself). In the canonical
    context, in batches, with the queries of an export.
    """
    ids = sorted(set(page_ids))
    if not ids:
        return 0
    count = 0
    with stored.canonical_context():
        options = ExportOptions(sites=list(Site.objects.select_related("root_page")), page_ids=ids)
        for item in iter_items(options, rebuild=True):
            count += item.own_text is not None
    return count

"""Every visible page as a news item, in bulk: what ``export_structured_data --format ninjs|newsml`` writes.

The pages and their graphs come from :func:`structured_data.export.iter_items` (the JSON-LD
export's own path: visibility, batches, stored graphs), so what leaves the site is decided in one
place. Each batch's pages are then loaded once, ``.specific()`` with their schemas' ``prefetch``,
for what the graph does not hold (the body's HTML); a stored graph is read as stored, not rebuilt.
"""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db import connections, router, transaction
from wagtail.models import Page, Site

from ..export import ExportError, ExportOptions, iter_items
from ..graph import Graph, GraphBuilder
from ..models import StoredGraph
from ..registry import registry
from ..site_request import SiteRequest
from ..stored import ExportItem, canonical_context
from ..visibility import visible_pages
from . import NINJS, Format
from .item import NewsItem, news_item

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclasses.dataclass
class Summary:
    """What the export wrote, and what the pages' data could not say (counted by problem)."""

    count: int = 0
    problems: Counter[str] = dataclasses.field(default_factory=Counter)
    items_with_problems: list[tuple[str, list[str]]] = dataclasses.field(default_factory=list)

    def add(self, item: NewsItem | StoredLine) -> None:
        self.count += 1
        if item.problems:
            self.problems.update(item.problems)
            where = item.where if isinstance(item, StoredLine) else item.canonical_url or item.uri
            self.items_with_problems.append((where, list(item.problems)))


def iter_news_items(options: ExportOptions, progress: Any = None) -> Iterator[NewsItem]:
    """The news item of every page ``options`` select, site by site, in the JSON-LD export's batches."""
    for _pk, item in iter_page_news_items(options, progress):
        yield item


def iter_page_news_items(
    options: ExportOptions, progress: Any = None, request: Any = None
) -> Iterator[tuple[int, NewsItem]]:
    """``(page pk, news item)`` of every page ``options`` select, in the JSON-LD export's batches.

    ``request`` (for one site's options) is what the schemas see when they write an item's body,
    so a caller can ask for a variant (a paywall's free part); by default a plain request of each site.
    """
    for site in options.sites:
        site_request = request if request is not None else SiteRequest(site)
        batch: list[ExportItem] = []
        for export_item in iter_items(dataclasses.replace(options, sites=[site]), progress):
            batch.append(export_item)
            if len(batch) >= options.batch_size:
                yield from _news_items(batch, site_request, site)
                batch = []
        if batch:
            yield from _news_items(batch, site_request, site)


def news_items_for(page_ids: Iterable[int], site: Site, request: Any = None) -> dict[int, NewsItem]:
    """The news items of the visible pages among ``page_ids`` in ``site``, by page pk.

    Read from the pages' stored graphs where they are current (built and stored otherwise), in
    a constant number of queries: what a feed or an API page of items needs. Pages that are not
    visible, or have no schema, are absent from the answer. ``request``: see
    :func:`iter_page_news_items` (the graphs are the same whatever it carries; only bodies differ).
    """
    ids = list(dict.fromkeys(page_ids))
    if not ids:
        return {}
    options = ExportOptions(sites=[site], page_ids=ids, batch_size=len(ids))
    with canonical_context():
        return dict(iter_page_news_items(options, request=request))


@dataclasses.dataclass
class StoredLine:
    """A page's ninjs item as stored beside its graph: written as it is, never parsed again."""

    text: str
    problems: list[str]

    @property
    def where(self) -> str:
        """The item's canonical URL, else its URI (only asked for an item with problems)."""
        data = json.loads(self.text)
        web = [r.get("href") for r in data.get("renditions", ()) if r.get("name") == "web"]
        return str(web[0] if web else data.get("uri", ""))


def iter_ninjs(options: ExportOptions, progress: Any = None) -> Iterator[tuple[int, StoredLine | NewsItem]]:
    """``(page pk, item)`` of every page ``options`` select: its stored ninjs line where current, else
    a :class:`NewsItem` built now (from its stored graph, or its graph just built); in page order."""
    for site in options.sites:
        request = SiteRequest(site)
        group: list[ExportItem] = []
        for export_item in iter_items(dataclasses.replace(options, sites=[site]), progress, ninjs=True):
            group.append(export_item)
            if len(group) >= options.batch_size:
                yield from _ninjs_group(group, request, site)
                group = []
        if group:
            yield from _ninjs_group(group, request, site)


def _ninjs_group(group: list[ExportItem], request: Any, site: Any) -> Iterator[tuple[int, StoredLine | NewsItem]]:
    pending = [export_item for export_item in group if export_item.ninjs is None]
    built = dict(_news_items(pending, request, site)) if pending else {}
    keep_items(pending, built)
    for export_item in group:
        if export_item.ninjs is not None:
            yield export_item.page_pk, StoredLine(export_item.ninjs, export_item.ninjs_problems)
        elif export_item.page_pk in built:
            yield export_item.page_pk, built[export_item.page_pk]


def keep_items(read: list[ExportItem], built: dict[int, NewsItem]) -> None:
    """Store the ninjs of items just built from stored graphs beside those graphs, in one statement.

    Graphs stored before items were, or whose item was built under another context (a new
    publisher name), get theirs on first use, so the next reader finds text. A graph replaced or
    dropped meanwhile is left alone: the row must still hold the text the item was read from, and
    no item of the current context (a publication stores its own).
    """
    rows = []
    for export_item in read:
        item = built.get(export_item.page_pk)
        if item is None or export_item.own_text is None or export_item.graph is not None:
            continue  # not read from a stored graph (built now: stored with its graph already)
        if "no publication date" in item.problems:
            continue
        context = export_item.site.item_context
        line = NINJS.serialize(item).decode("utf-8")
        rows.append((line, "\n".join(item.problems), context, export_item.page_pk, context, export_item.own_text))
    if not rows:
        return
    using = router.db_for_write(StoredGraph)
    connection = connections[using]
    quote = connection.ops.quote_name
    table, ninjs, problems, context_column, page, text = (
        quote(name)
        for name in (StoredGraph._meta.db_table, "ninjs", "item_problems", "item_context", "page_id", "text")
    )
    sql = f"UPDATE {table} SET {ninjs} = %s, {problems} = %s, {context_column} = %s "  # noqa: S608 (names quoted)
    sql += f"WHERE {page} = %s AND {context_column} <> %s AND {text} = %s"
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def ninjs_items_for(page_ids: Iterable[int], site: Site) -> dict[int, bytes]:
    """The ninjs of the visible pages among ``page_ids`` in ``site``, by page pk, as the ninjs format
    serializes them: read as stored beside the graphs where current (nothing parsed), built otherwise.

    A constant number of queries for any number of pages: what a feed or an API page of items needs.
    """
    ids = list(dict.fromkeys(page_ids))
    if not ids:
        return {}
    serialize = NINJS.serialize
    found: dict[int, bytes] = {}
    with canonical_context():  # the context items are stored in, whatever the request's language
        for pk, item in iter_ninjs(ExportOptions(sites=[site], page_ids=ids, batch_size=len(ids))):
            found[pk] = item.text.encode("utf-8") if isinstance(item, StoredLine) else serialize(item)
    return found


def _news_items(batch: list[ExportItem], request: Any, site: Any) -> Iterator[tuple[int, NewsItem]]:
    queryset = visible_pages(Page.objects.filter(pk__in=[item.page_pk for item in batch]), site=site)
    pages = {page.pk: page for page in queryset.specific()}
    by_schema: dict[type, list[Any]] = {}
    for page in pages.values():
        schema_class = registry.get(page)
        if schema_class is not None:
            by_schema.setdefault(schema_class, []).append(page)
    for schema_class, objects in by_schema.items():
        schema_class.prefetch_body(objects)  # the graphs are built or stored already: only the bodies
    for export_item in batch:
        page = pages.get(export_item.page_pk)
        if page is None:
            continue  # no longer visible since its graph was read
        graph = export_item.graph or stored_graph(export_item)
        schema = GraphBuilder(request, page, site).schema_for(page)
        if schema is None:
            continue
        try:
            item = news_item(graph, schema, page)
        except Exception as error:
            raise ExportError(f"page {page.pk} ({page.url_path}): {type(error).__name__}: {error}") from error
        yield page.pk, item


def stored_graph(export_item: ExportItem) -> Graph:
    """The :class:`Graph` of a stored export item (its own nodes, then the site's)."""
    nodes = export_item.nodes()
    page_id = export_item.page_node_id
    page_node = next((node for node in nodes if node.get("@id") == page_id), {})
    main = page_node.get("mainEntity")
    entity_id = main.get("@id") if isinstance(main, dict) else None
    return Graph(nodes=nodes, page_id=page_id, entity_id=entity_id or page_id)


def file_name(item: NewsItem, news_format: Format) -> str:
    """A stable, safe file name for ``item``: its URI with anything but letters, digits, ``.-_`` as ``_``."""
    return f"{_UNSAFE.sub('_', item.uri).strip('_') or 'item'}.{news_format.extension}"


def write_lines(
    items: Iterable[NewsItem | StoredLine], out: SupportsWrite[str], news_format: Format, summary: Summary
) -> int:
    """One item a line (NDJSON for ninjs); a stored line is written as stored."""
    for item in items:
        out.write(item.text if isinstance(item, StoredLine) else news_format.serialize(item).decode("utf-8"))
        out.write("\n")
        summary.add(item)
    return summary.count


def write_directory(items: Iterable[NewsItem], directory: str, news_format: Format, summary: Summary) -> int:
    """One file per item in ``directory`` (which exists and is empty)."""
    import os

    for item in items:
        with open(os.path.join(directory, file_name(item, news_format)), "wb") as out:
            out.write(news_format.serialize(item))
        summary.add(item)
    return summary.count


def write_zip(items: Iterable[NewsItem], out: Any, news_format: Format, summary: Summary) -> int:
    """One file per item in a zip archive written to the binary file ``out``."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            archive.writestr(file_name(item, news_format), news_format.serialize(item))
            summary.add(item)
    return summary.count

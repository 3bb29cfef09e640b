"""The news industry's exchange formats, built from the same graph as the JSON-LD.

Every page with a registered schema gets them, whatever its model (another Wagtail site's pages
included): ``?format=ninjs`` or ``Accept: application/ninjs+json`` on the page's URL (see
:mod:`structured_data.endpoint`), ``?format=newsml`` or ``Accept:
application/vnd.iptc.g2.newsitem+xml``, and ``export_structured_data --format ninjs|newsml``.

A format is a name, a media type and a serializer of a :class:`~.item.NewsItem` (dotted path,
imported when first used: the serializers need lxml, the ``[formats]`` extra). Add one with
:func:`register_format`, e.g. ninjs 3.x beside 2.x::

    register_format(Format("ninjs3", "application/vnd.example.ninjs3+json", "json",
                           "myapp.ninjs3.serialize", lines=True))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, cast

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from ..graph import Graph
    from .item import NewsItem


@dataclass(frozen=True)
class Format:
    """A news format: ``?format={name}``, ``Accept: {media_type}``, files named ``*.{extension}``."""

    name: str
    media_type: str
    extension: str
    #: Dotted path of a function ``(NewsItem) -> bytes``.
    serializer: str
    #: One item a line in a bulk export (NDJSON); otherwise one file per item.
    lines: bool = False

    @cached_property
    def serialize(self) -> Callable[[NewsItem], bytes]:
        return cast("Callable[[NewsItem], bytes]", import_string(self.serializer))


_formats: dict[str, Format] = {}


def register_format(news_format: Format) -> Format:
    """Make ``news_format`` available on every page and to the export (replacing one of that name)."""
    if news_format.name == "jsonld":
        raise ValueError("'jsonld' is the schema.org graph itself, not a news format")
    _formats[news_format.name] = news_format
    return news_format


def get_format(name: str) -> Format | None:
    return _formats.get(name)


def formats() -> dict[str, Format]:
    """Every registered format, by name."""
    return dict(_formats)


@cache
def available() -> bool:
    """Whether the serializers can run: they need lxml (the ``[formats]`` extra)."""
    try:
        import lxml.etree  # noqa: F401
    except ImportError:
        return False
    return True


def build_news_item(page: Any, request: Any, obj: Any = None) -> tuple[NewsItem, Graph]:
    """The news item of ``page`` (showing ``obj``) as served to ``request``, and the graph it was read from."""
    from ..graph import GraphBuilder
    from .item import news_item

    builder = GraphBuilder(request, page)
    subject = obj if obj is not None else page
    graph = builder.build(subject)
    schema = builder.schema_for(subject)
    assert schema is not None  # build() raised LookupError otherwise
    return news_item(graph, schema, subject), graph


NINJS = register_format(
    Format("ninjs", "application/ninjs+json", "json", "structured_data.formats.ninjs.serialize", lines=True)
)
NEWSML = register_format(
    Format("newsml", "application/vnd.iptc.g2.newsitem+xml", "xml", "structured_data.formats.newsml.serialize")
)

__all__ = ["NEWSML", "NINJS", "Format", "available", "build_news_item", "formats", "get_format", "register_format"]

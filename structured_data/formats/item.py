"""One news item, format-neutral, read from a page's built graph: what ninjs and NewsML-G2 both print.

The graph (:mod:`structured_data.graph`) already says everything schema.org can: headline, dates,
authors with their profile URLs, section and keywords, photos with caption and credit,
corrections, paywall status, dateline. :func:`news_item` reads those nodes, and asks the page's
schema (:class:`~structured_data.schema.Schema`) only for what schema.org does not carry: the
item's URI and version, the body's HTML and which ImageObjects are crops of one picture. So the
JSON-LD, the news formats and the checker share one code path, and a stored graph serves them all.

What cannot be said (no author, no photo, no body) is left out and listed in ``problems``:
an item is always produced.
"""

from __future__ import annotations

import datetime
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.text import get_text_list

from ..conf import get_setting
from ..graph import Graph
from ..schema import Schema
from .html import clean_body

MEDIA_TOPIC_URI = "http://cv.iptc.org/newscodes/mediatopic/"


@dataclass
class Rendition:
    name: str
    href: str
    width: int | None = None
    height: int | None = None
    media_type: str = ""


@dataclass
class Picture:
    uri: str
    renditions: list[Rendition]
    caption: str = ""
    credit: str = ""
    creator: str = ""
    copyright_notice: str = ""
    license: str = ""


@dataclass
class Party:
    """An author (person or organisation), the publisher or a copyright holder."""

    name: str
    uri: str = ""
    organisation: bool = False


@dataclass
class Subject:
    name: str
    kind: str  # "section" or "tag"
    code: str = ""  # an IPTC Media Topic code ("04000000") when MEDIA_TOPICS maps the name

    @property
    def uri(self) -> str:
        return f"{MEDIA_TOPIC_URI}{self.code}" if self.code else ""


@dataclass
class Correction:
    text: str
    date: str = ""


@dataclass
class NewsItem:
    uri: str
    version: int
    version_created: str
    first_created: str = ""
    type: str = "text"
    headline: str = ""
    description: str = ""
    body: Any = None  # the cleaned body (an lxml ``<div>``), see .html
    language: str = ""
    byline: str = ""
    people: list[Party] = field(default_factory=list)
    organisations: list[Party] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    located: str = ""
    canonical_url: str = ""
    free: bool | None = None
    provider: Party | None = None
    copyright_holder: Party | None = None
    copyright_notice: str = ""
    #: Only part of the content (e.g. a paywalled body cut for a reader without access); say why in
    #: ``usage_terms``, which otherwise follow ``free``.
    partial: bool = False
    usage_terms: str = ""
    #: What the page's data could not say, for the export's summary and the editor: never fatal.
    problems: list[str] = field(default_factory=list)

    @property
    def terms(self) -> str:
        """The usage terms printed: ``usage_terms``, else what ``free`` says (nothing when unknown)."""
        if self.usage_terms:
            return self.usage_terms
        if self.free is None:
            return ""
        return "Free to read." if self.free else "Subscribers only: part of the story is paywalled."


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _as_list(value: Any) -> list[Any]:
    if _empty(value):
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _types(node: Mapping[str, Any]) -> set[str]:
    return {t for t in _as_list(node.get("@type")) if isinstance(t, str)}


class _Reader:
    """The entity (falling back to its page node) of a graph, with references resolved."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.entity = graph.entity or {}
        self.page = graph.page_node or {}

    def get(self, name: str) -> Any:
        value = self.entity.get(name)
        if _empty(value) and self.page is not self.entity:
            value = self.page.get(name)
        return value

    def text(self, name: str) -> str:
        value = self.get(name)
        return value if isinstance(value, str) else ""

    def nodes(self, name: str) -> list[dict[str, Any]]:
        found = []
        for value in _as_list(self.get(name)):
            node = self.graph.get(value) if isinstance(value, Mapping) and "@id" in value else value
            if isinstance(node, Mapping):
                found.append(dict(node))
        return found

    def node(self, value: Any) -> dict[str, Any]:
        if isinstance(value, Mapping):
            return dict(self.graph.get(value) or value)
        return {}


def _datetime(value: Any) -> str:
    """An RFC 3339 date-time with offset from a graph value, or ""."""
    if not isinstance(value, str):
        return ""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        return ""
    return moment.isoformat(timespec="seconds")


def _topics() -> dict[str, str]:
    topics = get_setting("MEDIA_TOPICS") or {}
    return {str(name).casefold(): str(code).removeprefix("medtop:") for name, code in topics.items()}


def _subjects(reader: _Reader) -> list[Subject]:
    topics = _topics()
    subjects: list[Subject] = []
    seen: set[tuple[str, str]] = set()
    keywords = reader.get("keywords")
    if isinstance(keywords, str):
        keywords = [word.strip() for word in keywords.split(",")]
    for kind, names in (("section", _as_list(reader.get("articleSection"))), ("tag", _as_list(keywords))):
        for name in names:
            if not isinstance(name, str) or not name.strip() or (kind, name.casefold()) in seen:
                continue
            seen.add((kind, name.casefold()))
            subjects.append(Subject(name.strip(), kind, topics.get(name.casefold(), "")))
    return subjects


def _authors(reader: _Reader, item: NewsItem) -> None:
    names = []
    for node in reader.nodes("author"):
        name = node.get("name")
        if not isinstance(name, str) or not name:
            continue
        names.append(name)
        url = node.get("url")
        url = url if isinstance(url, str) else ""
        if "Organization" in _types(node) or "NewsMediaOrganization" in _types(node):
            item.organisations.append(Party(name, url, organisation=True))
        else:
            item.people.append(Party(name, url))
    if names:
        item.byline = get_text_list(names, "and")
    else:
        item.problems.append("no byline")


def _rendition(node: Mapping[str, Any], labels: tuple[str, ...]) -> Rendition | None:
    href = node.get("contentUrl") or node.get("url")
    if not isinstance(href, str) or not href:
        return None
    node_id = str(node.get("@id", ""))
    name = next((label for label in labels if node_id.endswith(f"-{label}")), "default")
    media_type = mimetypes.guess_type(href.split("?", 1)[0])[0] or ""
    width, height = node.get("width"), node.get("height")
    return Rendition(
        name, href, width if isinstance(width, int) else None, height if isinstance(height, int) else None, media_type
    )


def _pictures(reader: _Reader, schema: Schema, item: NewsItem) -> None:
    images = [node for node in reader.nodes("image") if "ImageObject" in _types(node)]
    if not images:
        images = [node for node in reader.nodes("primaryImageOfPage") if "ImageObject" in _types(node)]
    labels = tuple(get_setting("IMAGE_CROPS"))
    for uri, nodes in schema.item_pictures(images).items():
        renditions = [r for r in (_rendition(node, labels) for node in nodes) if r is not None]
        if not renditions:
            continue
        first = nodes[0]
        creator = first.get("creator")
        creator_name = creator.get("name", "") if isinstance(creator, Mapping) else (creator or "")
        picture = Picture(
            uri=uri,
            renditions=renditions,
            caption=str(first.get("caption") or ""),
            credit=str(first.get("creditText") or ""),
            creator=str(creator_name),
            copyright_notice=str(first.get("copyrightNotice") or ""),
            license=str(first.get("license") or ""),
        )
        if not picture.caption:
            item.problems.append("picture without caption")
        if not (picture.credit or picture.creator or picture.copyright_notice):
            item.problems.append("picture without credit")
        item.pictures.append(picture)
    if not item.pictures:
        item.problems.append("no picture")


def _corrections(reader: _Reader) -> list[Correction]:
    corrections = []
    for value in _as_list(reader.get("correction")):
        if isinstance(value, str) and value:
            corrections.append(Correction(value))
        elif isinstance(value, Mapping) and isinstance(value.get("text"), str) and value["text"]:
            date = value.get("datePublished")
            corrections.append(Correction(value["text"], date if isinstance(date, str) else ""))
    return corrections


def _party(node: Mapping[str, Any]) -> Party | None:
    name = node.get("name")
    if not isinstance(name, str) or not name:
        return None
    url = node.get("url")
    return Party(name, url if isinstance(url, str) else "", organisation="Person" not in _types(node))


def news_item(graph: Graph, schema: Schema, subject: Any) -> NewsItem:
    """The news item of the page whose graph is ``graph``; ``schema`` is the subject's schema instance."""
    reader = _Reader(graph)
    problems: list[str] = []
    published = _datetime(reader.get("datePublished"))
    modified = _datetime(reader.get("dateModified")) or published
    if not modified:
        modified = timezone.localtime().isoformat(timespec="seconds")
        problems.append("no publication date")
    uri = schema.item_uri(subject) or graph.page_id or ""
    item = NewsItem(uri=uri, version=schema.item_version(subject), version_created=modified, first_created=published)
    item.problems = problems
    item.headline = reader.text("headline") or reader.text("name")
    if not item.headline:
        item.problems.append("no headline")
    item.description = reader.text("description")
    item.language = reader.text("inLanguage")
    item.canonical_url = reader.text("url")
    item.located = reader.text("dateline")
    free = reader.get("isAccessibleForFree")
    item.free = free if isinstance(free, bool) else None
    _authors(reader, item)
    item.subjects = _subjects(reader)
    _pictures(reader, schema, item)
    item.corrections = _corrections(reader)
    item.copyright_holder = _party(reader.node(reader.get("copyrightHolder")))
    notice = reader.text("copyrightNotice")
    year = reader.get("copyrightYear")
    if not notice and item.copyright_holder and year:
        notice = f"© {year} {item.copyright_holder.name}"
    item.copyright_notice = notice
    item.provider = _provider(graph, reader)
    item.body = clean_body(schema.body_html(subject), item.canonical_url or (graph.page_id or "").split("#")[0])
    if item.body is None:
        item.problems.append("no body")
    return item


def _provider(graph: Graph, reader: _Reader) -> Party | None:
    """The publisher: the entity's ``publisher``, or the site's organisation node."""
    node = reader.node(reader.get("publisher"))
    if not node:
        website = reader.node(reader.get("isPartOf"))
        node = reader.node(website.get("publisher")) if website else {}
    return _party(node) if node else None

"""One page, read once: the parsed tree, every syntax, the JSON-LD graph indexed by ``@id``, the visible text.

Rules never parse anything themselves: they read a :class:`Document`, so a page costs one lxml parse
and one pass of each extractor however many rules run.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from .extract import Extracted
from .text import VisibleText
from .vocabulary import Vocabulary, get_vocabulary, term_name

ImageSizeFetcher = Callable[[str], "tuple[int, int] | None"]
PageFetcher = Callable[[str], "str | None"]

_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
_OFFSET = r"(?:Z|[+-]\d{2}(?::?\d{2})?)"
_DATE_RE = re.compile(rf"{_DATE}\Z")
_DATETIME_RE = re.compile(rf"{_DATE}T{_TIME}({_OFFSET})?\Z")
_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")
_WHITESPACE = re.compile(r"\s+")


class SkipImage(Exception):
    """Raised by an image fetcher for an image it will not read (host unresolved, time budget spent).

    The run reports why once; the page gets no issue for it.
    """


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def is_ref(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and "@id" in value


def types_of(node: Any) -> list[str]:
    if not isinstance(node, dict):
        return []
    return [name for name in (term_name(t) for t in as_list(node.get("@type"))) if name]


def squash(text: Any) -> str:
    return _WHITESPACE.sub(" ", str(text)).strip()


def parse_iso(value: Any) -> tuple[datetime.datetime | datetime.date | None, bool]:
    """``(parsed, has_offset)``; parsed is None unless ``value`` is an ISO 8601 date or date-time."""
    if not isinstance(value, str):
        return None, False
    value = value.strip()
    if _DATE_RE.match(value):
        try:
            return datetime.date.fromisoformat(value), False
        except ValueError:
            return None, False
    match = _DATETIME_RE.match(value)
    if not match:
        return None, False
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace(",", "."))
    except ValueError:
        return None, False
    return parsed, match.group(1) is not None


def dimension(value: Any) -> float | None:
    """A declared width or height: a number, a numeric string ("1200", "1200px"), or a QuantitativeValue."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("value", value.get("@value"))
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip().removesuffix("px").strip()
        if _NUMBER_RE.match(text):
            return float(text)
    return None


def top_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """The nodes of a JSON-LD document: its ``@graph`` members, a list's items, or the object itself."""
    for item in as_list(data):
        if not isinstance(item, dict):
            continue
        if "@graph" in item:
            for node in as_list(item["@graph"]):
                if isinstance(node, dict):
                    yield node
            rest = {key: value for key, value in item.items() if key not in ("@graph", "@context")}
            if any(not key.startswith("@") for key in rest):
                yield rest
        else:
            yield item


@dataclass
class Conflict:
    node_id: str
    key: str
    path: str


@dataclass
class Document:
    """Everything the rules read about one page (see the module docstring)."""

    url: str
    extracted: Extracted
    fetch_image_size: ImageSizeFetcher | None = None
    fetch_page: PageFetcher | None = None
    max_depth: int = 32
    max_nodes: int = 5000
    vocabulary: Vocabulary = field(default_factory=get_vocabulary)
    #: (label, node) of every top-level JSON-LD node; labels read like ``NewsArticle`` or ``Person#jane``.
    nodes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    too_many_nodes: bool = False
    _node_count: int = 0
    _image_sizes: dict[str, tuple[tuple[int, int] | None, str | None]] = field(default_factory=dict)

    @classmethod
    def build(cls, url: str, extracted: Extracted, **options: Any) -> Document:
        doc = cls(url=url, extracted=extracted, **options)
        doc._index_graph()
        return doc

    # The syntaxes as read ------------------------------------------------------------------------

    @property
    def tree(self) -> Any:
        return self.extracted.tree

    @property
    def blocks(self) -> list[Any]:
        return self.extracted.blocks

    @property
    def opengraph(self) -> dict[str, list[str]]:
        return self.extracted.opengraph

    @property
    def microdata(self) -> list[dict[str, Any]]:
        return self.extracted.microdata

    @property
    def rdfa(self) -> list[dict[str, Any]]:
        return self.extracted.rdfa

    # The JSON-LD graph ---------------------------------------------------------------------------

    def _index_graph(self) -> None:
        top: list[dict[str, Any]] = []
        for block in self.blocks:
            if block.error is None:
                top.extend(top_nodes(block.data))
        counts: dict[str, int] = {}
        for node in top:
            for type_name in types_of(node)[:1] or ["Thing"]:
                counts[type_name] = counts.get(type_name, 0) + 1
        for node in top:
            label = (types_of(node) or ["(untyped)"])[0]
            if counts.get(label, 0) > 1 and isinstance(node.get("@id"), str) and "#" in node["@id"]:
                label = f"{label}#{node['@id'].rsplit('#', 1)[1]}"
            self.nodes.append((label, node))
            self._index(node, label, 0)

    def _index(self, node: dict[str, Any], path: str, depth: int) -> None:
        """Collect every node defined with an ``@id`` (at any depth); definitions of one id are merged."""
        if depth > self.max_depth or self.too_many_nodes:
            return
        self._node_count += 1
        if self._node_count > self.max_nodes:
            self.too_many_nodes = True
            return
        node_id = node.get("@id")
        if isinstance(node_id, str) and not is_ref(node):
            existing = self.by_id.get(node_id)
            if existing is None:
                self.by_id[node_id] = node
            elif existing is not node:
                for key, value in node.items():
                    if key in existing and existing[key] != value and not key.startswith("@"):
                        self.conflicts.append(Conflict(node_id, key, f"{path}.{key}"))
                        break
                else:
                    self.by_id[node_id] = {**node, **existing}
        for key, value in node.items():
            if key.startswith("@"):
                continue
            for item in as_list(value):
                if isinstance(item, dict) and not is_ref(item):
                    self._index(item, f"{path}.{key}", depth + 1)

    def resolve(self, value: Any) -> Any:
        """The full node behind a reference, or behind a partial node that names an ``@id`` defined elsewhere.

        Yoast and others write ``"author": {"name": "...", "@id": "...#/schema/person/..."}`` and the
        Person's ``@type`` only on the node in the ``@graph``: both are one node in JSON-LD.
        """
        if isinstance(value, dict) and isinstance(value.get("@id"), str):
            target = self.by_id.get(value["@id"])
            if target is None or target is value:
                return value
            if is_ref(value):
                return target
            return {**target, **value}
        return value

    def is_a(self, node: Any, *bases: str) -> bool:
        return any(self.vocabulary.is_subtype(t, bases) for t in types_of(node))

    def nodes_of_type(self, *bases: str) -> list[tuple[str, dict[str, Any]]]:
        return [(label, node) for label, node in self.nodes if self.is_a(node, *bases)]

    @functools.cached_property
    def articles(self) -> list[tuple[str, dict[str, Any]]]:
        """The top-level Article nodes (each once, definitions of one ``@id`` merged)."""
        seen: set[int] = set()
        found = []
        for label, node in self.nodes:
            if not self.is_a(node, "Article"):
                continue
            if isinstance(node.get("@id"), str):
                node = self.by_id.get(node["@id"], node)
            if id(node) in seen:
                continue
            seen.add(id(node))
            found.append((label, node))
        return found

    @functools.cached_property
    def main_articles(self) -> list[tuple[str, dict[str, Any]]]:
        """The article(s) the page is about, for comparing with what it shows.

        One article: that one. Several (a section front listing stories, related stories at the top
        level): those whose ``url``, ``@id`` or ``mainEntityOfPage`` is this page (or its canonical
        URL), else those whose headline is in an ``<h1>``; none when nothing says which.
        """
        if len(self.articles) <= 1:
            return self.articles
        own = {_without_fragment(self.url)}
        for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
            own.update(_without_fragment(str(value)) for value in self.elements(xpath))
        found = []
        for label, node in self.articles:
            names = [node.get("url"), node.get("@id"), *as_list(node.get("mainEntityOfPage"))]
            for name in names:
                name = name.get("@id") if isinstance(name, dict) else name
                if isinstance(name, str) and _without_fragment(name) in own:
                    found.append((label, node))
                    break
        if found:
            return found
        h1s = [VisibleText(h1) for h1 in self.elements("//h1")]
        return [
            (label, node)
            for label, node in self.articles
            if isinstance(node.get("headline"), str) and any(h1.shows(node["headline"]) for h1 in h1s)
        ]

    def walk(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every JSON-LD node (top-level and nested), with its path; references are not followed."""
        for path, node, _depth in self.walk_depths():
            yield path, node

    def walk_depths(self) -> list[tuple[str, dict[str, Any], int]]:
        """:meth:`walk` with each node's depth (top-level nodes are 0; nothing deeper than ``max_depth``)."""
        return self._walked

    @functools.cached_property
    def _walked(self) -> list[tuple[str, dict[str, Any], int]]:
        found = []
        stack: list[tuple[str, dict[str, Any], int]] = [(label, node, 0) for label, node in reversed(self.nodes)]
        while stack:
            path, node, depth = stack.pop()
            found.append((path, node, depth))
            if depth >= self.max_depth:
                continue
            children = []
            for key, value in node.items():
                if key.startswith("@"):
                    continue
                items = as_list(value)
                for index, item in enumerate(items):
                    if isinstance(item, dict) and not is_ref(item) and "@value" not in item:
                        child = f"{path}.{key}[{index}]" if isinstance(value, list) else f"{path}.{key}"
                        children.append((child, item, depth + 1))
            stack.extend(reversed(children))
        return found

    # The visible page ----------------------------------------------------------------------------

    @functools.cached_property
    def body(self) -> Any:
        bodies = self.tree.xpath("//body")
        return bodies[0] if bodies else self.tree

    @functools.cached_property
    def visible(self) -> VisibleText:
        """The words of the whole page body (scripts, styles and templates left out)."""
        return VisibleText(self.body)

    def elements(self, xpath: str) -> list[Any]:
        try:
            return cast("list[Any]", self.tree.xpath(xpath))
        except Exception:
            return []

    # Looking further than the page ---------------------------------------------------------------

    def image_size(self, url: str) -> tuple[tuple[int, int] | None, str | None]:
        """``(size, error)`` of the image at ``url``, read at most once per page; both None when not looked at."""
        if self.fetch_image_size is None or not url:
            return None, None
        if url not in self._image_sizes:
            try:
                self._image_sizes[url] = (self.fetch_image_size(url), None)
            except SkipImage:
                self._image_sizes[url] = (None, None)
            except Exception as error:
                self._image_sizes[url] = (None, str(error) or type(error).__name__)
        return self._image_sizes[url]


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


def path_of(label: str, prop: str, value: Any, index: int) -> str:
    """``NewsArticle.image[1]`` for a list, ``NewsArticle.image`` for a single value."""
    return f"{label}.{prop}[{index}]" if isinstance(value, list) else f"{label}.{prop}"

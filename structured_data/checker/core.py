"""Check what a page's HTML says against schema.org, Google's Article guidance and the visible page.

:func:`check_html` is the library API: give it the HTML and its URL, get a list of
:class:`~structured_data.checker.issues.Issue`. It never raises on what it reads; anything it
cannot read becomes an issue. Two optional callables let it look further than the page:

``fetch_image_size(url) -> (width, height) | None``
    The true pixel size of an image file, to compare with the declared ``width``/``height``.
    Return None when the image cannot be looked at from here; raise to report it unreadable.
``fetch_page(url) -> str | None``
    Another page's HTML (an author's profile page, to see that it is a ProfilePage about the
    same Person). Return None to skip the check; raise to report the URL unreachable.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .extract import Extracted, extract, parse_json_ld, parse_tree, text_of
from .issues import Issue
from .vocabulary import DATA_TYPES, Vocabulary, get_vocabulary, term_name

#: Larger documents are reported, not read (Googlebot itself reads only the first 15 MB).
MAX_BYTES = 5 * 1024 * 1024
#: JSON-LD nesting deeper than this is reported and not descended into.
MAX_DEPTH = 32
#: JSON-LD nodes read per page at most.
MAX_NODES = 5000
#: Google's minimum image size, in pixels (width x height).
MIN_IMAGE_PIXELS = 50_000
#: Google's advice on headline length.
MAX_HEADLINE_LENGTH = 110
#: The aspect ratios Google asks for, as (label, width / height).
ASPECT_RATIOS = (("16:9", 16 / 9), ("4:3", 4 / 3), ("1:1", 1.0))
_RATIO_TOLERANCE = 0.01

ImageSizeFetcher = Callable[[str], "tuple[int, int] | None"]
PageFetcher = Callable[[str], "str | None"]

_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})"
_DATE_RE = re.compile(rf"{_DATE}\Z")
_REDUCED_DATE_RE = re.compile(r"\d{4}(-\d{2})?\Z")  # ISO 8601 reduced precision: a year, or a year and month
_DATETIME_RE = re.compile(rf"{_DATE}T{_TIME}({_OFFSET})?\Z")
_TIME_RE = re.compile(rf"{_TIME}({_OFFSET})?\Z")
_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SCHEMA_CONTEXT = re.compile(r"https?://(www\.)?schema\.org/?\Z")
_BY_PREFIX = re.compile(r"(?i)^\s*(by|written by|words by|von|par|por)\s")
_TITLE_IN_NAME = re.compile(
    r"(?i)(,|\s[-\u2013\u2014|]\s)\s*.*\b(editor|reporter|correspondent|writer|columnist|staff|journalist|"
    r"contributor|photographer|producer|analyst|critic)\b"
)
_MULTIPLE_NAMES = re.compile(r"\s(and|&)\s")
_QUANTITY_TYPES = frozenset({"QuantitativeValue", "Distance", "Duration", "Energy", "Mass", "Quantity"})
_WHITESPACE = re.compile(r"\s+")


def _normalize(text: Any) -> str:
    return _WHITESPACE.sub(" ", str(text)).strip()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and "@id" in value


def _types_of(node: dict[str, Any]) -> list[str]:
    return [name for name in (term_name(t) for t in _as_list(node.get("@type"))) if name]


def parse_iso(value: str) -> tuple[datetime.datetime | datetime.date | None, bool]:
    """``(parsed, has_offset)``; parsed is None unless ``value`` is an ISO 8601 date or date-time."""
    if not isinstance(value, str):
        return None, False
    if _DATE_RE.match(value):
        try:
            return datetime.date.fromisoformat(value), False
        except ValueError:
            return None, False
    match = _DATETIME_RE.match(value)
    if not match:
        return None, False
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None, False
    return parsed, match.group(1) is not None


def _dimension(value: Any) -> float | None:
    """A declared width or height: a number, a numeric string, or a QuantitativeValue."""
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


@dataclass
class CheckResult:
    """The issues and what they were found in (the admin report shows both)."""

    url: str
    issues: list[Issue] = field(default_factory=list)
    json_ld: list[Any] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]


@functools.lru_cache(maxsize=256)
def _profile_summary(html: str) -> tuple[frozenset[str], frozenset[str]]:
    """``(ids, names)`` of the Persons that ProfilePages in ``html`` are about."""
    vocabulary = get_vocabulary()
    ids: set[str] = set()
    names: set[str] = set()
    try:
        blocks = parse_json_ld(parse_tree(html))
    except Exception:
        return frozenset(), frozenset()
    for block in blocks:
        nodes = list(_top_nodes(block.data)) if block.error is None else []
        by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str) and len(node) > 1}
        for node in nodes:
            if not any(vocabulary.is_subtype(t, ("ProfilePage",)) for t in _types_of(node)):
                continue
            for entity in _as_list(node.get("mainEntity")) + _as_list(node.get("about")):
                if not isinstance(entity, dict):
                    continue
                if isinstance(entity.get("@id"), str):
                    ids.add(entity["@id"])
                target = by_id.get(entity.get("@id")) if _is_ref(entity) else entity
                if target and isinstance(target.get("name"), str):
                    names.add(_normalize(target["name"]))
    return frozenset(ids), frozenset(names)


def _top_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """The nodes of a JSON-LD document: its ``@graph`` members, a list's items, or the object itself."""
    for item in _as_list(data):
        if not isinstance(item, dict):
            continue
        if "@graph" in item:
            for node in _as_list(item["@graph"]):
                if isinstance(node, dict):
                    yield node
            rest = {key: value for key, value in item.items() if key not in ("@graph", "@context")}
            if any(not key.startswith("@") for key in rest):
                yield rest
        else:
            yield item


class _Checker:
    def __init__(
        self,
        url: str,
        *,
        fetch_image_size: ImageSizeFetcher | None,
        fetch_page: PageFetcher | None,
        max_depth: int,
        max_nodes: int,
    ) -> None:
        self.url = url
        self.fetch_image_size = fetch_image_size
        self.fetch_page = fetch_page
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.vocabulary: Vocabulary = get_vocabulary()
        self.issues: list[Issue] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        self.nodes: list[tuple[str, dict[str, Any]]] = []  # (path label, node) of every top-level node
        self._node_count = 0
        self._too_many = False
        self._image_sizes: dict[str, Any] = {}
        self._reported: set[tuple[str, str]] = set()

    def add(self, severity: str, code: str, message: str, path: str = "", hint: str = "") -> None:
        """Report an issue once per code and path (the vocabulary and Google's rules may both see it)."""
        key = (code, path)
        if key in self._reported and path:
            return
        self._reported.add(key)
        self.issues.append(Issue(severity, code, message, path, hint))  # type: ignore[arg-type]

    # JSON-LD: syntax, nodes and the @id index -------------------------------------------------

    def read_blocks(self, doc: Extracted) -> None:
        total = len(doc.blocks)
        labels: dict[str, int] = {}
        top: list[dict[str, Any]] = []
        for block in doc.blocks:
            where = f"script[{block.index}]"
            if block.error is not None:
                message = f"JSON-LD block {block.index + 1} of {total} is not valid JSON: {block.error}"
                hint = "Search engines ignore the whole block; fix the JSON (no comments, trailing commas or NaN)."
                self.add("error", "json-syntax", message, where, hint)
                continue
            for item in _as_list(block.data):
                if not isinstance(item, dict):
                    self.add("error", "json-ld-shape", "A JSON-LD block holds something other than objects.", where)
                    continue
                context = item.get("@context")
                if not self._schema_context(context):
                    self.add(
                        "error", "context", "The JSON-LD has no schema.org @context.", where,
                        'Add "@context": "https://schema.org".',
                    )  # fmt: skip
            top.extend(_top_nodes(block.data))
        for node in top:
            for type_name in _types_of(node)[:1] or ["Thing"]:
                labels[type_name] = labels.get(type_name, 0) + 1
        for node in top:
            label = (_types_of(node) or ["(untyped)"])[0]
            if labels.get(label, 0) > 1 and isinstance(node.get("@id"), str) and "#" in node["@id"]:
                label = f"{label}#{node['@id'].rsplit('#', 1)[1]}"
            self.nodes.append((label, node))
            self._index(node, label, 0)

    def _schema_context(self, context: Any) -> bool:
        for item in _as_list(context):
            if isinstance(item, str) and _SCHEMA_CONTEXT.match(item):
                return True
            if isinstance(item, dict) and isinstance(item.get("@vocab"), str) and _SCHEMA_CONTEXT.match(item["@vocab"]):
                return True
        return False

    def _index(self, node: dict[str, Any], path: str, depth: int) -> None:
        """Collect every node defined with an ``@id`` (at any depth), reporting conflicting definitions."""
        if depth > self.max_depth:
            return
        self._node_count += 1
        if self._node_count > self.max_nodes:
            if not self._too_many:
                self._too_many = True
                self.add(
                    "error",
                    "too-many-nodes",
                    f"The JSON-LD has more than {self.max_nodes} nodes; the rest was not read.",
                )
            return
        node_id = node.get("@id")
        if isinstance(node_id, str) and not _is_ref(node):
            existing = self.by_id.get(node_id)
            if existing is None:
                self.by_id[node_id] = node
            elif existing is not node:
                for key, value in node.items():
                    if key in existing and existing[key] != value and not key.startswith("@"):
                        self.add(
                            "error", "conflicting-node", f"{node_id} is defined twice with different {key} values.",
                            f"{path}.{key}", "Define each @id once and refer to it elsewhere as {\"@id\": ...}.",
                        )  # fmt: skip
                        break
                else:
                    merged = {**node, **existing}
                    self.by_id[node_id] = merged
        for key, value in node.items():
            if key.startswith("@"):
                continue
            for item in _as_list(value):
                if isinstance(item, dict) and not _is_ref(item):
                    self._index(item, f"{path}.{key}", depth + 1)

    def resolve(self, value: Any) -> Any:
        if _is_ref(value):
            return self.by_id.get(value["@id"], value)
        return value

    # The vocabulary ---------------------------------------------------------------------------

    def check_vocabulary(self) -> None:
        for label, node in self.nodes:
            if self._too_many:
                break
            self.check_node(node, label, 0, top=True)

    def check_node(self, node: dict[str, Any], path: str, depth: int, *, top: bool = False) -> None:
        if depth > self.max_depth:
            self.add(
                "error",
                "too-deep",
                f"The JSON-LD is nested more than {self.max_depth} levels deep here.",
                path,
                "Deeper levels were not checked; use @id references instead of nesting.",
            )
            return
        vocabulary = self.vocabulary
        raw_types = _as_list(node.get("@type"))
        types = []
        for raw in raw_types:
            name = term_name(raw)
            if name is None:
                continue  # a term of another vocabulary
            if not vocabulary.is_type(name):
                suggestion = vocabulary.suggest(name, types=True)
                self.add(
                    "error",
                    "unknown-type",
                    f"{name!r} is not a schema.org type.",
                    f"{path}.@type",
                    f"Did you mean {suggestion}?" if suggestion else f"See schema.org release {vocabulary.release}.",
                )
                continue
            if name in vocabulary.retired_types:
                self.add(
                    "warning", "retired-type", f"{name} is retired from schema.org (in the attic).", f"{path}.@type"
                )
            if name in vocabulary.superseded_types:
                self.add(
                    "warning",
                    "superseded-type",
                    f"{name} is superseded by {', '.join(vocabulary.superseded_types[name])}.",
                    f"{path}.@type",
                )
            types.append(name)
        if top and not raw_types and not _is_ref(node) and any(not k.startswith("@") for k in node):
            self.add("warning", "untyped-node", "A node has no @type, so nothing can be said about it.", path)
        supertypes = vocabulary.all_supertypes(types)
        for key, value in node.items():
            if key.startswith("@"):
                continue
            name = term_name(key)
            if name is None:
                continue
            prop = vocabulary.properties.get(name)
            if prop is None:
                suggestion = vocabulary.suggest(name, types=False)
                self.add(
                    "error",
                    "unknown-property",
                    f"{name!r} is not a schema.org property.",
                    f"{path}.{name}",
                    f"Did you mean {suggestion}?" if suggestion else "Remove it or use a schema.org property.",
                )
                continue
            if prop.retired:
                self.add(
                    "warning",
                    "retired-property",
                    f"{name} is retired from schema.org (in the attic).",
                    f"{path}.{name}",
                )
            elif prop.superseded_by:
                self.add(
                    "warning",
                    "superseded-property",
                    f"{name} is superseded by {', '.join(prop.superseded_by)}.",
                    f"{path}.{name}",
                    f"Use {prop.superseded_by[0]}.",
                )
            if types and prop.domains and supertypes.isdisjoint(prop.domains):
                self.add(
                    "warning", "property-domain", f"{name} is not a property of {'/'.join(types)}.", f"{path}.{name}",
                    f"schema.org expects it on {', '.join(sorted(prop.domains))}.",
                )  # fmt: skip
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                item_path = f"{path}.{name}[{index}]" if isinstance(value, list) else f"{path}.{name}"
                self.check_value(prop.ranges, name, item, item_path, depth)

    def check_value(self, ranges: frozenset[str], name: str, value: Any, path: str, depth: int) -> None:
        if isinstance(value, dict):
            if "@value" in value:
                self.check_literal(ranges, name, value["@value"], path)
                return
            if _is_ref(value):
                target = self.by_id.get(value["@id"])
                if target is None:
                    self._unresolved(value["@id"], path)
                    return
                self._check_node_range(ranges, name, _types_of(target), path)
                return
            self._check_node_range(ranges, name, _types_of(value), path)
            self.check_node(value, path, depth + 1)
            return
        if isinstance(value, list):
            self.add("warning", "nested-list", f"{name} holds a list inside a list.", path)
            return
        self.check_literal(ranges, name, value, path)

    def _unresolved(self, node_id: Any, path: str) -> None:
        if isinstance(node_id, str) and "#" in node_id:
            self.add(
                "error",
                "unresolved-reference",
                f"The reference {node_id} leads to no node in the page.",
                path,
                "Add the node to the @graph or remove the reference.",
            )
        else:
            self.add(
                "warning",
                "external-reference",
                f"The reference {node_id} names no node in the page.",
                path,
                "Search engines do not fetch it; describe the node in the page if it matters.",
            )

    def _check_node_range(self, ranges: frozenset[str], name: str, types: list[str], path: str) -> None:
        if not ranges or not types or "Thing" in ranges:
            return
        vocabulary = self.vocabulary
        types = [t for t in types if vocabulary.is_type(t)]  # unknown types are reported on their own
        if not types:
            return
        if any(vocabulary.is_subtype(t, ranges) or vocabulary.is_subtype(t, ("Role",)) for t in types):
            return
        if ranges <= DATA_TYPES:
            self.add(
                "error", "value-type", f"{name} expects {self._expected(ranges)}, not a {'/'.join(types)} node.", path
            )
        else:
            self.add(
                "error",
                "value-type",
                f"{name} expects {self._expected(ranges)}, not {'/'.join(types)}.",
                path,
                "Use one of the expected types or a subtype of one.",
            )

    @staticmethod
    def _expected(ranges: frozenset[str]) -> str:
        return " or ".join(sorted(ranges))

    def check_literal(self, ranges: frozenset[str], name: str, value: Any, path: str) -> None:
        if not ranges:
            return
        vocabulary = self.vocabulary
        expected = self._expected(ranges)
        if value is None:
            self.add("warning", "null-value", f"{name} is null.", path, "Leave the property out instead.")
            return
        if isinstance(value, bool):
            if "Boolean" not in ranges:
                self.add("error", "value-type", f"{name} expects {expected}, not a boolean.", path)
            return
        if isinstance(value, (int, float)):
            if ranges & {"Number", "Float", "Text"} or ranges & _QUANTITY_TYPES:
                return
            if "Integer" in ranges:
                if isinstance(value, float) and not value.is_integer():
                    self.add("error", "value-type", f"{name} expects an Integer, not {value}.", path)
                return
            self.add("error", "value-type", f"{name} expects {expected}, not a number.", path)
            return
        if not isinstance(value, str):
            return
        if ranges & {"Text", "PronounceableText", "CssSelectorType", "XPathType"}:
            return
        if "URL" in ranges:
            self._check_url(name, value, path)
            return
        dates = ranges & {"Date", "DateTime", "Time"}
        if dates and ranges <= DATA_TYPES:
            parsed, _offset = parse_iso(value)
            reduced = "Date" in dates and _REDUCED_DATE_RE.match(value)
            if parsed is None and not reduced and not ("Time" in dates and _TIME_RE.match(value)):
                self.add(
                    "error",
                    "date-format",
                    f"{name} is not an ISO 8601 {' or '.join(sorted(dates))}: {value!r}.",
                    path,
                    "Write it like 2024-05-01T09:30:00+01:00.",
                )
            return
        if ranges & {"Number", "Integer", "Float"} and ranges <= DATA_TYPES:
            if _NUMBER_RE.match(value.strip()):
                self.add("warning", "number-as-text", f"{name} is a number written as text: {value!r}.", path)
            else:
                self.add("error", "value-type", f"{name} expects {expected}, not {value!r}.", path)
            return
        if ranges == {"Boolean"}:
            if term_name(value) not in ("True", "False", "true", "false"):
                self.add("error", "value-type", f"{name} expects a Boolean, not {value!r}.", path)
            return
        member = term_name(value)
        if member in vocabulary.members and not any(
            vocabulary.is_subtype(t, ranges) for t in vocabulary.members[member]
        ):
            self.add(
                "error",
                "value-type",
                f"{name} expects {expected}; {member} is a {'/'.join(vocabulary.members[member])}.",
                path,
            )
        # Otherwise text where a Thing is expected: schema.org accepts it.

    def _check_url(self, name: str, value: str, path: str) -> None:
        text = value.strip()
        scheme = _SCHEME_RE.match(text)
        if not text or any(ch.isspace() for ch in text):
            self.add("error", "url-format", f"{name} is not a URL: {value!r}.", path)
        elif scheme and scheme.group(1).lower() not in ("http", "https"):
            self.add(
                "error", "url-scheme", f"{name} uses the {scheme.group(1)}: scheme; only http(s) URLs are read.", path
            )

    # Graph integrity --------------------------------------------------------------------------

    def article_nodes(self) -> list[tuple[str, dict[str, Any]]]:
        seen: set[int] = set()
        found = []
        for label, node in self.nodes:
            if any(self.vocabulary.is_subtype(t, ("Article",)) for t in _types_of(node)) and id(node) not in seen:
                if isinstance(node.get("@id"), str):
                    node = self.by_id.get(node["@id"], node)
                    if id(node) in seen:
                        continue
                seen.add(id(node))
                found.append((label, node))
        return found

    def check_integrity(self, doc: Extracted, articles: list[tuple[str, dict[str, Any]]]) -> None:
        ids = {node.get("@id") for _label, node in articles}
        if len(articles) > 1 and (len(ids) > 1 or None in ids):
            self.add(
                "error",
                "article-count",
                f"The page describes {len(articles)} articles; an article page has one.",
                articles[1][0],
                "Keep one article entity (others can be referenced by @id).",
            )
        is_article_page = "article" in doc.opengraph.get("og:type", [])
        others = self._other_syntax_articles(doc)
        if is_article_page and not articles and not others:
            self.add(
                "error",
                "article-missing",
                "og:type says article, but no Article is described.",
                "",
                "Add a NewsArticle (or another Article type) to the JSON-LD.",
            )
        headline = _normalize(articles[0][1].get("headline", "")) if articles else None
        for syntax, type_name, other_headline in others:
            if headline is None:
                continue
            if other_headline is not None and _normalize(other_headline) != headline:
                self.add(
                    "error", "conflicting-duplicate",
                    f"The {syntax} describes another {type_name} with the headline {other_headline!r}.",
                    f"{syntax}:{type_name}.headline",
                    "Describe the article once (in JSON-LD), or make both say the same.",
                )  # fmt: skip
            else:
                self.add(
                    "warning",
                    "duplicate-entity",
                    f"The article is described again in {syntax} ({type_name}).",
                    f"{syntax}:{type_name}",
                    "Describe it once.",
                )

    def _other_syntax_articles(self, doc: Extracted) -> list[tuple[str, str, str | None]]:
        found = []
        for item in doc.microdata:
            for raw in _as_list(item.get("type")):
                name = term_name(raw)
                if name and self.vocabulary.is_subtype(name, ("Article",)):
                    headline = _as_list(item.get("properties", {}).get("headline"))
                    found.append(("microdata", name, str(headline[0]) if headline else None))
        for node in doc.rdfa:
            for raw in _as_list(node.get("@type")):
                name = term_name(raw)
                if name and self.vocabulary.is_subtype(name, ("Article",)):
                    headline = None
                    for key in ("http://schema.org/headline", "https://schema.org/headline"):
                        for value in _as_list(node.get(key)):
                            headline = value.get("@value") if isinstance(value, dict) else value
                    found.append(("rdfa", name, headline))
        return found

    def check_other_syntaxes_vocabulary(self, doc: Extracted) -> None:
        for item in doc.microdata:
            self._check_microdata_item(item, "microdata", 0)

    def _check_microdata_item(self, item: dict[str, Any], path: str, depth: int) -> None:
        if depth > self.max_depth:
            return
        vocabulary = self.vocabulary
        types = []
        for raw in _as_list(item.get("type")):
            name = term_name(raw)
            if name is None:
                continue
            if not vocabulary.is_type(name):
                suggestion = vocabulary.suggest(name, types=True)
                self.add(
                    "error",
                    "unknown-type",
                    f"{name!r} is not a schema.org type.",
                    f"{path}.itemtype",
                    f"Did you mean {suggestion}?" if suggestion else "",
                )
            else:
                types.append(name)
        label = f"{path}:{types[0]}" if types else path
        if not types:
            return
        for key, value in (item.get("properties") or {}).items():
            if key not in vocabulary.properties:
                suggestion = vocabulary.suggest(key, types=False)
                self.add(
                    "error",
                    "unknown-property",
                    f"{key!r} is not a schema.org property.",
                    f"{label}.{key}",
                    f"Did you mean {suggestion}?" if suggestion else "",
                )
                continue
            for nested in _as_list(value):
                if isinstance(nested, dict) and "properties" in nested:
                    self._check_microdata_item(nested, f"{label}.{key}", depth + 1)

    # Google's Article guidance ----------------------------------------------------------------

    def check_article(self, label: str, node: dict[str, Any]) -> None:
        headline = node.get("headline")
        if headline is None or (isinstance(headline, str) and not headline.strip()):
            self.add(
                "error",
                "headline-missing",
                "The article has no headline.",
                f"{label}.headline",
                "Give it the headline readers see in the <h1>.",
            )
        elif not isinstance(headline, str):
            self.add("error", "headline-type", "The headline is not text.", f"{label}.headline")
        elif len(headline) > MAX_HEADLINE_LENGTH:
            self.add(
                "warning",
                "headline-long",
                f"The headline is {len(headline)} characters; Google advises at most {MAX_HEADLINE_LENGTH}.",
                f"{label}.headline",
                "Keep headlines concise; longer ones may be cut.",
            )
        self.check_images(label, node)
        self.check_dates(label, node)
        self.check_authors(label, node)
        self.check_publisher(label, node)

    def _image_size(self, url: str, path: str) -> tuple[int, int] | None:
        if self.fetch_image_size is None or not url:
            return None
        if url not in self._image_sizes:
            try:
                self._image_sizes[url] = self.fetch_image_size(url)
            except Exception as error:
                self._image_sizes[url] = None
                self.add("warning", "image-unreadable", f"The image {url} could not be read: {error}", path)
        return self._image_sizes[url]

    def check_images(self, label: str, node: dict[str, Any]) -> None:
        images = _as_list(node.get("image"))
        if not images:
            self.add(
                "warning",
                "image-missing",
                "The article has no image.",
                f"{label}.image",
                "Google shows articles with images: add one in 16:9, 4:3 and 1:1, each at least 50,000 pixels.",
            )
            return
        ratios: set[str] = set()
        for index, raw in enumerate(images):
            path = f"{label}.image[{index}]" if isinstance(node.get("image"), list) else f"{label}.image"
            image = self.resolve(raw)
            if isinstance(image, str):
                url, declared = image, None
            elif isinstance(image, dict) and not _is_ref(image):
                url = image.get("contentUrl") or image.get("url")
                url = url if isinstance(url, str) else None
                width, height = _dimension(image.get("width")), _dimension(image.get("height"))
                declared = (width, height) if width and height else None
                if declared is None:
                    self.add(
                        "warning",
                        "image-size-missing",
                        "The image does not declare its width and height.",
                        path,
                        "Give the ImageObject width and height in pixels.",
                    )
            else:
                continue
            actual = self._image_size(url, path) if url else None
            if actual and declared:
                for axis, said, true in (("width", declared[0], actual[0]), ("height", declared[1], actual[1])):
                    if round(said) != true:
                        self.add(
                            "error",
                            "image-size-mismatch",
                            f"The image declares {axis} {round(said)} but the file at {url} is {true} pixels.",
                            f"{path}.{axis}",
                            "Declare the size of the file actually served.",
                        )
            size = actual or declared
            if size is None:
                continue
            width, height = size
            if width * height < MIN_IMAGE_PIXELS:
                self.add(
                    "error",
                    "image-too-small",
                    f"The image is {round(width)}x{round(height)} = {round(width * height):,} pixels; "
                    f"Google needs at least {MIN_IMAGE_PIXELS:,}.",
                    path,
                    "Use a larger rendition.",
                )
            if height:
                for ratio_label, ratio in ASPECT_RATIOS:
                    if abs(width / height - ratio) / ratio <= _RATIO_TOLERANCE:
                        ratios.add(ratio_label)
        missing = [ratio_label for ratio_label, _ratio in ASPECT_RATIOS if ratio_label not in ratios]
        if missing:
            self.add(
                "warning",
                "image-ratios",
                f"No article image in {', '.join(missing)}.",
                f"{label}.image",
                "Google recommends the lead image in 16:9, 4:3 and 1:1.",
            )

    def check_dates(self, label: str, node: dict[str, Any]) -> None:
        parsed = {}
        for name in ("datePublished", "dateModified"):
            value = node.get(name)
            path = f"{label}.{name}"
            if value is None:
                if name == "datePublished":
                    self.add("warning", "date-missing", "The article has no datePublished.", path)
                continue
            if not isinstance(value, str):
                self.add("error", "date-format", f"{name} is not an ISO 8601 date: {value!r}.", path)
                continue
            when, has_offset = parse_iso(value)
            if when is None:
                self.add(
                    "error",
                    "date-format",
                    f"{name} is not an ISO 8601 date or date-time: {value!r}.",
                    path,
                    "Write it like 2024-05-01T09:30:00+01:00.",
                )
                continue
            if isinstance(when, datetime.datetime) and not has_offset:
                self.add(
                    "warning",
                    "date-offset",
                    f"{name} has no time zone offset: {value!r}.",
                    path,
                    "Add the offset (e.g. +01:00 or Z) so the time is unambiguous.",
                )
            parsed[name] = when
        published, modified = parsed.get("datePublished"), parsed.get("dateModified")
        if published is not None and modified is not None:
            try:
                before = _comparable(modified) < _comparable(published)
            except TypeError:
                before = False
            if before:
                self.add(
                    "error",
                    "date-order",
                    "dateModified is before datePublished.",
                    f"{label}.dateModified",
                    "A story cannot be updated before it is published.",
                )

    def check_authors(self, label: str, node: dict[str, Any]) -> None:
        authors = _as_list(node.get("author"))
        if not authors:
            self.add(
                "warning",
                "author-missing",
                "The article has no author.",
                f"{label}.author",
                "Name each byline author as a Person (or an Organization).",
            )
            return
        for index, raw in enumerate(authors):
            path = f"{label}.author[{index}]" if isinstance(node.get("author"), list) else f"{label}.author"
            author = self.resolve(raw)
            if isinstance(author, str):
                self.add(
                    "warning",
                    "author-text",
                    f"The author is plain text ({author!r}).",
                    path,
                    "Make it a Person or Organization with a name and url.",
                )
                continue
            if not isinstance(author, dict) or _is_ref(author):
                continue
            types = _types_of(author)
            is_person = any(self.vocabulary.is_subtype(t, ("Person",)) for t in types)
            if not is_person and not any(self.vocabulary.is_subtype(t, ("Organization",)) for t in types):
                self.add(
                    "error",
                    "author-type",
                    f"The author is a {'/'.join(types) or 'node without @type'}, not a Person or Organization.",
                    f"{path}.@type",
                )
                continue
            name = author.get("name")
            if not isinstance(name, str) or not name.strip():
                self.add("error", "author-name-missing", "The author has no name.", f"{path}.name")
                continue
            job_title = author.get("jobTitle")
            if _BY_PREFIX.match(name):
                self.add(
                    "warning",
                    "author-name",
                    f"The author's name starts with a byline word: {name!r}.",
                    f"{path}.name",
                    "Put only the name in name.",
                )
            elif (isinstance(job_title, str) and job_title.strip() and job_title.lower() in name.lower()) or (
                is_person and _TITLE_IN_NAME.search(name)
            ):
                self.add(
                    "warning",
                    "author-name",
                    f"The author's name holds a job title: {name!r}.",
                    f"{path}.name",
                    "Put only the name in name and the title in jobTitle.",
                )
            elif is_person and _MULTIPLE_NAMES.search(name):
                self.add(
                    "warning",
                    "author-name",
                    f"The author's name looks like several people: {name!r}.",
                    f"{path}.name",
                    "Give each author a node of their own.",
                )
            if is_person:
                self._check_profile(author, path)

    def _check_profile(self, author: dict[str, Any], path: str) -> None:
        url = author.get("url")
        if not isinstance(url, str) or not url:
            self.add(
                "warning",
                "author-url-missing",
                "The author has no url.",
                f"{path}.url",
                "Link each author to their profile page (a ProfilePage about them).",
            )
            return
        if self.fetch_page is None:
            return
        try:
            html = self.fetch_page(url)
        except Exception as error:
            self.add(
                "warning", "author-url-unreachable", f"The author's url {url} could not be read: {error}", f"{path}.url"
            )
            return
        if html is None:
            return
        ids, names = _profile_summary(html)
        person_id = author.get("@id")
        if (isinstance(person_id, str) and person_id in ids) or (
            not isinstance(person_id, str) and _normalize(author.get("name", "")) in names
        ):
            return
        self.add(
            "error",
            "author-profile",
            f"The author's url {url} is not a ProfilePage about this Person.",
            f"{path}.url",
            "The profile page's JSON-LD needs a ProfilePage whose mainEntity is the same Person @id.",
        )

    def check_publisher(self, label: str, node: dict[str, Any]) -> None:
        raw = node.get("publisher")
        path = f"{label}.publisher"
        if raw is None:
            self.add("warning", "publisher-missing", "The article has no publisher.", path)
            return
        publisher = self.resolve(_as_list(raw)[0])
        if not isinstance(publisher, dict) or _is_ref(publisher):
            return
        if not any(self.vocabulary.is_subtype(t, ("Organization",)) for t in _types_of(publisher)):
            self.add(
                "error",
                "publisher-type",
                "The publisher is not an Organization.",
                f"{path}.@type",
                "Use Organization or NewsMediaOrganization.",
            )
            return
        if not publisher.get("name"):
            self.add("error", "publisher-name", "The publisher has no name.", f"{path}.name")
        if not publisher.get("logo"):
            self.add(
                "error",
                "publisher-logo",
                "The publisher has no logo.",
                f"{path}.logo",
                "Add the logo as an ImageObject with its width and height.",
            )

    # The visible page -------------------------------------------------------------------------

    def check_visible(self, doc: Extracted, label: str, node: dict[str, Any]) -> None:
        tree = doc.tree
        headline = node.get("headline")
        if isinstance(headline, str) and headline.strip():
            h1s = [text_of(h1) for h1 in tree.iter("h1")]
            if not h1s:
                self.add(
                    "warning", "h1-missing", "The page has no <h1> to compare the headline with.", f"{label}.headline"
                )
            elif _normalize(headline) not in h1s:
                self.add(
                    "error",
                    "headline-mismatch",
                    f"The headline {headline!r} differs from the <h1> {h1s[0]!r}.",
                    f"{label}.headline",
                    "Markup must say what the page shows: use the visible headline.",
                )
        self._check_byline(tree, label, node)
        self._check_captions(tree, label, node)
        self._check_opengraph(doc, label, node)

    def _check_byline(self, tree: Any, label: str, node: dict[str, Any]) -> None:
        names = []
        for index, raw in enumerate(_as_list(node.get("author"))):
            author = self.resolve(raw)
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str) and name.strip():
                path = f"{label}.author[{index}]" if isinstance(node.get("author"), list) else f"{label}.author"
                names.append((path, _normalize(name)))
        if not names:
            return
        bylines = tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]")
        if not bylines:
            self.add(
                "warning",
                "byline-missing",
                'The page has no visible byline (an element with class "byline").',
                f"{label}.author",
            )
            return
        text = " ".join(text_of(byline) for byline in bylines)
        for path, name in names:
            if name not in text:
                self.add(
                    "error",
                    "byline-mismatch",
                    f"The author {name!r} is not in the visible byline ({text!r}).",
                    f"{path}.name",
                    "List the same authors, with the same names, in the markup and the byline.",
                )

    def _check_captions(self, tree: Any, label: str, node: dict[str, Any]) -> None:
        captions: set[str] = set()
        credits: set[str] = set()
        figcaptions = list(tree.iter("figcaption"))
        for figcaption in figcaptions:
            full = text_of(figcaption)
            captions.add(full)
            credits.add(full)
            credit_text = ""
            for child in figcaption.iter():
                classes = (child.get("class") or "").split()
                if "caption" in classes:
                    captions.add(text_of(child))
                if "credit" in classes:
                    credit_text = text_of(child)
                    credits.add(credit_text)
                    credits.add(credit_text.strip("()[] "))
            if credit_text:
                captions.add(_normalize(full.replace(credit_text, "")))
        reported: set[tuple[str, str]] = set()
        for index, raw in enumerate(_as_list(node.get("image"))):
            image = self.resolve(raw)
            if not isinstance(image, dict):
                continue
            path = f"{label}.image[{index}]" if isinstance(node.get("image"), list) else f"{label}.image"
            for prop, pool, code in (
                ("caption", captions, "caption-mismatch"),
                ("creditText", credits, "credit-mismatch"),
            ):
                value = image.get(prop)
                if not isinstance(value, str) or not value.strip():
                    continue
                value = _normalize(value)
                if value in pool or (prop, value) in reported:
                    continue
                reported.add((prop, value))
                shown = ", ".join(repr(text) for text in sorted(captions if prop == "caption" else credits)) or "none"
                self.add(
                    "error",
                    code,
                    f"The image {prop} {value!r} is not what the page's figcaptions show ({shown}).",
                    f"{path}.{prop}",
                    "Captions and credits in the markup must be the visible ones.",
                )

    def _check_opengraph(self, doc: Extracted, label: str, node: dict[str, Any]) -> None:
        og_titles = doc.opengraph.get("og:title", [])
        headline = node.get("headline")
        if og_titles and isinstance(headline, str) and _normalize(og_titles[0]) != _normalize(headline):
            self.add(
                "warning",
                "og-title",
                f"og:title {og_titles[0]!r} differs from the headline {headline!r}.",
                "og:title",
                "Use the same title in OpenGraph and JSON-LD.",
            )
        og_images = doc.opengraph.get("og:image", [])
        if og_images:
            urls = set()
            for raw in _as_list(node.get("image")):
                image = self.resolve(raw)
                if isinstance(image, str):
                    urls.add(image)
                elif isinstance(image, dict):
                    urls.update(
                        value for value in (image.get("url"), image.get("contentUrl")) if isinstance(value, str)
                    )
            if urls and og_images[0] not in urls:
                self.add(
                    "warning",
                    "og-image",
                    f"og:image {og_images[0]} is not one of the article's images.",
                    "og:image",
                    "Use one of the JSON-LD images for og:image.",
                )

    # Profile pages ----------------------------------------------------------------------------

    def check_profile_pages(self) -> None:
        for label, node in self.nodes:
            if not any(self.vocabulary.is_subtype(t, ("ProfilePage",)) for t in _types_of(node)):
                continue
            entity = self.resolve(node.get("mainEntity"))
            if entity is None:
                self.add(
                    "error",
                    "profile-entity",
                    "The ProfilePage has no mainEntity.",
                    f"{label}.mainEntity",
                    "Make its mainEntity the Person (or Organization) it is about.",
                )
            elif isinstance(entity, dict) and not _is_ref(entity):
                types = _types_of(entity)
                if not any(self.vocabulary.is_subtype(t, ("Person", "Organization")) for t in types):
                    self.add(
                        "error",
                        "profile-entity",
                        "The ProfilePage's mainEntity is not a Person or Organization.",
                        f"{label}.mainEntity",
                    )

    # Run --------------------------------------------------------------------------------------

    def run(self, doc: Extracted) -> None:
        self.read_blocks(doc)
        self.check_vocabulary()
        self.check_other_syntaxes_vocabulary(doc)
        articles = self.article_nodes()
        self.check_integrity(doc, articles)
        for label, node in articles:
            self.check_article(label, node)
            self.check_visible(doc, label, node)
        self.check_profile_pages()


def _comparable(value: datetime.date | datetime.datetime) -> Any:
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC)


def _looks_like_html(html: str | bytes) -> bool:
    head = html[:2048]
    if isinstance(head, bytes):
        if b"\x00" in head:
            return False
        head = head.decode("utf-8", "replace")
    elif "\x00" in head:
        return False
    return head.lstrip("\ufeff \t\r\n").startswith("<")


def _unreadable(html: Any, max_bytes: int) -> Issue | None:
    """Why ``html`` is not read at all (not text, too large, not HTML), or None."""
    if not isinstance(html, (str, bytes)):
        return Issue("error", "not-html", f"Expected HTML text, got {type(html).__name__}.")
    if len(html) > max_bytes:
        return Issue(
            "error", "too-large", f"The document is {len(html):,} bytes; the checker reads at most {max_bytes:,}.",
            "", "Pages this large are slow for readers and crawlers alike.",
        )  # fmt: skip
    if not _looks_like_html(html):
        return Issue("error", "not-html", "The document is not HTML.")
    return None


def check_document(
    html: str | bytes,
    url: str,
    *,
    fetch_image_size: ImageSizeFetcher | None = None,
    fetch_page: PageFetcher | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> CheckResult:
    """Check one page: its issues and the JSON-LD it holds (see :func:`check_html`)."""
    result = CheckResult(url=url)
    unreadable = _unreadable(html, max_bytes)
    if unreadable is not None:
        result.issues.append(unreadable)
        return result
    checker = _Checker(
        url, fetch_image_size=fetch_image_size, fetch_page=fetch_page, max_depth=max_depth, max_nodes=max_nodes
    )
    try:
        doc = extract(html, url, checker.issues)
        if doc is not None:
            result.json_ld = doc.json_ld
            checker.run(doc)
    except RecursionError:
        checker.add("error", "too-deep", "The document is nested too deeply to check.")
    except Exception as error:
        checker.add(
            "error", "checker-failed", f"The checker could not finish this page: {type(error).__name__}: {error}"
        )
    result.issues = checker.issues
    return result


def check_html(
    html: str | bytes,
    url: str,
    *,
    fetch_image_size: ImageSizeFetcher | None = None,
    fetch_page: PageFetcher | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> list[Issue]:
    """Every issue with the structured data of one HTML page served at ``url``.

    For other projects' tests::

        from structured_data.checker import check_html

        issues = check_html(response.content.decode(), "https://example.com/story/")
        assert not [issue for issue in issues if issue.severity == "error"], issues
    """
    return check_document(
        html, url, fetch_image_size=fetch_image_size, fetch_page=fetch_page, max_bytes=max_bytes,
        max_depth=max_depth, max_nodes=max_nodes,
    ).issues  # fmt: skip

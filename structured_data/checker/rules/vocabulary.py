"""Every ``@type``, property and value against schema.org's vocabulary (JSON-LD, and microdata types and names).

Errors are what schema.org's vocabulary makes invalid: a type or property it does not define, a value
of a type the property does not take, a date that is not ISO 8601. What it only discourages (retired
and superseded terms, a property used outside its usual types) is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document import Document, as_list, is_ref, parse_iso, types_of
from ..issues import Issue
from ..registry import Rule, register
from ..vocabulary import DATA_TYPES, term_name
from . import sources

UNKNOWN_TYPE = Rule(
    "unknown-type", "error", sources.SCHEMA_TYPES, "A @type schema.org does not define (types are case-sensitive)."
)
RETIRED_TYPE = Rule(
    "retired-type", "warning", sources.SCHEMA_ATTIC, "The type is in schema.org's attic: consumers drop it."
)
SUPERSEDED_TYPE = Rule(
    "superseded-type", "warning", sources.SCHEMA_TYPES, "schema.org names a newer type to use instead."
)
UNTYPED_NODE = Rule(
    "untyped-node",
    "warning",
    sources.SCHEMA_DATA_MODEL,
    "A top-level node without @type says nothing a consumer can use.",
)
UNKNOWN_PROPERTY = Rule(
    "unknown-property",
    "error",
    sources.SCHEMA_TYPES,
    "A property schema.org does not define (names are case-sensitive).",
)
RETIRED_PROPERTY = Rule("retired-property", "warning", sources.SCHEMA_ATTIC, "The property is in schema.org's attic.")
SUPERSEDED_PROPERTY = Rule(
    "superseded-property", "warning", sources.SCHEMA_TYPES, "schema.org names a newer property to use instead."
)
PROPERTY_DOMAIN = Rule(
    "property-domain",
    "warning",
    sources.SCHEMA_DATA_MODEL,
    "schema.org does not list the property on this type (its domains are advice, not a constraint).",
)
VALUE_TYPE = Rule(
    "value-type", "error", sources.SCHEMA_DATA_MODEL, "The value is of a type the property's range does not include."
)
NULL_VALUE = Rule("null-value", "warning", sources.JSON_LD, "null means nothing in JSON-LD: the property is dropped.")
NESTED_LIST = Rule(
    "nested-list",
    "warning",
    sources.JSON_LD,
    "Lists of lists are not plain JSON-LD values; consumers read them differently.",
)
URL_FORMAT = Rule("url-format", "error", sources.SCHEMA_URL, "An empty URL value is not a URL.")
URL_WHITESPACE = Rule(
    "url-whitespace",
    "warning",
    sources.SCHEMA_URL,
    "Spaces in a URL are not valid; crawlers may or may not encode them.",
)
URL_SCHEME = Rule(
    "url-scheme", "error", sources.SCHEMA_URL, "Only http(s) URLs (and app links) can be followed by a crawler."
)
DATE_FORMAT = Rule(
    "date-format", "error", sources.SCHEMA_DATE, "Date and DateTime values are ISO 8601 (a space instead of T is not)."
)
NUMBER_AS_TEXT = Rule(
    "number-as-text", "warning", sources.SCHEMA_NUMBER, "A number in quotes is read as text by strict consumers."
)

_REDUCED_DATE_RE = re.compile(r"\d{4}(-\d{2})?\Z")  # ISO 8601 reduced precision: a year, or a year and month
_TIME_RE = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\Z")
_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")
_SPACE = re.compile(r"\s")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
#: schema.org Actions' input and output annotations: ``query-input``, ``target-output``... (see sources.SCHEMA_ACTIONS).
_ACTION_ANNOTATION = re.compile(r"(?P<property>[A-Za-z]+)-(input|output)\Z")
#: Schemes a crawler follows: the web's, and the app links Google documents for actions.
_SCHEMES = frozenset({"http", "https", "android-app", "ios-app"})
_QUANTITY_TYPES = frozenset({"QuantitativeValue", "Distance", "Duration", "Energy", "Mass", "Quantity"})
_TEXT_TYPES = frozenset({"Text", "PronounceableText", "CssSelectorType", "XPathType"})


class _Walker:
    """One pass over the JSON-LD graph; ``issues`` collects what it finds."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.vocabulary = doc.vocabulary
        self.issues: list[Issue] = []

    def node(self, node: dict[str, Any], path: str, depth: int, *, top: bool = False) -> None:
        if depth > self.doc.max_depth:
            return  # graph integrity reports how deep it goes
        vocabulary = self.vocabulary
        raw_types = as_list(node.get("@type"))
        types = []
        for raw in raw_types:
            name = term_name(raw)
            if name is None:
                continue  # a term of another vocabulary
            if not vocabulary.is_type(name):
                suggestion = vocabulary.suggest(name, types=True)
                hint = f"Did you mean {suggestion}?" if suggestion else f"See schema.org release {vocabulary.release}."
                self.issues.append(UNKNOWN_TYPE.issue(f"{name!r} is not a schema.org type.", f"{path}.@type", hint))
                continue
            if name in vocabulary.retired_types:
                message = f"{name} is retired from schema.org (in the attic)."
                self.issues.append(RETIRED_TYPE.issue(message, f"{path}.@type"))
            if name in vocabulary.superseded_types:
                message = f"{name} is superseded by {', '.join(vocabulary.superseded_types[name])}."
                self.issues.append(SUPERSEDED_TYPE.issue(message, f"{path}.@type"))
            types.append(name)
        if top and not raw_types and not is_ref(node) and any(not k.startswith("@") for k in node):
            self.issues.append(UNTYPED_NODE.issue("A node has no @type, so nothing can be said about it.", path))
        supertypes = vocabulary.all_supertypes(types)
        for key, value in node.items():
            if key.startswith("@"):
                continue
            name = term_name(key)
            if name is None:
                continue
            prop = vocabulary.properties.get(name)
            if prop is None:
                annotation = _ACTION_ANNOTATION.match(name)
                if annotation and annotation.group("property") in vocabulary.properties:
                    continue  # e.g. query-input: an Action's input constraint, not a property
                suggestion = vocabulary.suggest(name, types=False)
                hint = f"Did you mean {suggestion}?" if suggestion else "Remove it or use a schema.org property."
                message = f"{name!r} is not a schema.org property."
                self.issues.append(UNKNOWN_PROPERTY.issue(message, f"{path}.{name}", hint))
                continue
            if prop.retired:
                message = f"{name} is retired from schema.org (in the attic)."
                self.issues.append(RETIRED_PROPERTY.issue(message, f"{path}.{name}"))
            elif prop.superseded_by:
                message = f"{name} is superseded by {', '.join(prop.superseded_by)}."
                self.issues.append(
                    SUPERSEDED_PROPERTY.issue(message, f"{path}.{name}", f"Use {prop.superseded_by[0]}.")
                )
            if types and prop.domains and supertypes.isdisjoint(prop.domains):
                message = f"{name} is not a property of {'/'.join(types)}."
                hint = f"schema.org expects it on {', '.join(sorted(prop.domains))}."
                self.issues.append(PROPERTY_DOMAIN.issue(message, f"{path}.{name}", hint))
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                item_path = f"{path}.{name}[{index}]" if isinstance(value, list) else f"{path}.{name}"
                self.value(prop.ranges, name, item, item_path, depth)

    def value(self, ranges: frozenset[str], name: str, value: Any, path: str, depth: int) -> None:
        if isinstance(value, dict):
            if "@value" in value:
                self.literal(ranges, name, value["@value"], path)
                return
            if is_ref(value):
                target = self.doc.by_id.get(value["@id"])
                if target is not None:  # graph integrity reports references that lead nowhere
                    self.node_range(ranges, name, types_of(target), path)
                return
            types = types_of(value) or types_of(self.doc.resolve(value))
            self.node_range(ranges, name, types, path)
            self.node(value, path, depth + 1)
            return
        if isinstance(value, list):
            self.issues.append(NESTED_LIST.issue(f"{name} holds a list inside a list.", path))
            return
        self.literal(ranges, name, value, path)

    def node_range(self, ranges: frozenset[str], name: str, types: list[str], path: str) -> None:
        if not ranges or not types or "Thing" in ranges:
            return
        vocabulary = self.vocabulary
        types = [t for t in types if vocabulary.is_type(t)]  # unknown types are reported on their own
        if not types:
            return
        if any(vocabulary.is_subtype(t, ranges) or vocabulary.is_subtype(t, ("Role",)) for t in types):
            return
        expected = " or ".join(sorted(ranges))
        if ranges <= DATA_TYPES:
            message = f"{name} expects {expected}, not a {'/'.join(types)} node."
            self.issues.append(VALUE_TYPE.issue(message, path))
        else:
            message = f"{name} expects {expected}, not {'/'.join(types)}."
            self.issues.append(VALUE_TYPE.issue(message, path, "Use one of the expected types or a subtype of one."))

    def literal(self, ranges: frozenset[str], name: str, value: Any, path: str) -> None:
        if not ranges:
            return
        expected = " or ".join(sorted(ranges))
        if value is None:
            self.issues.append(NULL_VALUE.issue(f"{name} is null.", path, "Leave the property out instead."))
            return
        if isinstance(value, bool):
            if "Boolean" not in ranges:
                self.issues.append(VALUE_TYPE.issue(f"{name} expects {expected}, not a boolean.", path))
            return
        if isinstance(value, (int, float)):
            if ranges & {"Number", "Float", "Text"} or ranges & _QUANTITY_TYPES:
                return
            if "Integer" in ranges:
                if isinstance(value, float) and not value.is_integer():
                    self.issues.append(VALUE_TYPE.issue(f"{name} expects an Integer, not {value}.", path))
                return
            self.issues.append(VALUE_TYPE.issue(f"{name} expects {expected}, not a number.", path))
            return
        if not isinstance(value, str) or ranges & _TEXT_TYPES:
            return
        if "URL" in ranges:
            self.url(name, value, path)
            return
        dates = ranges & {"Date", "DateTime", "Time"}
        if dates and ranges <= DATA_TYPES:
            text = value.strip()
            parsed, _offset = parse_iso(text)
            reduced = "Date" in dates and _REDUCED_DATE_RE.match(text)
            if parsed is None and not reduced and not ("Time" in dates and _TIME_RE.match(text)):
                message = f"{name} is not an ISO 8601 {' or '.join(sorted(dates))}: {value!r}."
                self.issues.append(DATE_FORMAT.issue(message, path, "Write it like 2024-05-01T09:30:00+01:00."))
            return
        if ranges & {"Number", "Integer", "Float"} and ranges <= DATA_TYPES:
            if _NUMBER_RE.match(value.strip()):
                self.issues.append(NUMBER_AS_TEXT.issue(f"{name} is a number written as text: {value!r}.", path))
            else:
                self.issues.append(VALUE_TYPE.issue(f"{name} expects {expected}, not {value!r}.", path))
            return
        if ranges == {"Boolean"}:
            if term_name(value.strip()) not in ("True", "False", "true", "false"):
                self.issues.append(VALUE_TYPE.issue(f"{name} expects a Boolean, not {value!r}.", path))
            return
        member = term_name(value)
        vocabulary = self.vocabulary
        if member in vocabulary.members and not any(
            vocabulary.is_subtype(t, ranges) for t in vocabulary.members[member]
        ):
            message = f"{name} expects {expected}; {member} is a {'/'.join(vocabulary.members[member])}."
            self.issues.append(VALUE_TYPE.issue(message, path))
        # Otherwise text where a Thing is expected: schema.org accepts it.

    def url(self, name: str, value: str, path: str) -> None:
        text = value.strip()
        scheme = _SCHEME_RE.match(text)
        if not text:
            self.issues.append(URL_FORMAT.issue(f"{name} is not a URL: {value!r}.", path))
            return
        if _SPACE.search(text):
            message = f"{name} has spaces in it: {value!r}."
            self.issues.append(URL_WHITESPACE.issue(message, path, "Percent-encode them (%20)."))
        if scheme and scheme.group(1).lower() not in _SCHEMES:
            message = f"{name} uses the {scheme.group(1)}: scheme; only http(s) URLs are read."
            self.issues.append(URL_SCHEME.issue(message, path))


@register(
    UNKNOWN_TYPE, RETIRED_TYPE, SUPERSEDED_TYPE, UNTYPED_NODE, UNKNOWN_PROPERTY, RETIRED_PROPERTY,
    SUPERSEDED_PROPERTY, PROPERTY_DOMAIN, VALUE_TYPE, NULL_VALUE, NESTED_LIST, URL_FORMAT, URL_WHITESPACE, URL_SCHEME,
    DATE_FORMAT, NUMBER_AS_TEXT,
)  # fmt: skip
def json_ld_vocabulary(doc: Document) -> Iterator[Issue]:
    if doc.too_many_nodes:
        return
    walker = _Walker(doc)
    for label, node in doc.nodes:
        walker.node(node, label, 0, top=True)
    yield from walker.issues


@register(UNKNOWN_TYPE, UNKNOWN_PROPERTY)
def microdata_vocabulary(doc: Document) -> Iterator[Issue]:
    for item in doc.microdata:
        yield from _microdata_item(doc, item, "microdata", 0)


def _microdata_item(doc: Document, item: dict[str, Any], path: str, depth: int) -> Iterator[Issue]:
    if depth > doc.max_depth:
        return
    vocabulary = doc.vocabulary
    types = []
    for raw in as_list(item.get("type")):
        name = term_name(raw)
        if name is None:
            continue
        if not vocabulary.is_type(name):
            suggestion = vocabulary.suggest(name, types=True)
            hint = f"Did you mean {suggestion}?" if suggestion else ""
            yield UNKNOWN_TYPE.issue(f"{name!r} is not a schema.org type.", f"{path}.itemtype", hint)
        else:
            types.append(name)
    if not types:
        return
    label = f"{path}:{types[0]}"
    for key, value in (item.get("properties") or {}).items():
        name = term_name(key)
        if name is None:
            continue
        if name not in vocabulary.properties:
            suggestion = vocabulary.suggest(name, types=False)
            hint = f"Did you mean {suggestion}?" if suggestion else ""
            yield UNKNOWN_PROPERTY.issue(f"{name!r} is not a schema.org property.", f"{label}.{name}", hint)
            continue
        for nested in as_list(value):
            if isinstance(nested, dict) and "properties" in nested:
                yield from _microdata_item(doc, nested, f"{label}.{name}", depth + 1)

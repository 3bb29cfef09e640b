"""Graph integrity: the JSON-LD parses, says it is schema.org, and its nodes and references hold together.

A block that is not JSON, or JSON-LD without schema.org's ``@context``, is lost to every consumer:
errors. References that lead nowhere, one ``@id`` defined twice with different values, and one
article described several times are consistency hints: warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document import Document, as_list, is_ref
from ..issues import Issue
from ..registry import Rule, register
from ..text import normalise
from ..vocabulary import term_name
from . import sources

JSON_SYNTAX = Rule(
    "json-syntax", "error", sources.JSON, "A JSON-LD block that is not JSON is ignored whole by search engines."
)
JSON_EMPTY = Rule(
    "json-empty",
    "warning",
    sources.JSON_LD,
    "An empty JSON-LD block holds nothing (often a template that rendered no data).",
)
JSON_LD_SHAPE = Rule("json-ld-shape", "error", sources.JSON_LD, "A JSON-LD document is an object or a list of objects.")
CONTEXT = Rule(
    "context", "error", sources.JSON_LD, "Without schema.org's @context the terms mean nothing to a consumer."
)
TOO_MANY_NODES = Rule(
    "too-many-nodes",
    "warning",
    sources.JSON_LD,
    "The checker reads a bounded number of nodes per page; the rest went unchecked.",
)
TOO_DEEP = Rule(
    "too-deep",
    "warning",
    sources.JSON_LD,
    "Nesting deeper than the checker's bound went unchecked; use @id references.",
)
CONFLICTING_NODE = Rule(
    "conflicting-node",
    "warning",
    sources.JSON_LD_NODES,
    "One @id defined twice with different values gives the node both values.",
)
UNRESOLVED_REFERENCE = Rule(
    "unresolved-reference",
    "warning",
    sources.JSON_LD_NODES,
    "A reference to a fragment of the page that names no node there carries no data.",
)
EXTERNAL_REFERENCE = Rule(
    "external-reference",
    "warning",
    sources.JSON_LD_NODES,
    "Search engines do not fetch other documents to resolve a reference.",
)
ARTICLE_COUNT = Rule(
    "article-count",
    "warning",
    sources.GOOGLE_ARTICLE,
    "Several different top-level articles on one page: which one the page is about is unclear.",
)
CONFLICTING_DUPLICATE = Rule(
    "conflicting-duplicate",
    "warning",
    sources.GOOGLE_GENERAL,
    "Microdata or RDFa describing the article with another headline contradicts the JSON-LD.",
)
DUPLICATE_ENTITY = Rule(
    "duplicate-entity", "warning", sources.GOOGLE_GENERAL, "The article is described in two syntaxes; one is enough."
)

_SCHEMA_CONTEXT = re.compile(r"https?://(www\.)?schema\.org(/|/docs/jsonldcontext\.json(ld)?)?\Z")


def _schema_context(context: Any) -> bool:
    for item in as_list(context):
        if isinstance(item, str) and _SCHEMA_CONTEXT.match(item.strip()):
            return True
        if isinstance(item, dict):
            vocab = item.get("@vocab")
            if isinstance(vocab, str) and _SCHEMA_CONTEXT.match(vocab.strip()):
                return True
            if any(isinstance(v, str) and _SCHEMA_CONTEXT.match(v.strip()) for v in item.values()):
                return True  # {"schema": "https://schema.org/"} with schema: terms
    return False


def _uses_schema_terms(item: dict[str, Any]) -> bool:
    """Whether an item without a schema.org context still names schema.org terms by full IRI."""
    types = as_list(item.get("@type"))
    return bool(types) and all(isinstance(t, str) and t != term_name(t) for t in types)


@register(JSON_SYNTAX, JSON_EMPTY, JSON_LD_SHAPE, CONTEXT)
def json_ld_blocks(doc: Document) -> Iterator[Issue]:
    total = len(doc.blocks)
    for block in doc.blocks:
        where = f"script[{block.index}]"
        if block.error is not None:
            if not block.text.strip():
                yield JSON_EMPTY.issue(f"JSON-LD block {block.index + 1} of {total} is empty.", where)
                continue
            message = f"JSON-LD block {block.index + 1} of {total} is not valid JSON: {block.error}"
            hint = "Search engines ignore the whole block; fix the JSON (no comments, trailing commas or NaN)."
            yield JSON_SYNTAX.issue(message, where, hint)
            continue
        for item in as_list(block.data):
            if not isinstance(item, dict):
                yield JSON_LD_SHAPE.issue("A JSON-LD block holds something other than objects.", where)
                continue
            members = [node for node in as_list(item.get("@graph")) if isinstance(node, dict)]
            in_members = bool(members) and all(_schema_context(node.get("@context")) for node in members)
            if not _schema_context(item.get("@context")) and not _uses_schema_terms(item) and not in_members:
                yield CONTEXT.issue(
                    "The JSON-LD has no schema.org @context.", where, 'Add "@context": "https://schema.org".'
                )


@register(TOO_MANY_NODES, TOO_DEEP)
def graph_bounds(doc: Document) -> Iterator[Issue]:
    if doc.too_many_nodes:
        yield TOO_MANY_NODES.issue(f"The JSON-LD has more than {doc.max_nodes} nodes; the rest was not read.")
        return
    for path, node, depth in doc.walk_depths():
        if depth < doc.max_depth:
            continue
        if any(isinstance(v, dict) and not is_ref(v) for value in node.values() for v in as_list(value)):
            message = f"The JSON-LD is nested more than {doc.max_depth} levels deep here."
            yield TOO_DEEP.issue(
                message, path, "Deeper levels were not checked; use @id references instead of nesting."
            )
            return


@register(CONFLICTING_NODE)
def conflicting_nodes(doc: Document) -> Iterator[Issue]:
    for conflict in doc.conflicts:
        message = f"{conflict.node_id} is defined twice with different {conflict.key} values."
        yield CONFLICTING_NODE.issue(
            message, conflict.path, 'Define each @id once and refer to it elsewhere as {"@id": ...}.'
        )


@register(UNRESOLVED_REFERENCE, EXTERNAL_REFERENCE)
def references(doc: Document) -> Iterator[Issue]:
    if doc.too_many_nodes:
        return
    for path, node in doc.walk():
        for key, value in node.items():
            if key.startswith("@"):
                continue
            for index, item in enumerate(as_list(value)):
                if not is_ref(item) or item["@id"] in doc.by_id:
                    continue
                node_id = item["@id"]
                where = f"{path}.{key}[{index}]" if isinstance(value, list) else f"{path}.{key}"
                if isinstance(node_id, str) and "#" in node_id:
                    message = f"The reference {node_id} leads to no node in the page."
                    yield UNRESOLVED_REFERENCE.issue(
                        message, where, "Add the node to the @graph or remove the reference."
                    )
                else:
                    message = f"The reference {node_id} names no node in the page."
                    hint = "Search engines do not fetch it; describe the node in the page if it matters."
                    yield EXTERNAL_REFERENCE.issue(message, where, hint)


@register(ARTICLE_COUNT)
def article_count(doc: Document) -> Iterator[Issue]:
    articles = doc.articles
    ids = {node.get("@id") for _label, node in articles}
    if len(articles) > 1 and (len(ids) > 1 or None in ids):
        yield ARTICLE_COUNT.issue(
            f"The page describes {len(articles)} articles; an article page has one.",
            articles[1][0],
            "Keep one article entity (others can be referenced by @id, or listed in an ItemList).",
        )


def other_syntax_articles(doc: Document) -> list[tuple[str, str, str | None]]:
    """``(syntax, type, headline)`` of every article described in microdata or RDFa."""
    found: list[tuple[str, str, str | None]] = []
    for item in doc.microdata:
        for raw in as_list(item.get("type")):
            name = term_name(raw)
            if name and doc.vocabulary.is_subtype(name, ("Article",)):
                headlines = as_list((item.get("properties") or {}).get("headline"))
                found.append(("microdata", name, str(headlines[0]) if headlines else None))
    for node in doc.rdfa:
        for raw in as_list(node.get("@type")):
            name = term_name(raw)
            if name and doc.vocabulary.is_subtype(name, ("Article",)):
                headline = None
                for key in ("http://schema.org/headline", "https://schema.org/headline"):
                    for value in as_list(node.get(key)):
                        headline = value.get("@value") if isinstance(value, dict) else value
                found.append(("rdfa", name, headline))
    return found


@register(CONFLICTING_DUPLICATE, DUPLICATE_ENTITY)
def duplicate_articles(doc: Document) -> Iterator[Issue]:
    if not doc.articles:
        return
    headline = doc.articles[0][1].get("headline")
    headline = normalise(headline) if isinstance(headline, str) else None
    for syntax, type_name, other_headline in other_syntax_articles(doc):
        if headline is not None and other_headline is not None and normalise(str(other_headline)) != headline:
            yield CONFLICTING_DUPLICATE.issue(
                f"The {syntax} describes another {type_name} with the headline {other_headline!r}.",
                f"{syntax}:{type_name}.headline",
                "Describe the article once (in JSON-LD), or make both say the same.",
            )
        else:
            message = f"The article is described again in {syntax} ({type_name})."
            yield DUPLICATE_ENTITY.issue(message, f"{syntax}:{type_name}", "Describe it once.")

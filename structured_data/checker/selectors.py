"""``cssSelector`` values must name something on the page.

A ``WebPageElement`` (Google's paywalled-content markup, ``SpeakableSpecification``) points at
part of the page with a CSS selector; one that matches nothing, or does not parse, tells a search
engine about content that is not there (for a paywall: the page looks like cloaking).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.html
from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from .issues import Issue


def _selectors(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _selectors(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if key == "cssSelector":
                for index, selector in enumerate(item if isinstance(item, list) else [item]):
                    yield (f"{where}[{index}]" if isinstance(item, list) else where), selector
            elif key != "@context":
                yield from _selectors(item, where)


def _top_nodes(json_ld: list[Any]) -> Iterator[tuple[str, Any]]:
    """``(label, node)`` of each top-level node, labelled by its type as the checker's paths are."""
    for block in json_ld:
        for item in block if isinstance(block, list) else [block]:
            nodes = item.get("@graph", [item]) if isinstance(item, dict) else []
            for node in nodes if isinstance(nodes, list) else [nodes]:
                if isinstance(node, dict):
                    kind = node.get("@type", "node")
                    yield (kind if isinstance(kind, str) else "/".join(map(str, kind))), node


def css_selector_issues(html: str | bytes, json_ld: list[Any]) -> list[Issue]:
    """An error for each ``cssSelector`` in ``json_ld`` that does not parse or matches nothing in ``html``."""
    found = [found for label, node in _top_nodes(json_ld) for found in _selectors(node, label)]
    if not found:
        return []
    tree = lxml.html.document_fromstring(html)
    issues = []
    for path, selector in found:
        if not isinstance(selector, str) or not selector.strip():
            issues.append(Issue("error", "css-selector-invalid", "A cssSelector is not a CSS selector.", path))
            continue
        try:
            matches = CSSSelector(selector, translator="html")(tree)
        except SelectorError as error:
            issues.append(
                Issue("error", "css-selector-invalid", f"The cssSelector {selector!r} does not parse: {error}.", path)
            )
            continue
        if not matches:
            issues.append(
                Issue(
                    "error",
                    "css-selector-unmatched",
                    f"The cssSelector {selector!r} matches nothing on the page.",
                    path,
                    "Point it at an element the page has (for a paywall: the element around the gated text).",
                )
            )
    return issues

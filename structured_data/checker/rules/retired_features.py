"""Markup for search features Google has retired: harmless, so a warning at most.

Google retired the sitelinks search box in November 2024; its ``WebSite`` ``SearchAction`` (with
``query-input``, a schema.org Actions annotation, not an unknown property) is no longer used.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, as_list
from ..issues import Issue
from ..registry import Rule, register
from . import sources

SITELINKS_SEARCH_BOX = Rule(
    "sitelinks-search-box",
    "warning",
    sources.GOOGLE_SITELINKS_RETIRED,
    "Google retired the sitelinks search box (Nov 2024); the markup is ignored, not wrong.",
)


@register(SITELINKS_SEARCH_BOX)
def sitelinks_search_box(doc: Document) -> Iterator[Issue]:
    for label, node in doc.nodes_of_type("WebSite"):
        for index, action in enumerate(as_list(node.get("potentialAction"))):
            action = doc.resolve(action)
            if doc.is_a(action, "SearchAction"):
                path = (
                    f"{label}.potentialAction[{index}]"
                    if isinstance(node.get("potentialAction"), list)
                    else f"{label}.potentialAction"
                )
                yield SITELINKS_SEARCH_BOX.issue(
                    "The WebSite declares a SearchAction for the sitelinks search box, which Google retired.",
                    path,
                    "Nothing breaks; remove it when convenient (WebSite with name and url still gives the site name).",
                )
                break

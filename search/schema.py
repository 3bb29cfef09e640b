"""A results page in the structured_data graph: a ``SearchResultsPage`` whose ``mainEntity`` is the
``ItemList`` of the results shown (discovered by structured_data's ``autodiscover_modules("schema")``).

No ``WebSite`` ``SearchAction`` is added: the plugin's checker flags it as retired (Google dropped
the sitelinks search box in November 2024; ``structured_data/checker/rules/retired_features.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from structured_data import Schema, register


@dataclass
class SearchResultsListing:
    """What a results page shows, as the graph builder reads it."""

    url: str
    query: str
    language: str
    items: list[dict[str, str]] = field(default_factory=list)  # {"url": ..., "name": ...} in order


@register(SearchResultsListing)
class SearchResultsSchema(Schema):
    schema_type = None
    page_type = "SearchResultsPage"
    page_properties = ("url", "name", "isPartOf", "inLanguage", "mainEntity")
    properties = ()
    store = False  # built per request: results change with every publication

    def object_url(self, listing: SearchResultsListing) -> str | None:
        return listing.url

    def name(self, listing: SearchResultsListing) -> str:
        if listing.query:
            return gettext("Search results for “%(query)s”") % {"query": listing.query}
        return gettext("Search")

    def inLanguage(self, listing: SearchResultsListing) -> str:
        return listing.language

    def mainEntity(self, listing: SearchResultsListing) -> Any:
        return self.item_list(listing.items)

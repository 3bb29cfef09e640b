"""The news items a key receives: the plugin's ninjs and NewsML-G2, cut at the paywall where due.

Items come from :func:`structured_data.news_items_for` (the stored graphs, a constant number of
queries for a page of items). A subscriber-only or metered story whose wall actually hides
something goes to a key without ``subscriber_bodies`` as the part before the wall, built afresh
with ``FREE_PART_ONLY`` and marked ``partial`` (ninjs ``representationtype``, usage terms saying
what was left out).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from structured_data import SiteRequest, build_news_item, get_news_format, news_items_for

from articles.models import Access, ArticlePage
from articles.models.paywall import FREE_PART_ONLY

from .models import PartnerKey

PARTIAL_TERMS = (
    "Subscribers only: this item holds the part before the paywall; the rest is not licensed to this partner."
)


def _cut_items(page_ids: Sequence[int], site: Any) -> dict[int, Any]:
    """Items of the paywalled stories among ``page_ids``, cut at the wall (only those really gated)."""
    pages = ArticlePage.objects.filter(pk__in=page_ids).specific()
    request = SiteRequest(site)
    setattr(request, FREE_PART_ONLY, True)
    items = {}
    for page in pages:
        if not page.is_gated:
            continue
        item, _graph = build_news_item(page, request)
        item.partial = True
        item.usage_terms = PARTIAL_TERMS
        items[page.pk] = item
    return items


def items_for(rows: Sequence[tuple[int, str]], key: PartnerKey, site: Any) -> list[tuple[int, Any]]:
    """``(pk, NewsItem)`` for ``rows`` of ``(pk, access)``, in their order; pages gone since are skipped."""
    paywalled = [] if key.subscriber_bodies else [pk for pk, access in rows if access != Access.FREE]
    cut = _cut_items(paywalled, site) if paywalled else {}
    whole = news_items_for([pk for pk, _access in rows if pk not in cut], site)
    found = []
    for pk, _access in rows:
        item = cut.get(pk) or whole.get(pk)
        if item is not None:
            found.append((pk, item))
    return found


def serialize(item: Any, format_name: str) -> bytes:
    news_format = get_news_format(format_name)
    assert news_format is not None
    return news_format.serialize(item)

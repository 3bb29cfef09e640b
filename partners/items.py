"""The news items a key receives: the plugin's ninjs and NewsML-G2, cut at the paywall where due.

Items come from :func:`structured_data.ninjs_items_for` (ninjs stored beside the graphs, a constant number of
queries for a page of items). A subscriber-only or metered story whose wall actually hides
something goes to a key without ``subscriber_bodies`` as the part before the wall, built from
its stored graph with ``FREE_PART_ONLY`` and marked ``partial`` (ninjs ``representationtype``, usage terms saying
what was left out).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from articles.models import Access, ArticlePage
from articles.models.paywall import FREE_PART_ONLY
from structured_data import SiteRequest, get_news_format, news_items_for, ninjs_items_for

from .models import PartnerKey

PARTIAL_TERMS = (
    "Subscribers only: this item holds the part before the paywall; the rest is not licensed to this partner."
)


def _cut_items(page_ids: Sequence[int], site: Any) -> dict[int, Any]:
    """Items of the paywalled stories among ``page_ids``, cut at the wall (only those really gated).

    Built from their stored graphs in one batch (:func:`structured_data.news_items_for`), with a
    request that asks the schemas for the free part of the body: a constant number of queries.
    """
    candidates = ArticlePage.objects.filter(pk__in=page_ids).only("access", "free_paragraphs", "body")
    gated = [page.pk for page in candidates if page.is_gated]
    if not gated:
        return {}
    request = SiteRequest(site)
    setattr(request, FREE_PART_ONLY, True)
    items = news_items_for(gated, site, request=request)
    for item in items.values():
        item.partial = True
        item.usage_terms = PARTIAL_TERMS
    return items


def _to_cut(rows: Sequence[tuple[int, str]], key: PartnerKey) -> list[int]:
    return [] if key.subscriber_bodies else [pk for pk, access in rows if access != Access.FREE]


def items_for(rows: Sequence[tuple[int, str]], key: PartnerKey, site: Any, format_name: str) -> list[bytes]:
    """Each of ``rows`` (``(pk, access)``) in ``format_name``, in their order; pages gone since are skipped.

    ninjs is read as stored beside the graphs (:func:`structured_data.ninjs_items_for`); other
    formats are serialized from the items read from the stored graphs.
    """
    paywalled = _to_cut(rows, key)
    cut = _cut_items(paywalled, site) if paywalled else {}
    rest = [pk for pk, _access in rows if pk not in cut]
    news_format = get_news_format(format_name)
    assert news_format is not None
    if format_name == "ninjs":
        whole = ninjs_items_for(rest, site)
    else:
        whole = {pk: news_format.serialize(item) for pk, item in news_items_for(rest, site).items()}
    found = []
    for pk, _access in rows:
        if pk in cut:
            found.append(news_format.serialize(cut[pk]))
        elif pk in whole:
            found.append(whole[pk])
    return found

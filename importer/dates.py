"""A publication date for pages whose structured data gives none, found the way htmldate finds it.

First the meta tags CMSs and analytics write (``pubdate``, ``dc.date.issued``, ``parsely-pub-date``, ...)
and ``<time>`` elements, which usually carry a time and a time zone; then htmldate (Apache-2.0) itself,
which also reads dates from the URL and the visible text. htmldate works on a copy of our parsed tree
and is never given a URL to fetch.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from . import values

logger = logging.getLogger(__name__)

#: ``<meta name|property|itemprop=...>`` that hold the publication date, most trusted first.
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "published_time", "article.published", "article_date_original",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "dc.date.created",
    "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "originalpublicationdate",
    "citation_publication_date", "date", "displaydate", "firstpublisheddate", "release_date", "eomportal-lastupdate",
)  # fmt: skip
_TIME_XPATH = (
    '//time[@datetime][@pubdate or @itemprop="datePublished" or contains(@class, "publish") or '
    'contains(@class, "posted") or contains(@class, "entry-date")]'
)


def meta_dates(tree) -> list[str]:
    """Date strings from meta tags and ``<time>`` elements, most trusted first."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for attribute in ("name", "property", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key:
                found.setdefault(key, []).append(content)
    dates = [value for name in PUBLISHED_META for value in found.get(name, [])]
    dates += [element.get("datetime") for element in tree.xpath(_TIME_XPATH)]
    dates += [element.get("datetime") for element in tree.iter("time") if element.get("datetime")]
    return [value for value in dates if values.date(value) is not None]


def htmldate_date(tree, url: str = "") -> str | None:
    """The original publication date htmldate finds in the page (and its URL), as ``YYYY-MM-DD``."""
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - installed with trafilatura
        return None
    try:
        return find_date(
            copy.deepcopy(tree),
            url=url or None,
            original_date=True,
            extensive_search=True,
            outputformat="%Y-%m-%d",
        )
    except Exception as error:  # a library failure on one odd page must not sink the import
        logger.warning("date extraction failed: %s: %s", error.__class__.__name__, error)
        return None


def page_date(tree, url: str = "") -> tuple[Any, str]:
    """``(date, where)`` for a page without a structured publication date; ``(None, "")`` if none."""
    dates = meta_dates(tree)
    if dates:
        return dates[0], "meta/time"
    found = htmldate_date(tree, url)
    if found and values.date(found) is not None:
        return found, "htmldate"
    return None, ""

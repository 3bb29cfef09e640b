"""The topics file of the sitemap index (``/sitemap-topics.xml``): every topic page in every language.

One query: each tag with a visible article, per language, and the latest publication among them
(``<lastmod>``), grouped in the database.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag
from wagtail.models import Locale

from articles.models import ArticlePage, ArticleTag
from articles.sitemaps import SITEMAP_LIMIT
from structured_data import VisiblePagesSitemap, visible_pages

_SLUG = "topic-slug"


def topic_rows(site: Any) -> Any:
    """``(tag slug, language code, latest publication)`` of every topic page of ``site``."""
    articles = visible_pages(ArticlePage.objects.all(), site=site).filter(listing_date__isnull=False)
    return (
        ArticleTag.objects.filter(content_object__in=articles.values("pk"))
        .exclude(tag__slug="")  # a tag whose name slugifies to nothing ("<!--") has no topic page
        .values_list("tag__slug", "content_object__locale__language_code")
        .annotate(lastmod=Max("content_object__last_published_at"))
        .order_by("tag__slug", "content_object__locale__language_code")
    )


def topic_path(slug: str, language: str, prefixes: dict[str, str]) -> str:
    """The topic's path in ``language``, the language's prefix worked out once."""
    if language not in prefixes:
        with translation.override(language):
            prefixes[language] = reverse("topics:topic", args=[_SLUG])
    return prefixes[language].replace(_SLUG, quote(slug))  # reverse() would percent-encode a unicode slug too


class TopicsSitemap(VisiblePagesSitemap):
    limit = SITEMAP_LIMIT

    def items(self) -> Any:
        site = self.get_wagtail_site()
        if site is None:
            return []
        root = site.root_url
        prefixes: dict[str, str] = {}
        return [
            {"location": root + topic_path(slug, language, prefixes), "lastmod": lastmod}
            for slug, language, lastmod in topic_rows(site)
        ]

    def _urls(self, page: Any, protocol: Any, domain: Any) -> list[dict[str, Any]]:
        return list(self.paginator.page(page).object_list)

    def file_count(self) -> int:
        """One file while every tag in every language would fit in one: the index need not group the
        archive's tags to know that (it did, for every request of ``/sitemap.xml``)."""
        if Tag.objects.count() * Locale.objects.count() <= self.limit:
            return 1
        return self.paginator.num_pages

    def get_latest_lastmod(self) -> Any:
        return None

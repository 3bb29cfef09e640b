"""The topic URLs a change affects, for the page cache's purges (``pagecache_*`` hooks, wagtail_hooks.py).

An article published, unpublished or moved: the topic pages and feeds of its tags (those it had
before this publication too), in its language. A tag renamed or a topic edited: that topic's pages.
The topics file of the sitemap index goes with every article (articles/cache_urls.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import translation
from taggit.models import Tag
from wagtail.coreutils import get_content_languages
from wagtail.models import Page, Site

from articles.models import ArticlePage

from .models import Topic
from .sitemaps import topic_rows

ROUTES = ("topics:topic", "topics:feed_rss", "topics:feed_atom")


def topic_urls(root: str, slugs: Iterable[str], language: str) -> set[str]:
    """The page and feeds of each topic in ``language``, below the site's ``root`` URL."""
    with translation.override(language):
        return {root + reverse(name, args=[slug]) for slug in slugs if slug for name in ROUTES}


def _root_url(page: Page) -> str | None:
    parts = page.get_url_parts()
    return parts[1] if parts else None


def _site_roots() -> set[str]:
    return {site.root_url for site in Site.objects.all()}


def page_urls(page: Page) -> set[str]:
    if not isinstance(page, ArticlePage):
        return set()
    root = _root_url(page)
    if root is None:
        return set()
    slugs = {tag.slug for tag in page.tags.all()}
    slugs.update((page.__dict__.get("_listed_before") or {}).get("tags", ()))
    return topic_urls(root, slugs, page.locale.language_code)


def object_urls(obj: Any) -> set[str]:
    if isinstance(obj, Tag):
        urls: set[str] = set()
        for root in _site_roots():
            for language in get_content_languages():
                urls |= topic_urls(root, [obj.slug], language)
        return urls
    if isinstance(obj, Topic) and obj.tag_id:
        tag = Tag.objects.filter(pk=obj.tag_id).first()
        if tag is None:
            return set()
        return {url for root in _site_roots() for url in topic_urls(root, [tag.slug], obj.locale.language_code)}
    return set()


def site_urls(site: Site) -> set[str]:
    """Every topic page of the site (they carry its header and footer)."""
    by_language: dict[str, set[str]] = {}
    for slug, language, _lastmod in topic_rows(site):
        by_language.setdefault(language, set()).add(slug)
    urls: set[str] = set()
    for language, slugs in by_language.items():
        urls |= topic_urls(site.root_url, slugs, language)
    return urls

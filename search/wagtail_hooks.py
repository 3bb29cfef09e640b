"""Search pages go from every cache when what they could list changes: an article published,
unpublished, moved or deleted, an author or a tag renamed, anything site-wide.

A rename also re-indexes the articles carrying the name, in the background (search/reindex.py),
and each batch purges the search pages again once indexed.

Each language's results path (``/search/``, ``/fr/search/``...) is one page cache entry holding all
its query variants, so purging the path drops every cached search at once (pagecache/store.py).
"""

from __future__ import annotations

from typing import Any

from taggit.models import Tag
from wagtail import hooks
from wagtail.models import Page, Site

from articles.models import ArticlePage, Author

from .urls import every_site_search_urls, search_urls


def _site_search_urls(site: Site | None) -> set[str]:
    return search_urls(site.root_url) if site is not None else set()


@hooks.register("pagecache_page_urls")
def search_pages_for_page(page: Page) -> set[str]:
    if not isinstance(page, ArticlePage):
        return set()
    return _site_search_urls(page.get_site())


@hooks.register("pagecache_object_urls")
def search_pages_for_object(obj: Any) -> set[str]:
    if isinstance(obj, (Author, Tag)):  # their names are shown in results and indexed with the articles
        return every_site_search_urls()
    return set()


@hooks.register("pagecache_site_urls")
def search_pages_for_site(site: Site) -> set[str]:
    return _site_search_urls(site)

"""The newsroom's URLs that show a page or an object besides its own: for the page cache's purges.

Registered as ``pagecache_*_urls`` hooks in ``wagtail_hooks.py`` (see :mod:`pagecache.affected`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from pagecache.affected import urls_showing

from .models import ArticlePage, Author, AuthorIndexPage, HomePage, SectionPage

SITE_PATHS = ("articles:feed_rss", "articles:feed_atom", "sitemap", "news_sitemap")


def _root_url(page: Page) -> str | None:
    parts = page.get_url_parts()
    return parts[1] if parts else None


def _site_feeds(root: str) -> set[str]:
    return {root + reverse(name) for name in SITE_PATHS}


def _section_feeds(root: str, section: SectionPage) -> set[str]:
    return {
        root + reverse(name, kwargs={"slug": section.slug})
        for name in ("articles:section_feed_rss", "articles:section_feed_atom")
    }


def author_urls(author: Author) -> set[str]:
    """The author's profile, the authors index and the author's feeds, on every site that shows them."""
    urls: set[str] = set()
    for index in AuthorIndexPage.objects.live():
        root = _root_url(index)
        base = index.get_full_url()
        if root is None or base is None:
            continue
        urls.add(base)
        urls.add(f"{base}{index.reverse_subpage('author_profile', args=[author.slug])}")
        urls.update(
            root + reverse(name, kwargs={"slug": author.slug})
            for name in ("articles:author_feed_rss", "articles:author_feed_atom")
        )
    return urls


def _articles_urls(articles: Iterable[ArticlePage]) -> set[str]:
    urls: set[str] = set()
    for article in articles:
        urls |= urls_showing(article)
    return urls


def page_urls(page: Page) -> set[str]:
    root = _root_url(page)
    if root is None:
        return set()
    urls = _site_feeds(root)
    if isinstance(page, ArticlePage):
        home = HomePage.objects.ancestor_of(page).first()
        if home is not None:
            urls.add(home.get_full_url())
        section = page.section_page
        if section is not None:
            urls.add(section.get_full_url())
            urls |= _section_feeds(root, section)
        for link in page.article_authors.select_related("author"):
            urls |= author_urls(link.author)
    elif isinstance(page, SectionPage):
        urls |= _section_feeds(root, page)
    elif isinstance(page, AuthorIndexPage):
        base = page.get_full_url()
        if base:
            urls.update(
                f"{base}{page.reverse_subpage('author_profile', args=[slug])}"
                for slug in Author.objects.values_list("slug", flat=True)
            )
    return {url for url in urls if url}


def object_urls(obj: Any) -> set[str]:
    if isinstance(obj, Author):
        urls = author_urls(obj)
        return urls | _articles_urls(ArticlePage.objects.live().filter(article_authors__author=obj).distinct())
    if isinstance(obj, get_image_model()):
        urls: set[str] = set()
        for author in Author.objects.filter(photo=obj):
            urls |= object_urls(author)
        return urls | _articles_urls(ArticlePage.objects.live().filter(lead_image=obj))
    if isinstance(obj, Tag):
        return _articles_urls(ArticlePage.objects.live().filter(tags=obj).distinct())
    return set()


def site_urls(site: Site) -> set[str]:
    root = site.root_url
    urls = _site_feeds(root) | {root + reverse("robots_txt")}
    for section in SectionPage.objects.live().descendant_of(site.root_page):
        urls |= _section_feeds(root, section)
    for author in Author.objects.all():
        urls |= author_urls(author)
    return urls

"""Which URLs a change affects: the dependency records name the pages, hooks name the rest.

* A page's own URLs: its URL and its ``?format=`` URLs (JSON-LD, ninjs, NewsML-G2), its parent's URL (index
  pages list their children), and whatever the ``pagecache_page_urls`` hooks add for it (the
  listings, feeds and sitemaps that show it: see ``articles/cache_urls.py``).
* Pages built from a changed object or page: the ``pagecache_pages_reading`` hooks say which
  pages read it (this site registers the structured-data plugin's dependency records, in
  ``articles/cache_urls.py``); each of those pages' own URLs then go too (a listing shows an
  author's name or a photo through the page it lists). The ``pagecache_object_urls`` hooks add
  what the records do not cover (an author's profile route).
* A page in a site's menu that appears, goes, or changes title or place: every page of the site
  (the navigation is on each); so does a change to a site-wide object (``SITE_WIDE_MODELS``):
  every page of every site, and the ``pagecache_site_urls`` hooks (feeds, sitemaps, routes).

The URL hooks (``wagtail.hooks``) take one argument and return an iterable of absolute URLs.
A ``pagecache_pages_reading`` hook takes the changed object (a page or another model instance) and
``republished`` (a page published again: only the pages that read what changed) and returns the
ids of the pages built from it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from typing import Any, cast

from django.apps import apps
from django.core.cache.backends.base import BaseCache
from django.db.models import Q
from wagtail import hooks
from wagtail.models import Page, Site

from structured_data import format_urls

from . import keys
from .conf import get_setting

logger = logging.getLogger(__name__)

PAGES_READING_HOOK = "pagecache_pages_reading"
PAGE_URLS_HOOK = "pagecache_page_urls"
OBJECT_URLS_HOOK = "pagecache_object_urls"
SITE_URLS_HOOK = "pagecache_site_urls"
MENU_KEY = "pagecache:menu:{site_pk}"
#: In a URL set: the change shows on every page (the cached header and footer fragments go too).
SITE_WIDE = "pagecache:site-wide"


def _hook_urls(name: str, obj: Any) -> set[str]:
    urls: set[str] = set()
    for fn in hooks.get_hooks(name):
        try:
            urls.update(url for url in fn(obj) or () if url)
        except Exception:  # a purge that misses a listing must not stop a publication
            logger.exception("pagecache hook %s failed for %r", name, obj)
    return urls


def own_urls(page: Page) -> set[str]:
    """The page's URL and its ``?format=`` URLs: JSON-LD and the news formats (nothing for a page without a URL)."""
    url = page.get_full_url()
    return {url, *format_urls(url)} if url else set()


def urls_showing(page: Page) -> set[str]:
    """The page's own URLs, its parent's, and the hooks' (listings, feeds, sitemaps)."""
    page = page.specific_deferred if type(page) is Page else page
    urls = own_urls(page)
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        urls |= own_urls(parent)
    return urls | _hook_urls(PAGE_URLS_HOOK, page)


def urls_of_pages(page_ids: Iterable[int]) -> set[str]:
    urls: set[str] = set()
    ids = set(page_ids)
    if ids:
        for page in Page.objects.filter(pk__in=ids).specific(defer=True):
            urls |= urls_showing(page)
    return urls


def pages_reading(obj: Any, *, republished: bool = False) -> set[int]:
    """The ids of the pages built from ``obj``, as the ``pagecache_pages_reading`` hooks name them.

    A hook that fails is logged and left out, as the URL hooks are: the change's cache keys still reach
    the pages it would have named, and a purge must never stop an editor's publication.
    """
    ids: set[int] = set()
    for fn in hooks.get_hooks(PAGES_READING_HOOK):
        try:
            ids.update(fn(obj, republished=republished))
        except Exception:
            logger.exception("pagecache hook %s failed for %r", PAGES_READING_HOOK, obj)
    return ids


def _used_site_wide(obj: Any) -> bool:
    """Whether a site-wide object (the publisher setting's logo) points at ``obj``."""
    for label in get_setting("SITE_WIDE_MODELS"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        for field in model._meta.get_fields():
            points_here = field.many_to_one and field.concrete and isinstance(obj, field.related_model)
            if points_here and model._default_manager.filter(**{field.name: obj.pk}).exists():
                return True
    return False


def urls_for_object(obj: Any) -> set[str]:
    """An object pages are built from changed (an author, an image, a tag, ...).

    The pages built from it are enumerated only up to ``URL_PURGE_LIMIT``; beyond that the
    object's cache key (purged with the change) reaches them.
    """
    if obj.pk is not None and _used_site_wide(obj):
        return urls_for_all_sites()
    reading = pages_reading(obj)
    found = urls_of_pages(reading) if keys.enumerable(len(reading)) else set()
    return found | _hook_urls(OBJECT_URLS_HOOK, obj)


def object_hook_urls(obj: Any) -> set[str]:
    return _hook_urls(OBJECT_URLS_HOOK, obj)


def urls_for_page(page: Page, *, republished: bool = False) -> set[str]:
    """A page was published, unpublished, moved or deleted."""
    # On a republication, only pages that read another title or URL than the page has now.
    dependants = pages_reading(page, republished=republished) - {page.pk}
    urls = urls_showing(page)
    if keys.enumerable(len(dependants)):  # beyond: the page's key (purged with it) reaches them
        urls |= urls_of_pages(dependants)
    if page.show_in_menus and menu_changed(page):
        urls |= urls_for_site(page.get_site())
    return urls


def subtree_urls(page: Page) -> set[str]:
    """The own URLs of ``page`` and of every page below it (a move or unpublication takes them all)."""
    urls = own_urls(page)
    for descendant in page.get_descendants():
        urls |= own_urls(descendant)
    return urls


# Menus and site-wide changes --------------------------------------------------------------------


def site_roots(site: Site) -> Any:
    """The site's root page and its translations (with Wagtail's i18n, ``/fr/`` is a tree of its own)."""
    root = site.root_page
    return Page.objects.filter(Q(pk=root.pk) | Q(translation_key=root.translation_key, depth=root.depth))


def _descendants_of_roots(site: Site) -> Any:
    condition = Q()
    for path in site_roots(site).values_list("path", flat=True):
        condition |= Q(path__startswith=path)
    return Page.objects.filter(condition)


def _menu_fingerprint(site: Site) -> str:
    rows = _descendants_of_roots(site).live().in_menu().order_by("path").values_list("pk", "title", "url_path")
    return hashlib.blake2b(repr(list(rows)).encode(), digest_size=12).hexdigest()


def _cache() -> BaseCache:
    from django.core.cache import caches

    return caches[get_setting("CACHE_ALIAS")]


def prime_menus() -> None:
    """Remember each site's menu, so that the next menu change can be told from an unchanged one."""
    try:
        cache = _cache()
        for site in Site.objects.select_related("root_page"):
            cache.add(MENU_KEY.format(site_pk=site.pk), _menu_fingerprint(site), None)
    except Exception:
        logger.warning("page cache: could not remember the site menus", exc_info=True)


def menu_changed(page: Page) -> bool:
    """Whether the menu of ``page``'s site differs from the one remembered (unknown counts as changed)."""
    site = page.get_site()
    if site is None:
        return False
    key = MENU_KEY.format(site_pk=site.pk)
    current = _menu_fingerprint(site)
    try:
        cache = _cache()
        before = cache.get(key)
        cache.set(key, current, None)
    except Exception:
        return True
    return cast("bool", before != current)


def urls_for_site(site: Site | None) -> set[str]:
    """Every page of ``site`` in every language and the site's other URLs (feeds, sitemaps, routes)."""
    if site is None:
        return set()
    if not keys.enumerable(_descendants_of_roots(site).live().count()):
        return {SITE_WIDE}  # the site key, which every response carries, reaches them all
    urls: set[str] = set()
    for page in _descendants_of_roots(site).live().select_related("locale").only("url_path", "depth", "locale"):
        urls |= own_urls(page)
    return urls | _hook_urls(SITE_URLS_HOOK, site) | {SITE_WIDE}


def urls_for_all_sites() -> set[str]:
    urls: set[str] = set()
    for site in Site.objects.select_related("root_page"):
        urls |= urls_for_site(site)
    return urls

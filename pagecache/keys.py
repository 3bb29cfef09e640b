"""Cache keys (surrogate keys, cache tags): each response names what it shows; a change purges its keys.

Purging by URL means working out every URL that shows a changed object: for an author of 5,000
articles that is 5,000 pages' listings, feeds and translations, inside the editor's save. Instead
every public response carries the keys of what it shows (``xkey`` for Varnish's vmod_xkey,
``Surrogate-Key`` for Fastly, ``Cache-Tag`` for Cloudflare: ``PAGE_CACHE["KEY_HEADERS"]``), and a
change purges its few keys in one call, whatever the number of pages that show it:

* every response carries :data:`SITE_KEY` (a site-wide change: the publisher, the menu);
* a Wagtail page carries the key of its own path (``p`` + path: the page and the listings that
  show it) and a title key of each ancestor (``t`` + path: breadcrumbs and an article's section
  show their ancestors' titles; :func:`page_keys`); renaming a section purges its title key and
  so every page below it, republishing it with the same title only its own key;
* views and hooks add what else they show (:func:`add`; the ``pagecache_page_keys`` hook for a
  served page): ``object_key(author)`` on an article and on each listing that names it.

The application's own cache uses the same keys (:mod:`pagecache.store`: a generation per key,
checked on every hit); Varnish or a CDN get them through ``PAGE_CACHE["KEY_PURGE_BACKENDS"]``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from wagtail import hooks

from .conf import get_setting

logger = logging.getLogger(__name__)

#: Every response carries it: a change shown on every page of every site purges it.
SITE_KEY = "site"
PAGE_KEYS_HOOK = "pagecache_page_keys"
_ATTRIBUTE = "_pagecache_keys"
#: Treebeard's path step (Wagtail pages: four characters per level).
_STEP = 4


def enabled() -> bool:
    return bool(get_setting("KEYS"))


def object_key(obj: Any) -> str:
    """The key of a model instance (``articles.author-12``); a page's is its path key."""
    path = getattr(obj, "path", None)
    if isinstance(path, str) and hasattr(obj, "depth"):
        return path_key(path)
    return f"{obj._meta.label_lower}-{obj.pk}"


def path_key(path: str) -> str:
    """What shows the page at ``path`` itself: its own responses and the listings naming it."""
    return f"p{path}"


def title_key(path: str) -> str:
    """What shows the title or URL of the page at ``path`` below it (breadcrumbs, an article's section)."""
    return f"t{path}"


def page_keys(page: Any) -> list[str]:
    """The key of ``page``'s own path and the title keys of its ancestors below the tree's root (no query)."""
    path = page.path or ""
    ancestors = [title_key(path[:end]) for end in range(2 * _STEP, len(path), _STEP)]
    return [path_key(path), *ancestors] if path else []


def add(request: HttpRequest, keys: Iterable[str]) -> None:
    """Say that the response to ``request`` shows the objects named by ``keys``."""
    found = request.__dict__.setdefault(_ATTRIBUTE, set())
    found.update(key for key in keys if key)


def add_page(request: HttpRequest, page: Any) -> None:
    """A served page: its path keys and what the ``pagecache_page_keys`` hooks say it shows."""
    add(request, page_keys(page))
    for fn in hooks.get_hooks(PAGE_KEYS_HOOK):
        try:
            add(request, fn(page) or ())
        except Exception:  # a missing key makes a page stale for its TTL, never an error
            logger.exception("pagecache hook %s failed for %r", PAGE_KEYS_HOOK, page)


def response_keys(request: HttpRequest) -> list[str]:
    """The keys of the response to ``request``, :data:`SITE_KEY` first, the rest sorted."""
    return [SITE_KEY, *sorted(request.__dict__.get(_ATTRIBUTE, set()) - {SITE_KEY})]


def set_headers(response: HttpResponse, keys: list[str]) -> None:
    """Name ``keys`` in each of ``PAGE_CACHE["KEY_HEADERS"]`` (space-separated, as all three read them)."""
    value = " ".join(keys)
    for header in get_setting("KEY_HEADERS"):
        response[header] = value


def url_purge_limit() -> int | None:
    """How many pages a change may enumerate URL by URL; beyond it only keys are purged (None: no limit)."""
    if not enabled():
        return None
    return int(get_setting("URL_PURGE_LIMIT"))


def enumerable(count: int) -> bool:
    """Whether ``count`` pages are few enough to purge URL by URL as well as by key."""
    limit = url_purge_limit()
    return limit is None or count <= limit


def backends() -> list[Any]:
    """The configured key purge backends (``PAGE_CACHE["KEY_PURGE_BACKENDS"]``: dotted path -> params)."""
    found = []
    for path, params in (get_setting("KEY_PURGE_BACKENDS") or {}).items():
        try:
            found.append(import_string(path)(dict(params)))
        except Exception:
            logger.exception("page cache: key purge backend %s could not be set up", path)
    return found

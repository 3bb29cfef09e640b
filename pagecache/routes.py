"""Wagtail's routing from the cache: the page for a URL is loaded by id, not found level by level.

Wagtail finds a page by walking the tree from the site's root: the site, the locale, then a query
for each child and each ``.specific`` (seven queries for an article). The outcome for a host, port,
language and path is kept here: the site, and the page's id, type, ``url_path`` and how many path
components it stands for (the rest go to the page's own ``route``, such as a RoutablePage's).

A cached route is used only if the page loaded by id still has that ``url_path`` and its own
``route`` accepts the request (a page no longer live does not); otherwise Wagtail routes as usual.
A route is filed only once the page answered 2xx or 3xx: a RoutablePage's route that accepts any
slug (``/authors/<slug>/``) must not keep one entry per 404.
Publishing, unpublishing, moving or deleting any page and changing a site, a locale, a view
restriction or a site-wide model (``SITE_WIDE_MODELS``) start a new generation, after the commit
(a route worked out meanwhile is filed under the old one). A cache error routes as Wagtail does.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import translation
from wagtail.models import Page

from .conf import get_setting
from .store import log_error

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:routes:generation"


def _cache() -> Any:
    return caches[get_setting("CACHE_ALIAS")]


def _route_key(request: Any, path: str) -> str:
    # What Site.find_for_request looks at (the raw host, unchecked, and the port), and the language.
    where = f"{request._get_raw_host()}|{request.get_port()}|{translation.get_language()}|{path}"
    return "pagecache:route:" + hashlib.blake2b(where.encode(), digest_size=16).hexdigest()


def _components(path: str) -> list[str]:
    return [component for component in path.split("/") if component]


def new_generation() -> None:
    """Forget every cached route: now, and again after the commit."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception as error:  # routes expire by themselves (ROUTE_TIMEOUT)
        logger.warning("page cache: could not forget the cached routes: %s", error)


def _read(cache: Any, key: str) -> tuple[Any, Any]:
    """The current generation (begun here if the cache has none) and the entry under ``key``, in one
    round trip. Raises what the cache raises."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, generation, None):  # another process began one just now
            generation = cache.get(GENERATION_KEY)
        return generation, None
    return generation, found.get(key)


def _prime(request: HttpRequest, path: str) -> None:
    """Give ``request`` its site and Wagtail route from the cache, or cache the route Wagtail finds."""
    cache = _cache()
    key = _route_key(request, path)
    try:
        generation, entry = _read(cache, key)
    except Exception as error:
        log_error("read", error)
        return
    if generation is None:
        return
    if entry is not None and entry[0] == generation and _use(request, path, entry[1:]):
        return
    result = Page.route_for_request(request, path)  # kept on the request for Wagtail's serve view
    site = getattr(request, "_wagtail_site", None)
    if result is None or site is None:
        return  # not found: nothing cached (random paths cannot fill the cache)
    page = result[0]
    consumed = page.depth - site.root_page.depth
    if not 0 <= consumed <= len(_components(path)) or not _stands_for(page, _components(path)[:consumed]):
        return
    # Filed once the page has answered (RouteCacheMiddleware.__call__): a RoutablePage's route
    # accepts /authors/no-such-author/ and its view answers 404, which must not take a slot.
    entry = (generation, site, page.pk, page.content_type_id, page.url_path, consumed)
    request._pagecache_pending_route = (key, entry)  # type: ignore[attr-defined]


def _store_answered(request: HttpRequest, status: int) -> None:
    """File the route worked out for ``request`` if the page answered (2xx or 3xx)."""
    pending = getattr(request, "_pagecache_pending_route", None)
    if pending is None or not 200 <= status < 400:
        return
    key, entry = pending
    try:
        _cache().set(key, entry, get_setting("ROUTE_TIMEOUT"))
    except Exception as error:
        log_error("write", error)


def _stands_for(page: Page, components: list[str]) -> bool:
    """Whether ``components`` are the last slugs of the page's ``url_path`` (a sanity check)."""
    slugs = _components(page.url_path)
    return not components or slugs[-len(components) :] == components


def _use(request: Any, path: str, entry: tuple[Any, ...]) -> bool:
    site, page_id, content_type_id, url_path, consumed = entry
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return False
    page: Any = model._default_manager.filter(pk=page_id).first()
    if page is None or page.url_path != url_path:
        return False
    try:
        result = page.route(request, _components(path)[consumed:])
    except Http404:
        return False  # Wagtail's own routing gives the answer (a 404, or a page that took the path)
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = site
    request._wagtail_route_for_request = result
    return True


def kept_until_site_changes(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in the cache with the routes' generation.

    For what every page shows and only a change of the site's structure changes: which page is a
    site's authors index, a page's language versions, a section, the newsletter. A new generation
    starts when a page is published, unpublished, moved or deleted, and when a site, a locale, a
    view restriction or one of ``SITE_WIDE_MODELS`` changes. A cache error computes.
    """
    cache = _cache()
    key = f"pagecache:tree:{name}"
    try:
        generation, entry = _read(cache, key)
    except Exception as error:
        log_error("read", error)
        return compute()
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    if generation is not None:
        try:
            cache.set(key, (generation, value), get_setting("ROUTE_TIMEOUT"))
        except Exception as error:
            log_error("write", error)
    return value


class RouteCacheMiddleware:
    """Primes Wagtail's serve view with the cached route (``process_view``: after URL resolution)."""

    def __init__(self, get_response: Any) -> None:
        from wagtail.views import serve  # loads the page model: not while models load (articles imports us)

        self.get_response = get_response
        self.wagtail_serve = serve

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        _store_answered(request, response.status_code)
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        if (
            view_func is self.wagtail_serve
            and get_setting("ROUTE_TIMEOUT")
            and not hasattr(request, "_wagtail_route_for_request")
        ):
            _prime(request, view_kwargs.get("path", view_args[0] if view_args else ""))

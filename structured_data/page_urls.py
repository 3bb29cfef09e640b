"""Page URLs for a graph, exactly as ``page.get_full_url(request)`` gives them, without a ``reverse()`` each.

A graph names a handful of pages (the page, its breadcrumb, a listing's items), and Wagtail's
``get_url_parts`` reverses ``wagtail_serve`` for each: a resolver lookup and several thread-local
reads, the costliest part of a page URL. ``reverse`` builds the URL as the route's prefix followed
by the argument, percent-encoded character by character, so a page's URL is its site's root URL,
the route reversed for the empty path (worked out once) and its encoded path below the site root.

Left to Wagtail, so that they come out exactly as before: pages whose class overrides a method
``get_full_url`` goes through (custom routing), and paths ``wagtail_serve`` would not accept. Like
Wagtail, this takes ``wagtail_serve`` to be the route ``wagtail.urls`` defines (under any prefix).
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from operator import attrgetter
from typing import Any, cast
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, URLResolver, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site
from wagtail.models import pages as wagtail_pages
from wagtail.urls import serve_pattern

#: What ``wagtail_serve`` accepts (``reverse`` checks the argument against it the same way).
_SERVE_PATH = re.compile(serve_pattern)
#: A path percent-encoded as ``reverse`` encodes it (RFC 3986 ``pchar`` left as is), kept per path.
_encoded_path = lru_cache(maxsize=4096)(partial(quote, safe=RFC3986_SUBDELIMS + "/~:@"))
#: Every ``Page`` method ``get_full_url`` goes through, and Wagtail's own definitions of them: a page
#: class whose methods are not these (overridden, or patched later) makes its URLs its own way.
_url_methods = attrgetter(
    "get_full_url", "get_url_parts", "get_url", "_get_relevant_site_root_paths", "_get_site_root_paths"
)
_WAGTAIL_URL_METHODS = _url_methods(Page)


def has_wagtail_urls(model: type[Page]) -> bool:
    """Whether ``model`` makes its URLs with Wagtail's own methods, so they can be computed from its
    ``url_path`` and the sites' root paths without asking each page."""
    return _url_methods(model) == _WAGTAIL_URL_METHODS


class PageUrls:
    """``page.get_full_url(request)`` for the pages of one graph (see the module docstring).

    The route's prefix is kept per language for the life of this object (one graph build, within
    one request, whose URLconf and script prefix do not change), and per process by everything
    ``reverse`` reads (:func:`_serve_prefix`); the sites' root URLs are Wagtail's own, cached on
    the request as ``get_url_parts`` caches them.
    """

    def __init__(self, request: Any = None) -> None:
        self.request = request
        self._serve_prefixes: dict[str | None, str | None] = {}

    def full_url(self, page: Page) -> str | None:
        """The page's full URL, or None if it is not routable (what ``get_full_url`` returns)."""
        if not has_wagtail_urls(type(page)):
            return cast("str | None", page.get_full_url(self.request))
        # What Page.get_url_parts does, up to the reverse() it makes.
        url_path = page.url_path
        possible_sites = [
            root for root in page._get_site_root_paths(self.request) if url_path.startswith(root.root_path)
        ]
        if not possible_sites:
            return None
        site_id, root_path, root_url, language_code = possible_sites[0]
        if isinstance(self.request, HttpRequest) and any(root[0] != site_id for root in possible_sites):
            site = Site.find_for_request(self.request)
            if site:
                for values in possible_sites:
                    if values[0] == site.pk:
                        site_id, root_path, root_url, language_code = values
                        break
        relative_path = url_path[len(root_path) :]
        if relative_path.startswith("/") or not _SERVE_PATH.search(relative_path):
            # reverse() refuses what the route does not match, and escapes a URL starting "//".
            return cast("str | None", page.get_full_url(self.request))
        prefix = self._serve_prefix_for(language_code)
        if prefix is None:
            return None  # wagtail_serve is not routed (headless)
        page_path = prefix + _encoded_path(relative_path)
        if not wagtail_pages.WAGTAIL_APPEND_SLASH and page_path != "/":
            page_path = page_path.rstrip("/")
        return cast("str | None", root_url + page_path)

    def _serve_prefix_for(self, site_language: str) -> str | None:
        """``reverse("wagtail_serve", args=[""])`` in the language ``get_url_parts`` reverses in."""
        active = translation.get_language()  # i18n_patterns prefix URLs with it
        language = active
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            language = site_language
            try:
                if get_supported_content_language_variant(active) == site_language:
                    language = active
            except LookupError:
                pass
        if language not in self._serve_prefixes:
            self._serve_prefixes[language] = _serve_prefix(get_resolver(get_urlconf()), get_script_prefix(), language)
        return self._serve_prefixes[language]


@lru_cache(maxsize=64)
def _serve_prefix(resolver: URLResolver, script_prefix: str, language: str | None) -> str | None:
    """``reverse("wagtail_serve", args=[""])`` with ``language`` active, or None if it is not routed.

    That is all it depends on: the URLconf's resolver (a changed URLconf gets a new one), the
    script prefix and the active language (``i18n_patterns``), which ``reverse`` reads as the key did.
    """
    try:
        if translation.get_language() == language:
            return reverse("wagtail_serve", args=("",))
        with translation.override(language):
            return reverse("wagtail_serve", args=("",))
    except NoReverseMatch:
        return None

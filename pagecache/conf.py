"""The ``PAGE_CACHE`` setting: one dict, every key with its default here, read on every use (so
``override_settings`` works in tests). A key this module does not know is an ``ImproperlyConfigured``
naming it, and ``manage.py check`` reports it (``pagecache.E001``): a misspelt key never does nothing.

The defaults know no site: a project names its own paths, parameters and models in its settings.
"""

from __future__ import annotations

from typing import Any

from structured_data import AppSettings

SETTING = "PAGE_CACHE"

DEFAULTS: dict[str, Any] = {
    # The application's full-page cache (anonymous GET and HEAD); headers are sent either way.
    "ENABLED": True,
    # Which of settings.CACHES holds the pages (Redis in production, local memory by default).
    "CACHE_ALIAS": "default",
    # Seconds a page stays in the application cache; purges make changed pages fresh before that.
    "TIMEOUT": 600,
    # Seconds a page's route (URL path to page, pagecache/routes.py) is kept; 0: Wagtail routes
    # every request. Any page published, unpublished, moved or deleted starts over sooner.
    "ROUTE_TIMEOUT": 600,
    # Seconds the site-wide template fragments (header, footer) are kept; 0: rendered every time.
    "FRAGMENT_TIMEOUT": 600,
    # Cache-Control ages: browsers (max-age), shared caches such as Varnish or a CDN (s-maxage,
    # purged on change), and how long a shared cache may serve a stale copy while it refetches.
    "MAX_AGE": 60,
    "S_MAXAGE": 600,
    "STALE_WHILE_REVALIDATE": 30,
    "STALE_IF_ERROR": 86400,
    # How purges reach Varnish or a CDN (wagtail.contrib.frontend_cache's task): "inline", right
    # after the change commits, in the process that made it (a publication is visible through the
    # CDN within the second; a slow purge API slows the editor's request), or "task", through the
    # task queue (durable; visible once a worker picks it up: up to its polling interval later).
    "FRONTEND_PURGE": "inline",
    # Cache keys (pagecache/keys.py): each public response names what it shows in KEY_HEADERS
    # ("xkey" for Varnish's vmod_xkey, "Surrogate-Key" for Fastly, "Cache-Tag" for Cloudflare), and a
    # change purges its keys in one call: in the application cache (a generation per key) and
    # through each KEY_PURGE_BACKENDS entry (dotted path -> params, like WAGTAILFRONTENDCACHE).
    "KEYS": True,
    "KEY_HEADERS": ("xkey",),
    "KEY_PURGE_BACKENDS": {},
    # A change shown on more pages than this (an author of 5,000 articles, the publisher) purges
    # its keys only, not each page's URLs too (those would be worked out inside the editor's save).
    "URL_PURGE_LIMIT": 10,
    # Query parameters that change what a cached URL shows; every other parameter (utm_*,
    # fbclid, gclid, cache busters) is left out of the key. A view that reads another parameter
    # adds it here (or marks its responses private): the page cache does not store an answer
    # whose view read a parameter left out (pagecache/params.py). "page" pages a listing; "p" is
    # a sitemap's page (Django's and Wagtail's sitemap views). A site adds its own.
    "KEY_PARAMS": ("page", "p"),
    # The values of a key parameter that make a variant of their own (a regular expression the
    # whole value must match). Any other value (``?page=a``) is served uncached: junk neither
    # creates variants nor takes the slots of real ones. A parameter not listed takes any value.
    "KEY_PARAM_VALUES": {
        "page": r"[1-9][0-9]{0,5}",
        "p": r"[1-9][0-9]{0,5}",
    },
    # Parameters that page through a listing: at most MAX_VARIANTS variants of one path carry
    # one (``?page=2`` .. ``?page=N``). The others (the canonical URL, another key parameter such
    # as ``?format=jsonld``) always have a slot: their values are bounded by KEY_PARAM_VALUES.
    "PAGING_PARAMS": ("page", "p"),
    "MAX_VARIANTS": 8,
    # Bodies larger than this are not stored.
    "MAX_BODY_BYTES": 2 * 1024 * 1024,
    # Never looked up or stored in the application cache: Wagtail's admin and documents, static and
    # media files. A site adds its own (forms, webhooks, health checks).
    "EXCLUDED_PATHS": ("/admin/", "/documents/", "/static/", "/media/"),
    # Always ``private, no-store`` (personal): the admin and its previews.
    "PRIVATE_PATHS": ("/admin/",),
    # Objects whose change shows on every page of every site (footer, header, site-wide settings):
    # "app_label.ModelName". A site adds its site-wide settings and snippets.
    "SITE_WIDE_MODELS": ("wagtailcore.Site",),
    # Other models whose objects pages are built from ("app_label.ModelName"), watched besides the
    # image model and the models with a registered structured-data schema.
    "WATCHED_MODELS": (),
}


PAGE_CACHE = AppSettings(SETTING, DEFAULTS, check_id="pagecache.E001")
PAGE_CACHE.register_check()


def get_setting(name: str) -> Any:
    """``PAGE_CACHE[name]``, or its default."""
    return PAGE_CACHE.get(name)

"""The plugin's settings, read through one accessor with documented defaults.

A project overrides any of them in one dict::

    STRUCTURED_DATA = {
        "IMAGE_CROPS": {"16x9": "fill-1600x900", "4x3": "fill-1600x1200", "1x1": "fill-1600x1600"},
        "SITE_NODES_CACHE_TIMEOUT": 60,
    }

Unknown keys raise ``ImproperlyConfigured`` so that a misspelt setting is never silently ignored, and
``manage.py check`` reports them (``structured_data.E001``).
"""

from __future__ import annotations

from typing import Any

from .app_settings import AppSettings

#: Every setting the plugin reads, with its default and why it exists.
DEFAULTS: dict[str, Any] = {
    # Turn the template tags into no-ops (the graph is still available from Python).
    "ENABLED": True,
    # Focal-point crops of a page's lead image, as {label: Wagtail rendition spec}. Google wants
    # 16:9, 4:3 and 1:1, each at least 1200 px wide where the original allows. ``fill`` never
    # upscales: a smaller original gives the largest crop of that ratio it has.
    "IMAGE_CROPS": {"16x9": "fill-1200x675", "4x3": "fill-1200x900", "1x1": "fill-1200x1200"},
    # A single uncropped rendition for photos that are not the lead (body photos).
    "IMAGE_SPEC": "width-1200",
    # Renditions with fewer pixels than this are left out of the graph (Google ignores them).
    "MIN_IMAGE_PIXELS": 50_000,
    # The publisher logo's rendition; ``max`` keeps its proportions and never upscales.
    "LOGO_SPEC": "max-600x600",
    # Google's minimum logo size, in pixels per side (system check structured_data.W003).
    "MIN_LOGO_SIZE": 112,
    # Context key where a view (e.g. a RoutablePage route) puts the object it shows, so that the
    # page's JSON-LD describes that object (see docs/plugin/index.md).
    "CONTEXT_OBJECT_KEY": "structured_data_object",
    # The publisher and WebSite nodes are built once per site and cached for this many seconds
    # (invalidated when the publisher setting, its logo, a site or a page changes). 0 disables.
    "SITE_NODES_CACHE_TIMEOUT": 3600,
    # Django cache alias for the site-wide nodes.
    "CACHE_ALIAS": "default",
    # URL schemes that may appear in the graph; anything else (javascript:, data:, ...) is dropped.
    "ALLOWED_URL_SCHEMES": ("http", "https"),
    # The content of <meta name="robots">, rendered by {% social_meta %}. "" leaves it out.
    "ROBOTS": "max-image-preview:large",
    # Maximum ListItems in a listing's ItemList.
    "ITEM_LIST_LENGTH": 20,
    # Check a page's structured data when an editor publishes it (errors are shown as warnings).
    "CHECK_ON_PUBLISH": True,
    # Refuse to publish a page whose structured data has errors (the draft is still saved).
    "BLOCK_PUBLISH_ON_ERRORS": False,
    # Pages loaded (and prefetched) together by ``export_structured_data``: memory and queries are
    # bounded per batch, whatever the number of pages.
    "EXPORT_BATCH_SIZE": 1000,
    # Seconds a client may reuse a page's JSON-LD (``?format=jsonld``) before revalidating it.
    "ENDPOINT_MAX_AGE": 300,
    # IPTC Media Topics for the news formats (ninjs, NewsML-G2): {section or tag name: code}, names
    # matched case-insensitively, codes as "04000000" or "medtop:04000000". Unmapped names are still
    # exported, as plain subjects (ninjs) or keywords (NewsML-G2).
    "MEDIA_TOPICS": {},
    # The admin's structured-data report filters by author: by default the names of the ``author``s the
    # page's graph holds. A dotted path to (or a) function ``f(page) -> list[str]`` names them instead.
    "REPORT_AUTHOR_NAMES": None,
}


STRUCTURED_DATA = AppSettings("STRUCTURED_DATA", DEFAULTS, check_id="structured_data.E001")
STRUCTURED_DATA.register_check()


def get_setting(name: str) -> Any:
    """The value of ``STRUCTURED_DATA[name]``, or its documented default."""
    return STRUCTURED_DATA.get(name)

"""The import's settings, each with a documented default, read through one accessor.

Override any of them in Django settings with the ``ARTICLE_IMPORT_`` prefix, e.g.
``ARTICLE_IMPORT_MAX_PAGE_BYTES = 5 * 1024 * 1024``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Loopback addresses (127.0.0.0/8, ::1) are refused like every other internal address unless this
    # is True. Tests turn it on to serve pages from 127.0.0.1; private ranges stay refused regardless.
    "ALLOW_LOOPBACK": False,
    "CONNECT_TIMEOUT": 5.0,  # seconds to open a connection
    "READ_TIMEOUT": 10.0,  # seconds to wait for any one read
    "DEADLINE": 30.0,  # seconds for one whole fetch, redirects included
    "MAX_REDIRECTS": 5,
    "MAX_PAGE_BYTES": 10 * 1024 * 1024,  # a page, counted both as received and as decompressed
    "MAX_IMAGE_BYTES": 20 * 1024 * 1024,  # an image, likewise
    "MAX_IMAGE_PIXELS": 60_000_000,  # refuse decompression-bomb images before decoding them
    "MAX_TEXT_NODE_CHARS": 1_000_000,  # a longer text node is reported, not imported
    "MAX_DEPTH": 255,  # libxml2 stops at 256 levels without huge_tree; deeper pages are reported
    "USER_AGENT": "NewsroomImporter/1.0 (+https://github.com/newsroom)",
    "DEFAULT_SECTION": "News",  # the section for articles that do not name one
}


def get_setting(name: str) -> Any:
    return getattr(settings, f"ARTICLE_IMPORT_{name}", DEFAULTS[name])

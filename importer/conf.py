"""The import's settings: ``settings.ARTICLE_IMPORT``, each key with its default here, read on every use.

    ARTICLE_IMPORT = {"MAX_PAGE_BYTES": 5 * 1024 * 1024}

A key this module does not know is an ``ImproperlyConfigured`` naming it, and ``manage.py check``
reports it (``importer.E001``). The flat names of earlier releases (``ARTICLE_IMPORT_MAX_PAGE_BYTES``)
still work, with a ``DeprecationWarning`` (``manage.py check``: ``importer.W001``); a key in the dict
wins over its flat name.
"""

from __future__ import annotations

from typing import Any

from structured_data import AppSettings

SETTING = "ARTICLE_IMPORT"

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


ARTICLE_IMPORT = AppSettings(SETTING, DEFAULTS, check_id="importer.E001", flat_prefix=f"{SETTING}_")
ARTICLE_IMPORT.register_check()


def get_setting(name: str) -> Any:
    """``ARTICLE_IMPORT[name]``, else the deprecated ``ARTICLE_IMPORT_<name>``, else the default."""
    return ARTICLE_IMPORT.get(name)

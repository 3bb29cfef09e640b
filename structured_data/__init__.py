"""schema.org JSON-LD for Wagtail pages: one graph per page, from schemas registered per model.

The public API is ``__all__`` below, importable from the package itself (``from structured_data
import PageSchema, register``) and documented in docs/plugin/reference.md ("Public API"); so is the standalone
module :mod:`structured_data.safe_fetch`. Every other module is internal and may change. Names
load on first use (PEP 562), so importing the package does not import models before apps are ready.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

#: Public name -> the internal module that defines it.
_PUBLIC = {
    # Schemas and their registry.
    "Schema": "schema",
    "PageSchema": "schema",
    "ImageSchema": "schema",
    "PAGE_PROPERTIES": "schema",
    "register": "registry",
    "schema_registry": "registry",
    # Graphs and output.
    "build_graph": "graph",
    "render_json_ld": "rendering",
    "json_ld_url": "endpoint",
    "format_urls": "endpoint",
    "negotiates": "endpoint",
    # The IPTC news formats (ninjs, NewsML-G2), built from the same graph.
    "build_news_item": "formats",
    "register_format": "formats",
    "get_news_format": "formats",
    "news_items_for": "formats.export",
    "ninjs_items_for": "formats.export",
    # Settings: the plugin's own and the publisher's (per site, in the admin); the accessor class
    # every settings dict of the plugin (and of the apps around it) is read through.
    "get_setting": "conf",
    "AppSettings": "app_settings",
    "PolicyKind": "models",
    "PublisherPolicy": "models",
    "PublisherSettings": "models",
    "PublisherSocialLink": "models",
    # What a visitor may see.
    "visible_pages": "visibility",
    "is_published": "visibility",
    "restricted_paths": "visibility",
    # Values as schema.org, XML and feeds want them.
    "html_to_text": "values",
    "iso_datetime": "values",
    "word_count": "values",
    "xml_safe": "values",
    "xml_text": "values",
    # Pages: ancestors, URLs, prefetching, sitemaps and the editor's preview.
    "page_ancestors": "utils",
    "PageUrls": "page_urls",
    "has_wagtail_urls": "page_urls",
    "prefetch_stream_fields": "prefetch",
    "SiteRequest": "site_request",
    "VisiblePagesSitemap": "sitemaps",
    "StructuredDataPreviewMixin": "editor",
    # Stored graphs and their dependency records.
    "page_changed": "stored",
    "storing_deferred": "stored",
    "rebuild_graphs": "export",
    "pages_built_from": "dependents",
    "pages_reading_page": "dependents",
}

_ALIASES = {"schema_registry": "registry", "get_news_format": "get_format"}

__all__ = [
    "PAGE_PROPERTIES",
    "AppSettings",
    "ImageSchema",
    "PageSchema",
    "PageUrls",
    "PolicyKind",
    "PublisherPolicy",
    "PublisherSettings",
    "PublisherSocialLink",
    "Schema",
    "SiteRequest",
    "StructuredDataPreviewMixin",
    "VisiblePagesSitemap",
    "__version__",
    "build_graph",
    "build_news_item",
    "format_urls",
    "get_news_format",
    "get_setting",
    "has_wagtail_urls",
    "html_to_text",
    "is_published",
    "iso_datetime",
    "json_ld_url",
    "negotiates",
    "news_items_for",
    "ninjs_items_for",
    "page_ancestors",
    "page_changed",
    "pages_built_from",
    "pages_reading_page",
    "prefetch_stream_fields",
    "rebuild_graphs",
    "register",
    "register_format",
    "render_json_ld",
    "restricted_paths",
    "schema_registry",
    "storing_deferred",
    "visible_pages",
    "word_count",
    "xml_safe",
    "xml_text",
]

if TYPE_CHECKING:
    from .app_settings import AppSettings
    from .conf import get_setting
    from .dependents import pages_built_from, pages_reading_page
    from .editor import StructuredDataPreviewMixin
    from .endpoint import format_urls, json_ld_url, negotiates
    from .formats import build_news_item, register_format
    from .formats import get_format as get_news_format
    from .formats.export import news_items_for, ninjs_items_for
    from .graph import build_graph
    from .models import PolicyKind, PublisherPolicy, PublisherSettings, PublisherSocialLink
    from .page_urls import PageUrls, has_wagtail_urls
    from .prefetch import prefetch_stream_fields
    from .registry import register
    from .registry import registry as schema_registry
    from .rendering import render_json_ld
    from .schema import PAGE_PROPERTIES, ImageSchema, PageSchema, Schema
    from .site_request import SiteRequest
    from .sitemaps import VisiblePagesSitemap
    from .stored import page_changed, storing_deferred
    from .utils import page_ancestors
    from .values import html_to_text, iso_datetime, word_count, xml_safe, xml_text
    from .visibility import is_published, restricted_paths, visible_pages


def __getattr__(name: str) -> Any:
    try:
        module = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(f".{module}", __name__), _ALIASES.get(name, name))
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})

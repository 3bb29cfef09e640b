"""A sitemap of every visible page, by the one visibility rule (Wagtail's own lists unexpired,
not-yet-live and alias pages, which the rule leaves out)."""

from __future__ import annotations

from typing import Any

from wagtail.contrib.sitemaps import Sitemap

from .visibility import visible_pages


class VisiblePagesSitemap(Sitemap):
    """Each page's ``get_sitemap_urls()`` (a RoutablePage adds its routes, e.g. author profiles)."""

    def items(self) -> Any:
        site = self.get_wagtail_site()
        return visible_pages(site=site).order_by("path").defer_streamfields().specific()

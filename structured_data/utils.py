"""Small helpers shared by the graph and by templates that show the same data."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page, Site

from .site_cache import kept_with_site_nodes


def page_ancestors(page: Page, request: Any = None) -> list[Page]:
    """The page's ancestors from its site's root page down, then the page itself.

    Looked up once per request and page, so a breadcrumb in the HTML and the BreadcrumbList in
    the JSON-LD cost one query between them (none on the site's root page). The page itself is
    the instance given, so a preview shows its draft title in both.
    """
    site = Site.find_for_request(request) if request is not None else page.get_site()
    if site is None or not page.path:
        return [page]
    root = site.root_page
    # With Wagtail's i18n a page may sit below a translation of the site's root page (checked below).
    if page.depth <= root.depth or (not page.path.startswith(root.path) and not page.translation_key):
        return [page]
    memo = None
    parent_path = page.path[: -page.steplen]  # siblings share their ancestors: one query per parent
    if request is not None:
        memo = request.__dict__.setdefault("_structured_data_ancestors", {})
        if parent_path in memo:
            return [*memo[parent_path], page]
    ancestors = _ancestors_of(page, root)
    if ancestors and ancestors[0].pk != root.pk and ancestors[0].translation_key != root.translation_key:
        ancestors = []  # not in this site
    if not ancestors and not page.path.startswith(root.path):
        if memo is not None:
            memo[parent_path] = []
        return [page]
    if memo is not None:
        memo[parent_path] = ancestors
    return [*ancestors, page]


def _ancestors_of(page: Page, root: Page) -> list[Page]:
    """From the cache while no page changes (:mod:`structured_data.site_cache`): every page asks."""
    ancestors: list[Page] = kept_with_site_nodes(
        f"ancestors:{root.pk}:{page.path[: -page.steplen]}",
        lambda: list(Page.objects.ancestor_of(page).filter(depth__gte=root.depth).order_by("depth")),
    )
    return ancestors

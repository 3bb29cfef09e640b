"""The one visibility rule for everything that leaves the site in bulk.

Page JSON-LD, the JSON-LD endpoint, bulk export, sitemaps, feeds and the newsletter digest all ask
this module which pages may appear. A page is visible only if it is live, public (no view
restriction on it or any ancestor), its go-live time has passed, it has not expired (even when the
expiry job has not run yet), it is not an alias of another page, and it belongs to the requested
site. What is shown of a visible page is its published content: page rows hold the published
revision; drafts live only in revisions, which nothing here reads.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from .conf import get_setting

logger = logging.getLogger(__name__)

RESTRICTED_PATHS_KEY = "structured_data:restricted-paths"
#: Dropped on every restriction change; the timeout bounds how long a failed drop could last.
RESTRICTED_PATHS_TIMEOUT = 60


def visible_pages(
    queryset: PageQuerySet | None = None, *, site: Site | None = None, now: datetime.datetime | None = None
) -> PageQuerySet:
    """Filter ``queryset`` (default: all pages) down to what the public may see in any output."""
    queryset = Page.objects.all() if queryset is None else queryset
    now = now or timezone.now()
    queryset = (
        public(queryset.live())
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .filter(alias_of__isnull=True)
    )
    if site is not None:
        queryset = in_site(queryset, site)
    return queryset


def restricted_paths() -> list[str]:
    """The tree paths of the pages with a view restriction (their subtrees are private), from the cache.

    Wagtail's ``PageQuerySet.public()`` queries the restrictions each time it is used, several times
    per page served; the list is short and changes rarely.
    """
    cache = caches[get_setting("CACHE_ALIAS")]
    try:
        paths = cache.get(RESTRICTED_PATHS_KEY)
    except Exception:
        paths = None
    if paths is None:
        paths = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        try:
            cache.set(RESTRICTED_PATHS_KEY, paths, RESTRICTED_PATHS_TIMEOUT)
        except Exception as error:
            logger.warning("structured_data: could not cache the restricted paths: %s", error)
    return paths


def forget_restricted_paths() -> None:
    """Called when a view restriction changes: now, and again after the commit (a reader may have
    cached the list from before the change in between)."""
    _forget_restricted_paths()
    transaction.on_commit(_forget_restricted_paths)


def _forget_restricted_paths() -> None:
    try:
        caches[get_setting("CACHE_ALIAS")].delete(RESTRICTED_PATHS_KEY)
    except Exception as error:  # the list expires by itself
        logger.warning("structured_data: could not forget the restricted paths: %s", error)


def public(queryset: PageQuerySet) -> PageQuerySet:
    """``queryset.public()`` from the cached list of restricted paths: no query of its own."""
    condition = Q()
    for path in restricted_paths():
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition) if condition else queryset


def in_site(queryset: PageQuerySet, site: Site) -> PageQuerySet:
    """Pages of ``site``: below its root page and, with Wagtail's i18n, below each translation of it.

    Wagtail's own ``in_site`` knows only the root page, so without this a site's French pages
    (under the French translation of its home page) would belong to no site.
    """
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return queryset.in_site(site)
    paths = getattr(site, "_structured_data_root_paths", None)
    if paths is None:
        root = site.root_page
        paths = list(
            Page.objects.filter(translation_key=root.translation_key, depth=root.depth).values_list("path", flat=True)
        )
        paths = paths or [root.path]
        site._structured_data_root_paths = paths  # per Site instance: per request with find_for_request
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return queryset.filter(condition)


def is_published(page: Page, *, now: datetime.datetime | None = None) -> bool:
    """Everything in the rule that needs no query: live, not an alias, go-live passed, not expired.

    Where Wagtail has already enforced the page's view restrictions for the request (serving the
    page), this is the rest of the rule: the page's own JSON-LD and the JSON-LD endpoint use it.
    """
    now = now or timezone.now()
    if not page.live or page.alias_of_id is not None:
        return False
    if page.go_live_at and page.go_live_at > now:
        return False
    return not (page.expire_at and page.expire_at <= now)

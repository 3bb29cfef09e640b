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
import uuid
from typing import Any, cast

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
RESTRICTED_VERSION_KEY = "structured_data:restricted-paths-version"
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
    per page served; the list is short and changes rarely. The list is kept with the version it
    was read under and used only while that version is current: a restriction change starts a
    new version (now and after its commit), so a list read just before the change commits is
    never used after it, nor stored over the fresh one.
    """
    cache = caches[get_setting("CACHE_ALIAS")]
    try:
        found = cache.get_many([RESTRICTED_PATHS_KEY, RESTRICTED_VERSION_KEY])
    except Exception:
        return _read_restricted_paths()
    version, entry = found.get(RESTRICTED_VERSION_KEY), found.get(RESTRICTED_PATHS_KEY)
    if version is not None and isinstance(entry, tuple) and entry[0] == version:
        return cast("list[str]", entry[1])
    paths = _read_restricted_paths()
    _store_restricted_paths(cache, version, paths)
    return paths


def _read_restricted_paths() -> list[str]:
    return sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))


def _store_restricted_paths(cache: Any, version: str | None, paths: list[str]) -> None:
    """Keep ``paths`` under ``version`` if it is still the current one (check, then set)."""
    try:
        if version is None:  # a new (or flushed) cache: begin a version; another process may have
            version = uuid.uuid4().hex
            if not cache.add(RESTRICTED_VERSION_KEY, version, None):
                return
        elif cache.get(RESTRICTED_VERSION_KEY) != version:
            return  # a restriction changed while the list was read
        cache.set(RESTRICTED_PATHS_KEY, (version, paths), RESTRICTED_PATHS_TIMEOUT)
    except Exception as error:
        logger.warning("structured_data: could not cache the restricted paths: %s", error)


def forget_restricted_paths() -> None:
    """Called when a view restriction changes: a new version now, and after the commit a new one
    with the list read again (a reader may have read the list from before the change in between)."""
    _new_restricted_paths_version()
    transaction.on_commit(_recompute_restricted_paths)


def _new_restricted_paths_version() -> str | None:
    version = uuid.uuid4().hex
    try:
        caches[get_setting("CACHE_ALIAS")].set(RESTRICTED_VERSION_KEY, version, None)
    except Exception as error:  # the list expires by itself
        logger.warning("structured_data: could not forget the restricted paths: %s", error)
        return None
    return version


def _recompute_restricted_paths() -> None:
    version = _new_restricted_paths_version()
    if version is not None:
        _store_restricted_paths(caches[get_setting("CACHE_ALIAS")], version, _read_restricted_paths())


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

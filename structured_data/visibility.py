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

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet


def visible_pages(
    queryset: PageQuerySet | None = None, *, site: Site | None = None, now: datetime.datetime | None = None
) -> PageQuerySet:
    """Filter ``queryset`` (default: all pages) down to what the public may see in any output."""
    queryset = Page.objects.all() if queryset is None else queryset
    now = now or timezone.now()
    queryset = (
        queryset.live()
        .public()
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .filter(alias_of__isnull=True)
    )
    if site is not None:
        queryset = queryset.in_site(site)
    return queryset


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

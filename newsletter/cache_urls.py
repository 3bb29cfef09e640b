"""The archive pages (``/newsletters/<slug>/<date>/``) that show a page: for the page cache's purges.

An archived edition lists the stories its editors curated and the day's other stories (those
published in the 24 hours before its send time), each through the visibility rule when the page is
rendered: an article unpublished, restricted, renamed or moved changes the archive pages of the
editions that list it, and only those. Registered as ``pagecache_*_urls`` hooks in
``wagtail_hooks.py``; nothing here imports the articles app (dates are read by duck typing).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

from .digest import article_model
from .links import archive_url
from .mail import newsletter_site
from .models import Edition, Newsletter


def _base(site: Site | None) -> str | None:
    return site.root_url if site is not None else None


def _page_date(page: Any) -> datetime.datetime | None:
    """What the digest's window is matched against (``effective_date``: publication date, else first publication)."""
    return getattr(page, "publication_date", None) or page.first_published_at


def _window_dates(newsletter: Newsletter, moment: datetime.datetime) -> list[datetime.date]:
    """The edition dates whose 24-hour window before send time holds ``moment``."""
    local = timezone.localtime(moment, newsletter.zone).date()
    candidates = (local, local + datetime.timedelta(days=1))
    return [
        day
        for day in candidates
        if newsletter.send_datetime(day) - datetime.timedelta(hours=24) <= moment < newsletter.send_datetime(day)
    ]


def _editions_urls(editions: Any) -> set[str]:
    urls: set[str] = set()
    for edition in editions.select_related("newsletter__site"):
        base = _base(newsletter_site(edition.newsletter))
        if base:
            urls.add(archive_url(base, edition.newsletter, edition.date, edition.language))
    return urls


def page_urls(page: Any) -> set[str]:
    """Archive pages of sent editions that list ``page``: curated in them, or in their day's window."""
    if not isinstance(page, article_model()):
        return set()
    # Curated as any language's version of it: each language's edition shows its own.
    versions = article_model().objects.filter(translation_key=page.translation_key).values("pk")
    condition = Q(items__page_id=page.pk) | Q(items__page_id__in=versions)
    moment = _page_date(page)
    if moment is not None:
        for newsletter in Newsletter.objects.all():
            dates = _window_dates(newsletter, moment)
            if dates:
                condition |= Q(newsletter=newsletter, date__in=dates)
    return _editions_urls(Edition.objects.filter(condition, rendered_at__isnull=False).distinct())


def object_urls(obj: Any) -> set[str]:
    """A sent edition edited (its subject, intro or stories): its own archive page."""
    if isinstance(obj, Edition) and obj.rendered_at is not None:
        return _editions_urls(Edition.objects.filter(pk=obj.pk))
    return set()


def site_urls(site: Site) -> set[str]:
    """Every archived edition of the site's newsletters (a site-wide change: header, footer, names)."""
    editions = Edition.objects.filter(rendered_at__isnull=False)
    if not site.is_default_site:
        editions = editions.filter(newsletter__site=site)
    else:  # newsletters without a site are the default site's (``newsletter_site``)
        editions = editions.filter(Q(newsletter__site=site) | Q(newsletter__site__isnull=True))
    return _editions_urls(editions)

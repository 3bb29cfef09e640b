"""Date archives: ``/<yyyy>/``, ``/<yyyy>/<mm>/`` and ``/<yyyy>/<mm>/<dd>/`` in each language.

A day lists every visible article published that day in the newsroom's time zone
(``settings.TIME_ZONE``, whatever zone a request activates), grouped by section, with links to the
nearest earlier and later days that have stories; a month lists its days, a year its months. An
empty period answers 404. Every query selects on ``ArticlePage.listing_date`` (indexed), so the
cost does not grow with the archive: a handful of queries per page, whatever its size.

The patterns come before Wagtail's catch-all, so a page whose slug is four digits (a section
called "2024") would be hidden by them; the view hands such a path to Wagtail first.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import TruncDay, TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Page, Site

from pagecache.decorators import public_cache

from .json_ld import with_json_ld
from .models import ArticlePage
from .translations import localized_root


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:02d}"


def newsroom_zone() -> datetime.tzinfo:
    """The newsroom's own time zone: a day is its day, not the reader's or the request's."""
    return timezone.get_default_timezone()


@dataclass
class Period:
    """A year, a month or a day (``month``/``day`` None for the wider ones)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def kind(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start_date(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def end_date(self) -> datetime.date:
        """The first day after the period."""
        if self.day:
            return self.start_date + datetime.timedelta(days=1)
        if self.month:
            return self.start_date + datetime.timedelta(days=calendar.monthrange(self.year, self.month)[1])
        return datetime.date(self.year + 1, 1, 1) if self.year < 9999 else datetime.date(9999, 12, 31)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = newsroom_zone()
        return (
            datetime.datetime.combine(self.start_date, datetime.time(), tzinfo=zone),
            datetime.datetime.combine(self.end_date, datetime.time(), tzinfo=zone),
        )

    def path(self) -> str:
        """The archive's path in the active language (``/2026/12/07/``, ``/fr/2026/12/``)."""
        args = [a for a in (self.year, self.month, self.day) if a]
        return reverse(f"articles:archive_{self.kind}", args=args)

    def label(self) -> str:
        if self.day:
            return date_format(self.start_date, "l j F Y")
        if self.month:
            return date_format(self.start_date, "F Y")
        return str(self.year)

    @classmethod
    def containing(cls, moment: datetime.datetime, kind: str) -> Period:
        """The year, month or day of ``moment`` in the newsroom's time zone."""
        local = moment.astimezone(newsroom_zone())
        if kind == "year":
            return cls(local.year)
        if kind == "month":
            return cls(local.year, local.month)
        return cls(local.year, local.month, local.day)


@dataclass
class SectionGroup:
    title: str
    url: str | None
    articles: list[ArticlePage]


@dataclass
class DateArchive:
    """What one archive URL shows (the subject of its JSON-LD: a CollectionPage of an ItemList)."""

    period: Period
    root: Page
    url: str
    #: ``(name, url)`` of what it lists: the day's articles, the month's days or the year's months.
    items: list[tuple[str, str | None]]
    groups: list[SectionGroup] = field(default_factory=list)
    periods: list[tuple[Period, int]] = field(default_factory=list)
    previous: Period | None = None
    next: Period | None = None
    #: ``(name, url)`` of the wider periods, for the breadcrumb (the year of a month, ...).
    crumbs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.period.label()

    @property
    def description(self) -> str:
        if self.period.kind == "day":
            return f"Every story published on {self.title}."
        return f"Stories published in {self.title}, by {'day' if self.period.kind == 'month' else 'month'}."

    def get_full_url(self, request: Any = None) -> str:
        return self.url


def archive_articles(root: Page, site: Site | None):
    """The visible articles in ``root``'s language (below it) that have a publication date."""
    return ArticlePage.objects.descendant_of(root).visible(site=site).filter(listing_date__isnull=False)


def neighbours(articles: Any, period: Period) -> tuple[Period | None, Period | None]:
    """The nearest earlier and later periods of the same kind that have stories (two indexed queries).

    The orders are the date index's own (``DESC NULLS LAST``, read forwards and backwards): with
    PostgreSQL's default ``DESC NULLS FIRST`` the index could not serve them, and each query sorted
    every article before the period (130 to 140 ms at 200,000 articles).
    """
    start, end = period.bounds()
    date = F("listing_date")
    before = articles.filter(listing_date__lt=start).order_by(date.desc(nulls_last=True))
    after = articles.filter(listing_date__gte=end).order_by(date.asc(nulls_first=True))
    before = before.values_list("listing_date", flat=True)[:1]
    after = after.values_list("listing_date", flat=True)[:1]
    earlier, later = list(before), list(after)
    return (
        Period.containing(earlier[0], period.kind) if earlier else None,
        Period.containing(later[0], period.kind) if later else None,
    )


def _day_groups(articles: list[ArticlePage], request: HttpRequest) -> list[SectionGroup]:
    """The day's articles by section, sections in menu order, newest first within each."""
    groups: dict[Any, SectionGroup] = {}
    order: dict[Any, str] = {}
    for article in articles:
        section = article.section_page
        key = section.pk if section is not None else None
        if key not in groups:
            title, url = (section.title, section.get_url(request)) if section is not None else ("More", None)
            groups[key] = SectionGroup(title, url, [])
            order[key] = section.path if section is not None else "~"
        groups[key].articles.append(article)
    return [groups[key] for key in sorted(groups, key=lambda key: order[key])]


def build_archive(request: HttpRequest, period: Period) -> DateArchive:
    """The archive of ``period`` in the request's language, or Http404 when it has no story."""
    site = Site.find_for_request(request)
    root = localized_root(site) if site is not None else None
    if root is None:
        raise Http404("No site in this language")
    articles = archive_articles(root, site)
    start, end = period.bounds()
    in_period = articles.filter(listing_date__gte=start, listing_date__lt=end)
    url = request.build_absolute_uri(period.path())
    archive = DateArchive(period=period, root=root, url=url, items=[])
    if period.kind == "day":
        newest_first = in_period.order_by(F("listing_date").desc(nulls_last=True), "-pk")  # the date index's order
        found = list(newest_first.for_listing().defer_streamfields())
        if not found:
            raise Http404("No stories that day")
        archive.groups = _day_groups(found, request)
        archive.items = [
            (article.title, article.get_full_url(request)) for group in archive.groups for article in group.articles
        ]
    else:
        trunc = TruncDay if period.kind == "month" else TruncMonth
        rows = (
            in_period.order_by()
            .annotate(bucket=trunc("listing_date", tzinfo=newsroom_zone()))
            .values("bucket")
            .annotate(stories=Count("pk"))
            .order_by("bucket")
        )
        for row in rows:
            bucket = row["bucket"]
            # SQLite gives the truncated moment, PostgreSQL too; either way its date is the period's.
            local = bucket.astimezone(newsroom_zone()) if isinstance(bucket, datetime.datetime) else bucket
            sub = Period(local.year, local.month, local.day if period.kind == "month" else None)
            archive.periods.append((sub, row["stories"]))
        if not archive.periods:
            raise Http404("No stories in that period")
        archive.items = [(sub.label(), request.build_absolute_uri(sub.path())) for sub, _count in archive.periods]
    archive.previous, archive.next = neighbours(articles, period)
    wider = [Period(period.year)] if period.month else []
    if period.day:
        wider.append(Period(period.year, period.month))
    archive.crumbs = [(p.label(), request.build_absolute_uri(p.path())) for p in wider]
    return archive


def _serve_page_if_any(request: HttpRequest, path: str) -> HttpResponse | None:
    """Wagtail's answer when a page lives at ``path`` (a section with a four-digit slug): pages win."""
    from wagtail.views import serve

    try:
        return serve(request, path)
    except Http404:
        return None


@public_cache
@with_json_ld
def date_archive(request: HttpRequest, year: int, month: int | None = None, day: int | None = None) -> HttpResponse:
    path = f"{year:04d}/" + (f"{month:02d}/" if month is not None else "") + (f"{day:02d}/" if day is not None else "")
    page_response = _serve_page_if_any(request, path)
    if page_response is not None:
        return page_response
    if year < 1 or month == 0 or day == 0:
        raise Http404("No such date")
    period = Period(year, month, day)
    try:
        period.bounds()  # a date that does not exist (2026/02/30, 2026/13/, past 9999) is a 404
    except (ValueError, OverflowError) as error:
        raise Http404("No such date") from error
    archive = build_archive(request, period)
    crumbs = [{"title": name, "url": url} for name, url in archive.crumbs]
    crumbs.append({"title": archive.title, "url": archive.url})
    return TemplateResponse(
        request,
        f"articles/archive_{period.kind}.html",
        {
            "page": archive.root,
            "archive": archive,
            "extra_crumbs": crumbs,
            "canonical_url": archive.url,
            "structured_data_object": archive,  # the JSON-LD describes the archive (articles/schema.py)
            "language_versions": [],  # no hreflang: the same day in another language may have no story
        },
    )

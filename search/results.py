"""Running a reader's search: the visible articles that match, filtered, ordered and paged.

Only what the public may see is searched (live, public, past go-live, not expired, not an alias,
in the request's site, and not past its ``unavailable_after``): the filter is the queryset the
search runs on, so a draft, a restricted or an expired page can match nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import F
from django.utils import timezone
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from articles.models import ArticleAuthor, ArticlePage, Author, SectionPage

from . import sqlite_ranking
from .backends import for_languages
from .conf import get_setting
from .query import SearchRequest
from .snippets import highlight, snippet


@dataclass
class SearchOutcome:
    request: SearchRequest
    page: PaginatorPage | None = None
    count: int = 0
    section: SectionPage | None = None
    author: Author | None = None
    results: list[Any] = field(default_factory=list)


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the newsroom's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def searchable_articles(site: Any, now: datetime.datetime | None = None) -> Any:
    """The articles a reader's search may find in ``site``."""
    now = now or timezone.now()
    return ArticlePage.objects.visible(site).exclude(unavailable_after__lte=now)


def filtered(queryset: Any, search: SearchRequest, outcome: SearchOutcome) -> Any:
    if search.section:
        outcome.section = SectionPage.objects.filter(slug=search.section).first()
        queryset = queryset.filter(section_page__slug=search.section)
    if search.author:
        outcome.author = Author.objects.filter(slug=search.author).first()
        bylines = ArticleAuthor.objects.filter(author__slug=search.author).values("page_id")
        queryset = queryset.filter(pk__in=bylines)
    if search.language:
        queryset = queryset.filter(language=search.language)
    if search.date_from or search.date_to:
        queryset = queryset.with_effective_date()
        if search.date_from:
            queryset = queryset.filter(effective_date__gte=_day_start(search.date_from))
        if search.date_to:
            queryset = queryset.filter(effective_date__lt=_day_start(search.date_to + datetime.timedelta(days=1)))
    return queryset


def run_search(search: SearchRequest, site: Any) -> SearchOutcome:
    """The page of results ``search`` asks for (none without a word to search for)."""
    outcome = SearchOutcome(request=search)
    if not search.terms:
        return outcome
    # The backends accept only filters on indexed FilterFields; the visibility rule (restrictions,
    # site, dates) is more than that, so it reaches them as one ``pk IN (subquery)`` (one SQL query
    # on the database backends).
    allowed = filtered(searchable_articles(site), search, outcome).values("pk")
    queryset = ArticlePage.objects.filter(pk__in=allowed).for_listing()
    by_relevance = search.sort == "relevance"
    if not by_relevance:  # the backends sort by indexed fields or expressions: "id", not "pk"
        queryset = queryset.with_effective_date().order_by(F("effective_date").desc(nulls_last=True), "-id")
    languages = [search.language] if search.language else [code for code, _name in settings.LANGUAGES]
    backend = for_languages(get_search_backend(), languages)
    if sqlite_ranking.applies(backend):
        ranked = sqlite_ranking.ranked_ids(search.terms, allowed, newest_by=None if by_relevance else "listing_date")
        paginator = Paginator(ranked, get_setting("PER_PAGE"))
        outcome.page = paginator.get_page(search.page)
        shown = ArticlePage.objects.filter(pk__in=list(outcome.page.object_list)).for_listing().in_bulk()
        outcome.results = [shown[pk] for pk in outcome.page.object_list if pk in shown]
    else:
        query = PlainText(search.normalised, operator="and")
        results = backend.search(query, queryset, order_by_relevance=by_relevance)
        paginator = Paginator(results, get_setting("PER_PAGE"))
        outcome.page = paginator.get_page(search.page)
        outcome.results = list(outcome.page.object_list)
    outcome.count = paginator.count
    for article in outcome.results:
        article.search_headline = highlight(article.title, search.terms, length=len(article.title))
        article.search_snippet = snippet(article, search.terms)
    return outcome

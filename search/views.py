"""The results page: ``GET /search/?q=...`` with filters as plain links and forms (no JavaScript).

Every answer is a page: an empty, hostile or unparseable query shows the search form and what to
try; only a client over its rate limit gets 429. Results pages carry ``noindex`` (robots meta and
``X-Robots-Tag``) and a ``SearchResultsPage`` in the JSON-LD. The page cache keeps a results page
only for a popular query in its normalised spelling (``caching.py``); the rest are ``private``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_safe
from wagtail.models import Site

from articles.models import Author
from pagecache.policy import mark_private, mark_public
from pagecache.routes import kept_until_site_changes
from structured_data import build_graph, render_json_ld, visible_pages

from .caching import may_cache
from .query import SearchRequest
from .ratelimit import retry_after
from .results import SearchOutcome, run_search
from .schema import SearchResultsListing


def menu_sections(site: Site | None) -> list[tuple[str, str]]:
    """``(title, slug)`` of the sections in the menu of the language being shown, kept until the
    site's tree changes (as the header's menu is)."""
    if site is None:
        return []
    language = translation.get_language()

    def compute() -> list[tuple[str, str]]:
        from articles.models import SectionPage
        from articles.translations import localized_root

        root = localized_root(site)
        if root is None:
            return []
        sections = visible_pages(SectionPage.objects.in_menu().descendant_of(root), site=site).order_by("path")
        return list(sections.values_list("title", "slug"))

    return kept_until_site_changes(f"search-sections:{site.pk}:{language}", compute)


def _filters(search: SearchRequest, base: str, outcome: SearchOutcome, site: Site | None) -> dict:
    """The filter links: each a plain URL of this search with one filter set or cleared."""
    sections = menu_sections(site)
    today = timezone.localdate()
    periods = [
        (translation.gettext("Past week"), today - datetime.timedelta(days=7)),
        (translation.gettext("Past month"), today - datetime.timedelta(days=30)),
        (translation.gettext("Past year"), today - datetime.timedelta(days=365)),
    ]
    authors: dict[str, Author] = {}
    for article in outcome.results:
        for author in article.authors:
            authors.setdefault(author.slug, author)
    return {
        "sort": [
            (translation.gettext("Most relevant"), search.url(base, sort="relevance"), search.sort == "relevance"),
            (translation.gettext("Newest first"), search.url(base, sort="newest"), search.sort == "newest"),
        ],
        "sections": [(title, search.url(base, section=slug), slug == search.section) for title, slug in sections],
        "languages": [
            (name, search.url(base, language=code), code == search.language) for code, name in settings.LANGUAGES
        ],
        "authors": [
            (author.name, search.url(base, author=slug), slug == search.author) for slug, author in authors.items()
        ],
        "periods": [
            (label, search.url(base, date_from=start, date_to=None), search.date_from == start and not search.date_to)
            for label, start in periods
        ],
        "clear": {
            "section": search.url(base, section=""),
            "author": search.url(base, author=""),
            "language": search.url(base, language=""),
            "dates": search.url(base, date_from=None, date_to=None),
            "all": search.url(base, section="", author="", language="", date_from=None, date_to=None),
        },
    }


@require_safe
def search_view(request):
    search = SearchRequest.from_query(request.GET)
    if search.terms:
        wait = retry_after(request)
        if wait is not None:
            mark_private(request)
            response = render(request, "search/rate_limited.html", {"retry_after": wait}, status=429)
            response["Retry-After"] = str(wait)
            return response
    site = Site.find_for_request(request)
    outcome = run_search(search, site)
    base = request.path
    listing = SearchResultsListing(
        url=request.build_absolute_uri(search.url(base, page=outcome.page.number if outcome.page else None)),
        query=search.normalised,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        items=[{"url": article.get_full_url(request), "name": article.title} for article in outcome.results],
    )
    graph = build_graph(None, request, obj=listing, site=site)
    if may_cache(search, request):
        mark_public(request)
    else:
        mark_private(request)
    page = outcome.page
    response = render(
        request,
        "search/results.html",
        {
            "search": search,
            "search_language": translation.get_language(),
            "outcome": outcome,
            "filters": _filters(search, base, outcome, site),
            "json_ld": render_json_ld(graph.as_dict()),
            "previous_url": search.url(base, page=page.previous_page_number()) if page and page.has_previous() else "",
            "next_url": search.url(base, page=page.next_page_number()) if page and page.has_next() else "",
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response

"""What a topic page shows: the tag's visible articles in one language, newest first, a page at a time.

Pages follow a key, not an offset: ``?before=<id>`` lists what comes after that article in the
order (``listing_date``, then id, both descending), so page 400 costs what page 1 costs. The key is
an article's id, which the page cache keys on (``before`` is in ``PAGE_CACHE["KEY_PARAMS"]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import F, Q
from taggit.models import Tag
from wagtail.models import Page, Site

from articles.models import ArticlePage

from .models import Topic

PER_PAGE = 12


def topic_articles(root: Page, site: Site | None, tag: Tag) -> Any:
    """The visible articles below ``root`` (one language's tree) that carry ``tag``."""
    return (
        ArticlePage.objects.descendant_of(root)
        .visible(site=site)
        .filter(tagged_items__tag=tag, listing_date__isnull=False)
    )


def after(articles: Any, cursor: ArticlePage) -> Any:
    """``articles`` that come after ``cursor`` newest first (the rows of the next page)."""
    return articles.filter(
        Q(listing_date__lt=cursor.listing_date) | Q(listing_date=cursor.listing_date, pk__lt=cursor.pk)
    )


def page_of(articles: Any, cursor: ArticlePage | None, per_page: int = PER_PAGE) -> tuple[list[ArticlePage], bool]:
    """One page of cards (and whether more follow), in a constant number of queries."""
    if cursor is not None:
        articles = after(articles, cursor)
    newest_first = articles.order_by(F("listing_date").desc(nulls_last=True), "-pk")  # the date index's order
    rows = list(newest_first.for_listing().defer_streamfields()[: per_page + 1])
    return rows[:per_page], len(rows) > per_page


def cursor_from(value: str | None) -> ArticlePage | Literal[False] | None:
    """The article named by ``?before=``: None without one (or with junk: the first page), False if unknown."""
    if not value or not value.isdigit() or len(value) > 18:
        return None
    found = ArticlePage.objects.filter(pk=int(value)).only("pk", "listing_date").first()
    if found is None or found.listing_date is None:
        return False
    return found


@dataclass
class TopicListing:
    """One page of a topic (the subject of its JSON-LD: a CollectionPage ``about`` the tag)."""

    tag: Tag
    topic: Topic | None
    root: Page
    url: str  # this page's full URL (``?before=`` included after the first)
    first_url: str  # the topic's own URL
    articles: list[ArticlePage]
    older_url: str | None
    is_first: bool

    @property
    def title(self) -> str:
        return (self.topic.heading if self.topic else "") or self.tag.name

    @property
    def image(self) -> Any:
        return self.topic.image if self.topic else None

    @property
    def introduction(self) -> str:
        return self.topic.introduction if self.topic else ""

    def get_full_url(self, request: Any = None) -> str:
        return self.url

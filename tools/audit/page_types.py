"""The page types the audit visits, each found in the demo's database by a small function.

A page type added this round (site search, topic pages, date archives) adds one entry to
``PAGE_TYPES``: a name and a function returning the path to audit (or None when the site has none).
Run inside Django (``manage.py shell``): ``tools/audit/audit.py`` asks for all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable


def _home() -> str | None:
    return "/"


def _visible(model):
    from structured_data import visible_pages

    return visible_pages(model.objects.all()).order_by("path")


def _default_language_articles():
    from articles.models import ArticlePage
    from articles.translations import default_language

    return _visible(ArticlePage).filter(locale__language_code=default_language(), liveblogpage__isnull=True).specific()


def _section() -> str | None:
    from articles.models import SectionPage

    page = _visible(SectionPage).first()
    return page.url if page else None


def _article() -> str | None:
    """A free article with a lead photo and no video: the everyday story."""
    for page in _default_language_articles():
        kinds = {block.block_type for block in page.body}
        if page.access == "free" and page.lead_image_id and "video" not in kinds:
            return page.url
    return None


def _live_blog() -> str | None:
    from articles.models import LiveBlogPage

    page = _visible(LiveBlogPage).first()
    return page.url if page else None


def _subscriber_only() -> str | None:
    page = next((p for p in _default_language_articles() if p.access != "free"), None)
    return page.url if page else None


def _video() -> str | None:
    page = next((p for p in _default_language_articles() if any(b.block_type == "video" for b in p.body)), None)
    return page.url if page else None


def _translated() -> str | None:
    from articles.models import ArticlePage
    from articles.translations import default_language

    page = _visible(ArticlePage).exclude(locale__language_code=default_language()).first()
    return page.url if page else None


def _author() -> str | None:
    from articles.models import ArticlePage, AuthorIndexPage
    from articles.translations import default_language

    index = _visible(AuthorIndexPage).filter(locale__language_code=default_language()).first()
    article = _visible(ArticlePage).filter(locale__language_code=default_language()).first()
    credit = article.specific.article_authors.select_related("author").first() if article else None
    if index is None or credit is None:
        return None
    return index.url + index.reverse_subpage("author_profile", args=[credit.author.slug])


def _author_other_language() -> str | None:
    """An author profile in a language the author has not been translated into (original-language list)."""
    from articles.models import ArticlePage, Author, AuthorIndexPage
    from articles.translations import default_language

    for index in _visible(AuthorIndexPage).exclude(locale__language_code=default_language()):
        for author in Author.objects.order_by("slug"):
            by_author = _visible(ArticlePage).filter(article_authors__author=author)
            if by_author.exists() and not by_author.filter(locale=index.locale).exists():
                return index.url + index.reverse_subpage("author_profile", args=[author.slug])
    return None


def _authors_index() -> str | None:
    from articles.models import AuthorIndexPage

    page = _visible(AuthorIndexPage).first()
    return page.url if page else None


def _corrections() -> str | None:
    from articles.models import CorrectionsPage

    page = _visible(CorrectionsPage).first()
    return page.url if page else None


def _newsletter_archive() -> str | None:
    from newsletter.models import Edition

    edition = Edition.objects.filter(rendered_at__isnull=False).select_related("newsletter").order_by("-date").first()
    if edition is None:
        return None
    from django.urls import reverse

    return reverse("newsletter_archive:edition", args=[edition.newsletter.slug, edition.date.isoformat()])


def _in_default_language(find: Callable[[], str | None]) -> str | None:
    """``find()`` with the default language active: its paths are the unprefixed ones readers see first."""
    from django.utils import translation

    from articles.translations import default_language

    with translation.override(default_language()):
        return find()


def _search_outcome(text: str):
    from django.http import QueryDict
    from django.utils.http import urlencode
    from wagtail.models import Site

    from search.query import SearchRequest
    from search.results import run_search

    site = Site.objects.filter(is_default_site=True).first()
    return run_search(SearchRequest.from_query(QueryDict(urlencode({"q": text}))), site)


def _search_path(word: str) -> str:
    from django.urls import reverse
    from django.utils.http import urlencode

    return _in_default_language(lambda: f"{reverse('search:search')}?{urlencode({'q': word})}") or ""


def _search() -> str | None:
    """A results page of several hits: the longest word of an article's title that finds more than one."""
    for page in _default_language_articles()[:20]:
        for word in sorted(page.title.split(), key=len, reverse=True)[:3]:
            word = word.strip(".,:;!?'\"()").lower()
            if len(word) > 3 and _search_outcome(word).count > 1:
                return _search_path(word)
    return None


def _search_no_results() -> str | None:
    """A search that finds nothing: the page says so and what to try."""
    word = "xylophonequartz"
    return None if _search_outcome(word).count else _search_path(word)


def _topic() -> str | None:
    """A tag with the editors' heading and introduction (a ``Topic``) where there is one, else any tag in use."""
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import ArticleTag
    from articles.translations import default_language

    articles = _default_language_articles().values("pk")
    used = Tag.objects.filter(pk__in=ArticleTag.objects.filter(content_object__in=articles).values("tag")).order_by(
        "slug"
    )
    tag = used.filter(topics__locale__language_code=default_language()).first() or used.first()
    return _in_default_language(lambda: reverse("topics:topic", args=[tag.slug])) if tag else None


def _busiest_day():
    """The archive ``Period`` of the day with the most stories in the default language (most sections)."""
    from collections import Counter

    from articles.archives import Period

    days = Counter(
        Period.containing(moment, "day").start_date
        for moment in _default_language_articles().exclude(listing_date=None).values_list("listing_date", flat=True)
    )
    if not days:
        return None
    day = max(days, key=lambda date: (days[date], date))
    return Period(day.year, day.month, day.day)


def _archive(kind: str) -> str | None:
    from articles.archives import Period

    day = _busiest_day()
    if day is None:
        return None
    period = {"day": day, "month": Period(day.year, day.month), "year": Period(day.year)}[kind]
    return _in_default_language(period.path)


def _day_archive() -> str | None:
    return _archive("day")


def _month_archive() -> str | None:
    return _archive("month")


def _year_archive() -> str | None:
    return _archive("year")


#: Page types that ask search engines not to index them (``<meta name="robots" content="noindex">``, as a
#: results page should: endless combinations of words and filters). Lighthouse's SEO category fails its
#: ``is-crawlable`` audit on such a page by design; the audit expects that failure there, and only there.
NOINDEX = frozenset({"search", "search_no_results"})

#: Name -> how to find one such page. The order is the report's.
PAGE_TYPES: dict[str, Callable[[], str | None]] = {
    "home": _home,
    "section": _section,
    "article": _article,
    "live_blog": _live_blog,
    "subscriber_only": _subscriber_only,
    "video": _video,
    "translated": _translated,
    "author": _author,
    "author_other_language": _author_other_language,
    "authors_index": _authors_index,
    "corrections": _corrections,
    "newsletter_archive": _newsletter_archive,
    "search": _search,
    "search_no_results": _search_no_results,
    "topic": _topic,
    "day_archive": _day_archive,
    "month_archive": _month_archive,
    "year_archive": _year_archive,
}


def find_paths(names: list[str] | None = None) -> dict[str, str | None]:
    """``{page type: path}`` for the named types (all by default); unknown names are an error."""
    names = names or list(PAGE_TYPES)
    unknown = [name for name in names if name not in PAGE_TYPES]
    if unknown:
        raise ValueError(f"Unknown page types {unknown}; known: {sorted(PAGE_TYPES)}")
    return {name: PAGE_TYPES[name]() for name in names}

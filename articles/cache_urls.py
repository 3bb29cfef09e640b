"""The newsroom's URLs that show a page or an object besides its own: for the page cache's purges.

Registered as ``pagecache_*`` hooks in ``wagtail_hooks.py`` (see :mod:`pagecache.affected`), with
the pages built from an object, which the structured-data plugin's dependency records know.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag
from wagtail.coreutils import get_content_languages
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from pagecache import keys
from pagecache.affected import own_urls, site_roots, urls_showing
from structured_data import pages_built_from, pages_reading_page

from .models import (
    ArticleCorrection,
    ArticlePage,
    Author,
    AuthorIndexPage,
    CorrectionsPage,
    HomePage,
    LiveBlogPage,
    SectionPage,
)
from .models.articles import byline_prefetch


def pages_reading(obj: Any, *, republished: bool = False) -> set[int]:
    """The pages whose stored graph read ``obj`` (the plugin's dependency records).

    For a page ``republished``, only those that read another title or URL than it has now.
    """
    if isinstance(obj, Page):
        return pages_reading_page(obj, republished=republished)
    return pages_built_from(obj)


SITE_PATHS = ("articles:feed_rss", "articles:feed_atom", "sitemap", "news_sitemap")
CORRECTIONS_FEED = "articles:corrections_feed_rss"


def _root_url(page: Page) -> str | None:
    parts = page.get_url_parts()
    return parts[1] if parts else None


def _language(page: Page) -> str:
    """The language a page's feeds are served in (their ``/fr/`` prefix); the active one without i18n."""
    return page.locale.language_code if page.locale_id else translation.get_language()


def _reverse(name: str, language: str | None = None, **kwargs: Any) -> str:
    """A route's path under ``language``'s prefix (none for the default language or root routes)."""
    with translation.override(language or translation.get_language()):
        return reverse(name, kwargs=kwargs or None)


def _site_feeds(root: str, language: str | None = None) -> set[str]:
    from .sitemaps import sitemap_files  # the sitemap index's files (their ?p= pages are variants of each)

    urls = {root + _reverse(name, language) for name in SITE_PATHS}
    return urls | {root + _reverse("sitemap_section", language, section=section) for section in sitemap_files()}


def _section_feeds(root: str, section: SectionPage) -> set[str]:
    return {
        root + _reverse(name, _language(section), slug=section.slug)
        for name in ("articles:section_feed_rss", "articles:section_feed_atom")
    }


def corrections_urls() -> set[str]:
    """Every corrections page (all its ``?page=`` variants go with its path) and the corrections feed.

    The feed answers under every language prefix (it lists the site's corrections whatever the
    language), so each prefix's copy goes.
    """
    urls: set[str] = set()
    for page in CorrectionsPage.objects.live():
        root = _root_url(page)
        if root is None:
            continue
        urls |= own_urls(page)
        urls.update(root + _reverse(CORRECTIONS_FEED, language) for language in get_content_languages())
    return urls


def other_language_versions(page: Page) -> set[str]:
    """The page's live translations: their hreflang links, language switcher and JSON-LD name this one."""
    urls: set[str] = set()
    if not page.pk or page.translation_key is None:
        return urls
    for version in Page.objects.live().filter(translation_key=page.translation_key).exclude(pk=page.pk):
        urls |= own_urls(version)
    return urls


def author_urls(author: Author) -> set[str]:
    """The author's profile, the authors index and the author's feeds, on every site that shows them."""
    urls: set[str] = set()
    for index in AuthorIndexPage.objects.live():
        root = _root_url(index)
        base = index.get_full_url()
        if root is None or base is None:
            continue
        urls.add(base)
        urls.add(f"{base}{index.reverse_subpage('author_profile', args=[author.slug])}")
        urls.update(
            root + _reverse(name, _language(index), slug=author.slug)
            for name in ("articles:author_feed_rss", "articles:author_feed_atom")
        )
    return urls


def archive_urls(page: ArticlePage, home: Page, root: str) -> set[str]:
    """The day, month and year of the article (and those it left, if its date moved), and the nearest
    periods on either side that have stories: their "previous" and "next" links may now name it."""
    from .archives import Period, archive_articles, neighbours

    before = page.__dict__.get("_listed_before") or {}
    moments = {moment for moment in (page.listing_date, before.get("listing_date")) if moment is not None}
    if not moments:
        return set()
    articles = archive_articles(home, page.get_site())
    periods: set[tuple] = set()
    for moment in moments:
        for kind in ("day", "month", "year"):
            period = Period.containing(moment, kind)
            periods.add((period.year, period.month, period.day))
            periods.update((p.year, p.month, p.day) for p in neighbours(articles, period) if p is not None)
    with translation.override(_language(page)):
        return {root + Period(*key).path() for key in periods}


def _articles_urls(articles: Any) -> set[str]:
    """What shows each of ``articles``; nothing past ``URL_PURGE_LIMIT`` (the changed object's key reaches them)."""
    if not keys.enumerable(articles.count()):
        return set()
    urls: set[str] = set()
    for article in articles:
        urls |= urls_showing(article)
    return urls


def article_keys(article: ArticlePage) -> list[str]:
    """The cache keys of what an article's page and its cards show besides the page: authors, lead image."""
    found = [keys.object_key(link.author) for link in article.article_authors.all()]
    if article.lead_image_id:
        found.append(f"{get_image_model()._meta.label_lower}-{article.lead_image_id}")
    return found


def page_keys(page: Page) -> list[str]:
    """``pagecache_page_keys``: an article names its authors and lead image (its section is an ancestor).

    The byline is read as the page's display reads it (``byline_prefetch``), so the render that follows
    in the same request finds it prefetched: one query whatever the number of authors, and only one.
    """
    if not isinstance(page, ArticlePage):
        return []
    found = [f"{get_image_model()._meta.label_lower}-{page.lead_image_id}"] if page.lead_image_id else []
    if not page.article_authors.is_deferring:  # type: ignore[attr-defined]  # a preview's byline is in memory
        prefetch_related_objects([page], byline_prefetch(with_photos=False))
    label = Author._meta.label_lower
    found.extend(f"{label}-{link.author_id}" for link in page.article_authors.all() if link.author_id)
    return found


def listing_keys(articles: Iterable[ArticlePage]) -> list[str]:
    """A listing's cards: each article's own key and what its card shows."""
    found: list[str] = []
    for article in articles:
        found.append(keys.path_key(article.path))
        found.extend(article_keys(article))
    return found


def page_urls(page: Page) -> set[str]:
    root = _root_url(page)
    if root is None:
        return set()
    urls = _site_feeds(root, _language(page)) | other_language_versions(page)
    if isinstance(page, LiveBlogPage):  # what the polling script and "load older" fetch
        base = page.get_full_url()
        if base:
            urls.add(base + page.updates_path)
    if isinstance(page, ArticlePage) and page.corrections.exists():
        urls |= corrections_urls()  # listed there (a correction taken out: the object hook)
    if isinstance(page, ArticlePage):
        home = HomePage.objects.ancestor_of(page).first()
        if home is not None:
            urls.add(home.get_full_url())
            urls |= archive_urls(page, home, root)
        section = page.section_page
        if section is not None:
            urls.add(section.get_full_url())
            urls |= _section_feeds(root, section)
        for link in page.article_authors.select_related("author"):
            urls |= author_urls(link.author)
    elif isinstance(page, SectionPage):
        urls |= _section_feeds(root, page)
    elif isinstance(page, AuthorIndexPage):
        base = page.get_full_url()
        if base:
            urls.update(
                f"{base}{page.reverse_subpage('author_profile', args=[slug])}"
                for slug in Author.objects.values_list("slug", flat=True)
            )
    return {url for url in urls if url}


def object_urls(obj: Any) -> set[str]:
    if isinstance(obj, Author):
        articles = ArticlePage.objects.live().filter(article_authors__author=obj).distinct()
        return author_urls(obj) | _articles_urls(articles)
    if isinstance(obj, get_image_model()):
        urls: set[str] = set()
        for author in Author.objects.filter(photo=obj):
            urls |= object_urls(author)
        return urls | _articles_urls(ArticlePage.objects.live().filter(lead_image=obj))
    if isinstance(obj, Tag):
        return _articles_urls(ArticlePage.objects.live().filter(tags=obj).distinct())
    if isinstance(obj, ArticleCorrection):
        return corrections_urls()
    return set()


def site_urls(site: Site) -> set[str]:
    """Feeds (under every language's prefix), sitemaps, robots.txt, authors and corrections."""
    root = site.root_url
    urls = {root + reverse("robots_txt")} | corrections_urls()
    for language in get_content_languages():
        urls |= _site_feeds(root, language)
    for home in site_roots(site):
        for section in SectionPage.objects.live().descendant_of(home):
            urls |= _section_feeds(root, section)
    for author in Author.objects.all():
        urls |= author_urls(author)
    return urls | every_archive_url(site)


def every_archive_url(site: Site) -> set[str]:
    """Every day, month and year with a story, in each language of ``site`` (the header is on them too)."""
    from django.db.models.functions import TruncDay

    from .archives import Period, archive_articles, newsroom_zone

    urls: set[str] = set()
    for home in HomePage.objects.filter(pk__in=site_roots(site).values("pk")).select_related("locale"):
        days = (
            archive_articles(home, site)
            .order_by()
            .annotate(day=TruncDay("listing_date", tzinfo=newsroom_zone()))
            .values_list("day", flat=True)
            .distinct()
        )
        periods: set[tuple] = set()
        for moment in days:
            local = moment.astimezone(newsroom_zone())
            periods |= {(local.year, None, None), (local.year, local.month, None), (local.year, local.month, local.day)}
        with translation.override(_language(home)):
            urls.update(site.root_url + Period(*key).path() for key in periods)
    return urls

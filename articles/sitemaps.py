"""The Google News sitemap: articles published in the last 48 hours, at most 1,000 a file.

https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap — each URL
carries ``<news:publication>`` (name and language), ``<news:publication_date>`` (W3C date-time
with time zone) and ``<news:title>``. Beyond 1,000 articles ``/news-sitemap.xml`` becomes a
sitemap index of ``?p=1``, ``?p=2``, ...
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from functools import partial
from html import escape
from typing import Any
from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site, get_page_models

from structured_data import (
    PageUrls,
    PublisherSettings,
    VisiblePagesSitemap,
    has_wagtail_urls,
    iso_datetime,
    visible_pages,
    xml_text,
)

from .models import ArticlePage, Author, AuthorIndexPage, LiveBlogPage
from .models.search_controls import SearchControlsMixin, indexable

NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_PER_FILE = 1000
XML = "application/xml; charset=utf-8"


def news_articles(site: Site, now: datetime.datetime | None = None):
    """Articles published in the window, and live blogs updated in it (their coverage goes on).

    Dates are read from ``listing_date`` (the indexed copy of ``effective_date``): the window is an
    index range, not a scan of the archive. Live blogs updated lately come from their own table,
    read first: as a subquery beside the window's range, it made the database scan every article.
    """
    now = now or timezone.now()
    in_window = Q(listing_date__gte=now - NEWS_WINDOW, listing_date__lte=now)
    updated_blogs = LiveBlogPage.objects.filter(last_update_at__gte=now - NEWS_WINDOW).values_list("pk", flat=True)
    live_blog_updated = Q(pk__in=list(updated_blogs), listing_date__lte=now)
    return (
        indexable(visible_pages(ArticlePage.objects.all(), site=site, now=now), now, news=True)
        .with_effective_date()
        .filter(in_window | live_blog_updated)
        .filter(canonical_url="")  # a syndicated copy: the original is the one to index
        .select_related("liveblogpage")
        .prefetch_related("corrections")  # an article's "Updated" time reads its corrections
        .order_by(F("listing_date").desc(nulls_last=True), "-pk")
        .defer_streamfields()
    )


def last_modified(article: ArticlePage) -> datetime.datetime | None:
    """A live blog's newest update (``<lastmod>``); an article's "Updated" time, if any."""
    live_blog = getattr(article, "liveblogpage", None) if article.specific_class is not ArticlePage else None
    return (live_blog or article).modified_date


def publication_name(request: HttpRequest, site: Site) -> str:
    publisher = PublisherSettings.for_request(request)
    return publisher.name or site.site_name or ""


@require_safe
def news_sitemap(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site")
    paginator = Paginator(news_articles(site), NEWS_PER_FILE)
    number = request.GET.get("p")
    if number is None and paginator.num_pages > 1:
        base = request.build_absolute_uri(reverse("news_sitemap"))
        locations = [f"{base}?p={n}" for n in paginator.page_range]
        return TemplateResponse(request, "articles/sitemaps/news_index.xml", {"locations": locations}, content_type=XML)
    try:
        page = paginator.page(number or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such sitemap page") from error
    name = xml_text(publication_name(request, site))
    entries = [
        {
            "location": article.get_full_url(request),
            "name": name,
            "language": article.language,
            "date": iso_datetime(article.display_date),
            "title": xml_text(article.headline),
            "lastmod": iso_datetime(last_modified(article)) if last_modified(article) else "",
        }
        for article in page.object_list
    ]
    return TemplateResponse(request, "articles/sitemaps/news.xml", {"entries": entries}, content_type=XML)


#: The sitemap protocol's maximum number of URLs in one file.
SITEMAP_LIMIT = 50_000
#: Translation keys named in one query for a file's alternates (SQLite's bound on parameters).
KEYS_PER_QUERY = 10_000


class PagesSitemap(VisiblePagesSitemap):
    """Every visible, indexable page of the site, ``limit`` a file, in tree order, with hreflang alternates.

    A file is one query for its rows (each says whether other pages share its translation key) and
    one for the language versions of those that do; no count. The URL is the page's ``url_path`` below
    its site's root URL, and ``<lastmod>`` (the day) comes from the row, as
    ``get_sitemap_urls`` would give them for the page classes it knows (``_KNOWN``). A page class
    with a ``get_sitemap_urls`` or URL methods of its own is asked itself (one query per file).
    """

    limit = SITEMAP_LIMIT

    def items(self) -> Any:
        now = timezone.now()
        return (
            visible_pages(site=self.get_wagtail_site(), now=now)
            # What SearchControlsMixin.get_sitemap_urls leaves out, in the query.
            .exclude(Q(articlepage__noindex=True) | Q(articlepage__unavailable_after__lte=now))
            .order_by("path")
        )

    def rows(self, bottom: int, top: int) -> Any:
        """The file's rows: what the URL, ``<lastmod>`` and the alternates need, nothing else.

        A later file starts after the last path of the one before, found by a query that reads paths
        only: an ``OFFSET`` on the file's own query made the database work out every annotation
        (the translation probe among them) for each row it skipped.
        """
        blog = Q(articlepage__liveblogpage__isnull=False)
        when_blog = partial(_when, blog)
        items = self.items()
        if bottom:
            before = list(items.values_list("path", flat=True)[bottom - 1 : bottom])
            if not before:
                return items.none().values_list("pk")
            items = items.filter(path__gt=before[0])
        return (
            items[: top - bottom]
            .annotate(
                key=Cast("translation_key", CharField()),
                # The day in the site's time zone, worked out by the database: a date costs less to read
                # than a datetime, and the file says no more than the day.
                lastmod=TruncDate(
                    Coalesce("last_published_at", "latest_revision_created_at"),
                    tzinfo=timezone.get_current_timezone(),
                ),
                # A live blog's lastmod (LiveBlogPage.get_sitemap_urls): null on every other row.
                blog_shown=when_blog(
                    Coalesce("articlepage__publication_date", "first_published_at", "last_published_at")
                ),
                blog_updated=when_blog(F("articlepage__updated_at")),
                blog_update=F("articlepage__liveblogpage__last_update_at"),
                blog=when_blog(Value(True)),
                # Whether another page shares the translation key (the few that may have alternates: an
                # index probe a row, so the alternates query names only those keys).
                translated=Exists(
                    Page.objects.filter(translation_key=OuterRef("translation_key")).exclude(pk=OuterRef("pk"))
                ),
            )
            .values_list(
                "pk",
                "url_path",
                "content_type_id",
                "key",
                "lastmod",
                "blog_shown",
                "blog_updated",
                "blog_update",
                "blog",
                "translated",
            )
        )

    def _urls(self, page: Any, protocol: Any, domain: Any) -> list[dict[str, Any]]:
        from .translations import i18n_enabled

        number = _file_number(page)
        bottom = (number - 1) * self.limit
        url_of = _PathUrls(self.request)
        own_way = _own_way_types()
        rows = list(self.rows(bottom, bottom + self.limit))
        if not rows and number > 1:
            raise EmptyPage("No such sitemap page")
        alternates = self._alternates({row[3] for row in rows if row[9]}, url_of) if i18n_enabled() else {}
        asked = {row[0] for row in rows if row[2] in own_way}
        specific = {p.pk: p for p in Page.objects.filter(pk__in=asked).specific()} if asked else {}
        urls: list[dict[str, Any]] = []
        for pk, url_path, _type, key, lastmod, shown, updated, update, blog, _translated in rows:
            if pk in specific:
                entries = specific[pk].get_sitemap_urls(self.request)
            else:
                location = url_of(url_path)
                if location is None:
                    continue
                if blog:
                    modified = max(filter(None, [update, updated]), default=None)
                    lastmod = modified if modified and modified > (shown or timezone.now()) else lastmod
                entries = [{"location": location, "lastmod": lastmod}]
                versions = alternates.get(key)
                if versions and location in versions[1]:
                    entries[0]["alternates"] = versions[0]
            urls.extend(entries)
        return urls

    def _alternates(self, keys: set[str], url_of: _PathUrls) -> dict[Any, tuple[list[dict[str, str]], set]]:
        """The visible language versions of the file's pages, a query per ``KEYS_PER_QUERY`` pages.

        Returns ``{translation_key: (links, urls)}``. The keys are given as a list, not as a
        subquery of the file's slice: PostgreSQL plans ``IN (... OFFSET ... LIMIT ...)`` poorly.
        """
        from .translations import default_language

        found: dict[Any, list[tuple[str, str]]] = {}
        ordered = sorted(keys)
        for start in range(0, len(ordered), KEYS_PER_QUERY):
            batch = ordered[start : start + KEYS_PER_QUERY]
            versions = visible_pages(Page.objects.filter(translation_key__in=batch)).order_by("path")
            versions = versions.annotate(key=Cast("translation_key", CharField()))
            for key, url_path, code in versions.values_list("key", "url_path", "locale__language_code"):
                url = url_of(url_path)
                if url is not None:
                    found.setdefault(key, []).append((code, url))
        default = default_language()
        alternates = {}
        for key, pairs in found.items():
            if len(pairs) < 2:
                continue
            pairs.sort(key=lambda pair: (pair[0] != default, pair[0]))
            links = [{"lang_code": code, "location": url} for code, url in pairs]
            original = next((url for code, url in pairs if code == default), None)
            if original is not None:
                links.append({"lang_code": "x-default", "location": original})
            alternates[key] = (links, {url for _code, url in pairs})
        return alternates

    def get_latest_lastmod(self) -> Any:
        return None  # Django's would read every item of every file for the index


class AuthorProfilesSitemap(VisiblePagesSitemap):
    """Each author's profile below each visible authors index of the site (a route, not a page).

    Every profile has content in every language (``AuthorIndexPage.author_profile`` lists the author's
    articles in their original language where none is translated), so each is listed, with
    ``<lastmod>`` (the author's last change or newest article, whichever is later) and hreflang
    alternates to the same author under the other languages' indexes, as the profile's HTML has them.
    """

    limit = SITEMAP_LIMIT

    def items(self) -> Any:
        indexes = visible_pages(AuthorIndexPage.objects.all(), site=self.get_wagtail_site()).order_by("path")
        url_of = _PathUrls(self.request)
        bases = []
        for url_path, language in indexes.values_list("url_path", "locale__language_code"):
            url = url_of(url_path)
            if url:
                bases.append((url, language))
        return _AuthorProfiles(bases, site=self.get_wagtail_site())

    def _urls(self, page: Any, protocol: Any, domain: Any) -> list[dict[str, Any]]:
        return list(self.paginator.page(page).object_list)

    def get_latest_lastmod(self) -> Any:
        return None


class _AuthorProfiles(Sequence):
    """Profile entries, index by index and author by author (slug order), read a slice at a time.

    Each entry is ``{"location", "lastmod", "alternates"}``; a slice reads its authors with their
    newest visible article in one query.
    """

    def __init__(self, bases: list[tuple[str, str]], site: Site | None = None) -> None:

        from .translations import default_language

        self.bases = bases
        self.site = site
        self.authors = Author.objects.order_by("slug").values_list("pk", "slug", "updated_at")
        self.newest: dict[int, Any] = {}  # author pk -> newest visible article's publication, once read
        self.per_base = Author.objects.count() if bases else 0
        default = default_language()
        languages = sorted({language for _url, language in bases}, key=lambda code: (code != default, code))
        self.original = next((url for url, language in bases if language == default), None)
        self.alternate_bases = (
            [next(url for url, language in bases if language == code) for code in languages]
            if len(languages) > 1
            else []
        )
        self.alternate_codes = languages if len(languages) > 1 else []

    def __len__(self) -> int:
        return len(self.bases) * self.per_base

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        found: list[dict[str, Any]] = []
        for position, (base, _language) in enumerate(self.bases):
            low, high = max(start - position * self.per_base, 0), min(stop - position * self.per_base, self.per_base)
            if low < high:
                authors = list(self.authors[low:high])
                self._read_newest([pk for pk, _slug, _updated in authors])
                for pk, slug, updated in authors:
                    found.append(
                        {
                            "location": f"{base}{quote(slug)}/",
                            "lastmod": max(filter(None, [updated, self.newest.get(pk)]), default=None),
                            "alternates": self._alternates(slug),
                        }
                    )
        return found

    def _read_newest(self, pks: list[int]) -> None:
        """Each author's newest visible article, for those not read yet: one grouped query (a
        subquery per author probed each author's articles in turn, several times slower)."""
        missing = [pk for pk in pks if pk not in self.newest]
        if not missing:
            return
        self.newest.update(dict.fromkeys(missing))
        rows = (
            ArticlePage.objects.visible(site=self.site)
            .filter(article_authors__author__in=missing)
            .values_list("article_authors__author")
            .annotate(newest=Max("last_published_at"))
            .order_by()
        )
        self.newest.update(rows)

    def _alternates(self, slug: str) -> list[dict[str, str]]:
        """The same author below each language's index, and x-default (the default language's)."""
        if not self.alternate_codes:
            return []
        links = [
            {"lang_code": code, "location": f"{base}{quote(slug)}/"}
            for code, base in zip(self.alternate_codes, self.alternate_bases, strict=True)
        ]
        if self.original is not None:
            links.append({"lang_code": "x-default", "location": f"{self.original}{quote(slug)}/"})
        return links


class _PathUrls:
    """A page's full URL from its ``url_path`` alone, as ``PageUrls`` gives it for a plain ``Page``.

    Below a page whose URL is known, a child whose slug percent-encoding leaves as it is has its
    parent's URL followed by the slug: pages in tree order ask ``PageUrls`` once per parent.
    """

    def __init__(self, request: HttpRequest) -> None:
        self.urls = PageUrls(request)
        self.probe = Page()
        self.roots = {root.root_path for root in self.probe._get_site_root_paths(request)}
        self.parents: dict[str, str | None] = {}

    def __call__(self, url_path: str) -> str | None:
        cut = url_path.rfind("/", 0, len(url_path) - 1) + 1
        parent, slug = url_path[:cut], url_path[cut:]
        if cut and url_path not in self.roots and _PLAIN_SEGMENT.fullmatch(slug):
            if parent not in self.parents:
                self.parents[parent] = self._full_url(parent)
            base = self.parents[parent]
            if base is not None and base.endswith("/"):
                return base + slug
        return self._full_url(url_path)

    def _full_url(self, url_path: str) -> str | None:
        self.probe.url_path = url_path
        return self.urls.full_url(self.probe)


#: A last path segment ("slug/") that percent-encoding leaves unchanged.
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+/")


#: ``get_sitemap_urls`` whose output ``PagesSitemap`` builds from the row itself (the authors index's
#: profiles are ``AuthorProfilesSitemap``'s file).
_KNOWN = {
    Page.get_sitemap_urls,
    SearchControlsMixin.get_sitemap_urls,
    LiveBlogPage.get_sitemap_urls,
    AuthorIndexPage.get_sitemap_urls,
}


def _file_number(page: Any) -> int:
    """``?p=`` as a file number, without the count ``Paginator.validate_number`` makes (a scan of every
    visible page, per file): a number past the last file is found by its empty slice instead."""
    try:
        number = int(page)
    except (TypeError, ValueError) as error:
        raise PageNotAnInteger("That page number is not an integer") from error
    if number < 1:
        raise EmptyPage("That page number is less than 1")
    return number


def _own_way_types() -> set[int]:
    """Content types of page classes that list themselves or make their URLs their own way."""
    own_way = set()
    for model in get_page_models():
        if model.get_sitemap_urls not in _KNOWN or not has_wagtail_urls(model):
            own_way.add(ContentType.objects.get_for_model(model).pk)
    return own_way


#: The files of ``/sitemap.xml``, each at ``/sitemap-<section>.xml`` (``?p=2``... beyond ``limit`` URLs).
SITEMAPS = {"pages": PagesSitemap, "authors": AuthorProfilesSitemap}
#: The hook through which other apps add files to the index: it returns ``{section: sitemap class}``
#: (a class taking the request, with ``paginator`` and ``_urls(page, protocol, domain)``, and, where it
#: can tell its number of files without reading its items, ``file_count()``).
SITEMAP_FILES_HOOK = "register_sitemap_files"


def sitemap_files() -> dict[str, Any]:
    """``SITEMAPS`` and the files other apps register (topics/wagtail_hooks.py), in that order."""
    from wagtail import hooks

    files = dict(SITEMAPS)
    for fn in hooks.get_hooks(SITEMAP_FILES_HOOK):
        files.update(fn())
    return files


@require_safe
@x_robots_tag
def sitemap(request: HttpRequest) -> HttpResponse:
    """The sitemap index: every file of every section."""
    if Site.find_for_request(request) is None:
        raise Http404("No site")
    locations = []
    for section, sitemap_class in sitemap_files().items():
        base = request.build_absolute_uri(reverse("sitemap_section", kwargs={"section": section}))
        pages = file_count(sitemap_class(request))
        locations += [base] + [f"{base}?p={number}" for number in range(2, pages + 1)]
    return TemplateResponse(request, "articles/sitemaps/news_index.xml", {"locations": locations}, content_type=XML)


def file_count(sitemap: Any) -> int:
    """How many files a section of the index has: its own ``file_count()`` where it has one (cheaper
    than counting its items), else its paginator's."""
    count = getattr(sitemap, "file_count", None)
    return count() if count is not None else sitemap.paginator.num_pages


@require_safe
@x_robots_tag
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One file of the index: ``?p=`` beyond the last (or not a number) is a 404."""
    sitemap_class = sitemap_files().get(section)
    if sitemap_class is None or Site.find_for_request(request) is None:
        raise Http404("No such sitemap")
    try:
        urls = sitemap_class(request)._urls(request.GET.get("p", 1), None, None)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such sitemap page") from error
    return HttpResponse(_urlset(urls), content_type=XML)


def _urlset(urls: list[dict[str, Any]]) -> str:
    """The ``<urlset>``, written directly (a template's per-URL cost is what a 50,000-URL file cannot pay)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    ]
    add = parts.append
    dates: dict[Any, str] = {}
    zone = timezone.get_current_timezone()  # once: each lookup reads a context-local
    for url in urls:
        add(f"<url><loc>{escape(url['location'])}</loc>")
        lastmod = url.get("lastmod")
        if lastmod:
            day = lastmod.date() if isinstance(lastmod, datetime.datetime) and timezone.is_naive(lastmod) else None
            if day is None and isinstance(lastmod, datetime.datetime):
                day = lastmod.astimezone(zone).date()  # the site's time zone, as Django's template writes it
            elif day is None:
                day = lastmod
            if day not in dates:
                dates[day] = day.isoformat()
            add(f"<lastmod>{dates[day]}</lastmod>")
        for alternate in url.get("alternates") or ():
            add(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}"'
                f' href="{escape(alternate["location"])}"/>'
            )
        add("</url>")
    add("</urlset>\n")
    return "".join(parts)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _when(condition: Q, value: Any) -> Case:
    output = BooleanField() if isinstance(value, Value) else DateTimeField()
    return Case(When(condition, then=value), default=None, output_field=output)

"""The Google News sitemap: articles published in the last 48 hours, at most 1,000 a file.

https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap — each URL
carries ``<news:publication>`` (name and language), ``<news:publication_date>`` (W3C date-time
with time zone) and ``<news:title>``. Beyond 1,000 articles ``/news-sitemap.xml`` becomes a
sitemap index of ``?p=1``, ``?p=2``, ...
"""

from __future__ import annotations

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.models import Site

from structured_data import PublisherSettings, VisiblePagesSitemap, iso_datetime, visible_pages, xml_text

from .models import ArticlePage
from .models.search_controls import indexable

NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_PER_FILE = 1000
XML = "application/xml; charset=utf-8"


def news_articles(site: Site, now: datetime.datetime | None = None):
    """Articles published in the window, and live blogs updated in it (their coverage goes on)."""
    now = now or timezone.now()
    in_window = Q(effective_date__gte=now - NEWS_WINDOW, effective_date__lte=now)
    live_blog_updated = Q(liveblogpage__last_update_at__gte=now - NEWS_WINDOW, effective_date__lte=now)
    return (
        indexable(visible_pages(ArticlePage.objects.all(), site=site, now=now), now, news=True)
        .with_effective_date()
        .filter(in_window | live_blog_updated)
        .filter(canonical_url="")  # a syndicated copy: the original is the one to index
        .select_related("liveblogpage")
        .order_by("-effective_date", "-pk")
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


class TranslatedPagesSitemap(VisiblePagesSitemap):
    """Every visible page, each with its visible language versions as ``xhtml:link`` alternates (and x-default)."""

    def _urls(self, page, protocol, domain):
        from .translations import default_language, prefetch_language_versions

        items = list(self.paginator.page(page).object_list)
        prefetch_language_versions(items, self.request)  # one query for the whole sitemap page
        default = default_language()
        urls, last_mods = [], set()
        for item in items:
            versions = getattr(item, "_prefetched_language_versions", None) or []
            alternates = []
            if len(versions) > 1:
                alternates = [{"lang_code": v.language_code, "location": v.url} for v in versions]
                original = next((v for v in versions if v.language_code == default), None)
                if original is not None:
                    alternates.append({"lang_code": "x-default", "location": original.url})
            own = next((v.url for v in versions if v.page.pk == item.pk), None)
            for url_info in item.get_sitemap_urls(self.request):
                if alternates and url_info.get("location") == own:
                    url_info = {**url_info, "alternates": alternates}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

    return wagtail_sitemap(request, sitemaps={"pages": TranslatedPagesSitemap})


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

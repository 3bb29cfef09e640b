"""Every query parameter a cached view reads is in the page cache's key (issue 23, item 3).

The walk requests every URL pattern (each page type Wagtail serves and each RoutablePage route
included) with the page cache on, and reads back which parameters the view asked for
(pagecache/params.py records them on the request). A view added later that reads a parameter
the key leaves out fails here, whatever its author remembered.
"""

import datetime
import re

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from lxml import etree
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from articles.models import CorrectionsPage
from newsletter.models import Edition
from pagecache.conf import get_setting
from structured_data.tests.testapp.models import EventPage, PlainPage
from tests.support.builders import make_article, make_live_blog
from tests.support.newsletter import make_newsletter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

#: A parameter no view reads: a view that reads the whole query (copies or iterates it) shows up.
JUNK = "utm_source=walk"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site(newsroom):
    """The newsroom, with one page of each type, a live blog, a corrections page and a sent edition."""
    home = newsroom.home
    newsroom.live_blog = make_live_blog(newsroom.section, "Storm live", updates=[{"body": "Wind rising."}])
    newsroom.corrections = home.add_child(instance=CorrectionsPage(title="Corrections", slug="corrections"))
    home.add_child(instance=EventPage(title="Fair", slug="fair", starts_at=timezone.now(), venue="Pier"))
    home.add_child(instance=PlainPage(title="About", slug="about"))
    newsletter = make_newsletter(newsroom.site)
    for language in ("en", "fr"):  # the default language's archive page and another's
        Edition.objects.create(
            newsletter=newsletter, date=datetime.date(2026, 1, 5), language=language, rendered_at=timezone.now()
        )
    newsroom.newsletter = newsletter
    return newsroom


def patterns(resolvers, prefix=""):
    for pattern in resolvers:
        if isinstance(pattern, URLResolver):
            yield from patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def subpage_routes(page) -> list[str]:
    """The URLs of a RoutablePage's routes, converters filled in from the walk's samples."""
    urls = []
    for route in type(page).get_subpage_urls():
        urls.append(page.url + fill(str(route.pattern), SAMPLES))
    return urls


def fill(route: str, samples: dict[str, str]) -> str:
    """``route`` with each ``<converter:name>`` replaced by ``samples[name]`` (KeyError: add a sample)."""
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda match: samples[match.group(1)], route)


#: Values for the converters of every URL pattern and route: a new pattern needs its sample here.
SAMPLES: dict[str, str] = {}


def walk_urls(site) -> list[str]:
    SAMPLES.update({"slug": site.rita.slug, "date": "2026-01-05", "section": "pages"})
    excluded = tuple(prefix.lstrip("/") for prefix in get_setting("EXCLUDED_PATHS"))
    urls = []
    for route, pattern in patterns(get_resolver().url_patterns):
        if route.startswith(excluded) or route.startswith(("anymail/", "csp-report/", "_util/")):
            continue  # never cached, or answer only POSTs
        if pattern.name == "wagtail_serve":
            continue  # below: every page type
        assert not route.startswith("^"), f"{route}: a regex pattern needs its sample URL in this test"
        if pattern.name in ("section_feed_rss", "section_feed_atom"):
            urls.append("/" + fill(route, {"slug": site.section.slug}))
        elif route.startswith(("topics/", "feeds/topics/")):  # a tag in use (the fixture's article has it)
            urls.append("/" + fill(route, {"slug": "ferries"}))
        elif "<yyyy:year>" in route:  # the date archives of the fixture's article
            day = timezone.localtime(site.article.listing_date, timezone.get_default_timezone())
            urls.append(
                "/" + fill(route, {"year": f"{day.year}", "month": f"{day.month:02d}", "day": f"{day.day:02d}"})
            )
        elif pattern.name == "icon":  # the favicon set's PNG sizes
            urls.append("/" + fill(route, {"size": "192"}))
        elif pattern.name in ("edition", "edition_language"):
            urls.append("/" + fill(route, {"slug": site.newsletter.slug, "date": "2026-01-05", "language": "fr"}))
        else:
            urls.append("/" + fill(route, SAMPLES))
    served = {type(page.specific) for page in Page.objects.live().filter(depth__gt=1)}
    missing = {model for model in get_page_models() if model is not Page} - served
    assert not missing, f"the walk has no page of type {missing}: add one to the fixture"
    for page in Page.objects.live().filter(depth__gt=1).specific():
        urls.append(page.url)
        if isinstance(page, RoutablePageMixin):
            urls.extend(subpage_routes(page))
    return urls


def test_every_cached_view_reads_only_keyed_parameters(client, site):
    from pagecache.params import RecordingQueryDict

    keyed = set(get_setting("KEY_PARAMS"))
    unkeyed, cached = {}, 0
    for url in dict.fromkeys(walk_urls(site)):  # a RoutablePage's "" route is the page itself
        response = client.get(f"{url}{'&' if '?' in url else '?'}{JUNK}")
        if "public" not in response.get("Cache-Control", ""):
            continue
        cached += 1
        query = response.wsgi_request.GET
        assert isinstance(query, RecordingQueryDict), url
        read = {name for name in query.read if name not in keyed}
        if read:
            unkeyed[url] = sorted(read)
    assert cached >= 15, cached  # the walk reached the feeds, sitemaps and every page type
    assert unkeyed == {}, f"cached views read query parameters the cache key leaves out: {unkeyed}"


def test_a_view_reading_an_unkeyed_parameter_is_not_stored(client, newsroom, settings, caplog):
    """The walk's guard at run time: a view the key does not cover is served, never stored."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "KEY_PARAMS": ("page", "format", "before")}
    for _ in range(2):
        response = client.get("/news-sitemap.xml?p=1")
        assert response.status_code == 200 and response["X-Page-Cache"] == "uncached"
    assert "read query parameters the cache key leaves out (p)" in caplog.text
    assert "p" in response.wsgi_request.GET.read


def locations(response) -> list[str]:
    root = etree.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_pages_do_not_poison_each_other(client, newsroom, monkeypatch):
    """/news-sitemap.xml?p=3 cached first is not served for the index, ?p=1 or ?p=2; ?p=7 is a 404."""
    import articles.sitemaps

    for number in range(2):
        make_article(newsroom.section, f"Harbor story {number}")
    monkeypatch.setattr(articles.sitemaps, "NEWS_PER_FILE", 1)  # four articles: four sitemap files
    third = client.get("/news-sitemap.xml?p=3")
    assert third.status_code == 200 and len(locations(third)) == 1
    index = client.get("/news-sitemap.xml")
    assert etree.fromstring(index.content).tag == f"{SITEMAP}sitemapindex"
    assert [location.rsplit("?", 1)[1] for location in locations(index)] == ["p=1", "p=2", "p=3", "p=4"]
    pages = [locations(client.get(f"/news-sitemap.xml?p={number}")) for number in (1, 2, 3, 4)]
    assert len({tuple(page) for page in pages}) == 4
    for _ in range(2):  # beyond the last page: a 404, cached or not
        assert client.get("/news-sitemap.xml?p=7").status_code == 404
        assert client.get("/sitemap-pages.xml?p=7").status_code == 404
    assert client.get("/news-sitemap.xml?p=3")["X-Page-Cache"] == "hit"
    assert client.get("/news-sitemap.xml?p=3").content == third.content


def test_the_page_sitemap_pages_are_keyed(client, newsroom):
    """The sitemap index's files read ?p= too: a page beyond the last is a 404, not page 1."""
    first = client.get("/sitemap-pages.xml")
    assert first.status_code == 200 and locations(first)
    for _ in range(2):
        assert client.get("/sitemap-pages.xml?p=2").status_code == 404
    assert client.get("/sitemap-pages.xml?p=1").status_code == 200

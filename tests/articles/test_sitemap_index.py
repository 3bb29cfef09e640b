"""The sitemap index and its files at archive size: constant queries, pagination, what each entry says."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from articles.models import ArticleCorrection, ArticleTag
from articles.sitemaps import PagesSitemap
from tests.support.builders import build_site, make_article, make_author, make_live_blog
from tests.support.sitemaps import SITEMAP as NS
from tests.support.sitemaps import sitemap_entries, sitemap_files, sitemap_locations
from topics.sitemaps import TopicsSitemap

pytestmark = pytest.mark.django_db

S = f"{{{NS}}}"
URLS = ("/sitemap.xml", "/sitemap-pages.xml", "/sitemap-authors.xml", "/news-sitemap.xml")


@pytest.fixture
def site():
    tree = build_site(sections=("Local", "Sports"))
    tree.authors = [make_author("Rita Alvarez"), make_author("Tom Becker")]
    return tree


def add_stories(tree, count: int, start: int = 0) -> None:
    """``count`` stories in the 48-hour window, alternately in each section, each with a correction and tags."""
    for number in range(start, start + count):
        section = tree.sections[number % 2]
        article = make_article(section, f"Story {number}", authors=tree.authors[: 1 + number % 2])
        article.tags.add(f"tag-{number}")
        ArticleCorrection.objects.create(page=article, text=f"Fixed a name in story {number}.")
    make_author(f"Author {start}")


def count_queries(client, url: str) -> int:
    client.get(url)  # the first view of a new site creates its settings
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", URLS)
def test_queries_do_not_grow_with_the_archive(client, site, url, django_assert_num_queries):
    add_stories(site, 3)
    make_live_blog(site.section, "Storm live", updates=[{"body": "Wind rising."}])
    small = count_queries(client, url)
    add_stories(site, 6, start=3)
    make_live_blog(site.sections[1], "Match live", updates=[{"body": "Kick-off."}])
    client.get(url)
    with django_assert_num_queries(small):
        client.get(url)


def test_robots_names_the_index(client, site):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert sitemap_files(client) == ["/sitemap-pages.xml", "/sitemap-authors.xml", "/sitemap-topics.xml"]


def test_files_of_limit_urls_each_and_a_404_beyond_the_last(client, site, monkeypatch):
    add_stories(site, 3)
    everything = sitemap_locations(client)
    monkeypatch.setattr(PagesSitemap, "limit", 2)
    files = sitemap_files(client)
    pages = [path for path in files if path.startswith("/sitemap-pages.xml")]
    # home, two sections, the authors index, three stories: seven pages, four files.
    assert pages == ["/sitemap-pages.xml", "/sitemap-pages.xml?p=2", "/sitemap-pages.xml?p=3", "/sitemap-pages.xml?p=4"]
    sizes = [len(etree.fromstring(client.get(path).content).findall(f"{S}url")) for path in pages]
    assert sizes == [2, 2, 2, 1]
    assert sitemap_locations(client) == everything  # the same URLs in the same order, split into files
    for bad in ("?p=5", "?p=0", "?p=abc"):
        assert client.get(f"/sitemap-pages.xml{bad}").status_code == 404, bad
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_index_groups_the_topics_only_when_they_might_not_fit_in_one_file(client, site, monkeypatch):
    for number in range(3):  # three tags, one language: three topic pages
        story = make_article(site.section, f"Harbor story {number}")
        ArticleTag.objects.create(content_object=story, tag=Tag.objects.create(name=f"harbor {number}"))
    with CaptureQueriesContext(connection) as queries:
        assert [path for path in sitemap_files(client) if "topics" in path] == ["/sitemap-topics.xml"]
    assert not any("articles_articletag" in query["sql"] for query in queries.captured_queries)
    monkeypatch.setattr(TopicsSitemap, "limit", 2)
    files = [path for path in sitemap_files(client) if "topics" in path]
    assert files == ["/sitemap-topics.xml", "/sitemap-topics.xml?p=2"]
    sizes = [len(etree.fromstring(client.get(path).content).findall(f"{S}url")) for path in files]
    assert sizes == [2, 1]


def test_entries_keep_lastmod_and_leave_out_what_is_not_public(client, site):
    story = make_article(site.section, "Ferry resumes", authors=site.authors)
    draft = make_article(site.section, "Not yet", publish=False)
    private = make_article(site.section, "Members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    later = make_article(site.section, "Embargoed", go_live_at=timezone.now() + datetime.timedelta(hours=3))
    blog = make_live_blog(site.section, "Storm live", updates=[{"body": "Wind rising."}])
    entries = {entry.findtext(f"{S}loc"): entry for entry in sitemap_entries(client)}
    assert story.full_url in entries and blog.full_url in entries
    assert "http://localhost/authors/rita-alvarez/" in entries
    for hidden in (draft, private, later):
        assert hidden.full_url not in entries
    lastmod = entries[story.full_url].findtext(f"{S}lastmod")
    story.refresh_from_db()
    assert lastmod == timezone.localtime(story.last_published_at).date().isoformat()
    assert entries[blog.full_url].findtext(f"{S}lastmod")

"""Wagtail's routing from the cache (pagecache/routes.py): fewer queries, and never the wrong page."""

import logging

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from lxml import html as lxml_html
from wagtail.models import Page, PageViewRestriction, Site

from articles.models import AuthorIndexPage
from pagecache import routes
from tests.support.builders import build_site, make_article, make_author, translate, translate_site

pytestmark = pytest.mark.django_db


def queries_for(client, url: str, **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return len(captured.captured_queries), response


def tree_walk_queries(client, url: str) -> list[str]:
    """The queries of Wagtail's own routing: a child looked up by slug."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [query["sql"] for query in captured.captured_queries if '"wagtailcore_page"."slug" =' in query["sql"]]


@pytest.fixture
def tree(db):
    tree = build_site(sections=("Local", "Sports"))
    tree.author = make_author("Rita Alvarez")
    tree.article = make_article(tree.section, "Ferry schedule changes", authors=[tree.author])
    return tree


def test_a_routed_page_is_loaded_by_id_the_second_time(client, tree):
    url = tree.article.url
    first, response = queries_for(client, url)
    assert response.status_code == 200
    second, again = queries_for(client, url)
    assert again.content == response.content
    # Site, locale, and for each level the child by slug and its specific row, then the view
    # restrictions' two queries: down to one query for the page itself.
    assert first - second >= 6, (first, second)
    assert tree_walk_queries(client, url) == []
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    for table in ("wagtailcore_site", "wagtailcore_locale", "wagtailcore_pageviewrestriction"):
        assert f'FROM "{table}"' not in sql, table


def test_a_moved_page_is_found_at_its_new_place_only(client, tree):
    old_url = tree.article.url
    assert client.get(old_url).status_code == 200
    tree.article.move(tree.sections[1], pos="last-child")
    tree.article.refresh_from_db()
    assert tree.article.url != old_url
    moved = client.get(old_url)  # Wagtail's redirects app leaves a redirect at the old address
    assert moved.status_code == 301 and moved["Location"] == tree.article.url
    assert client.get(tree.article.url).status_code == 200


def test_an_unpublished_page_is_gone_at_once(client, tree):
    url = tree.article.url
    assert client.get(url).status_code == 200
    tree.article.unpublish()
    assert client.get(url).status_code == 404


def test_a_renamed_slug_moves_the_url(client, tree):
    old_url = tree.article.url
    assert client.get(old_url).status_code == 200
    tree.article.slug = "ferry-timetable"
    tree.article.save_revision().publish()
    tree.article.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(tree.article.url).status_code == 200


def test_a_change_no_signal_announced_is_caught_by_the_url_path_check(client, tree):
    """A bulk update sends no signal: the cached route names a page whose url_path no longer matches."""
    old_url = tree.article.url
    assert client.get(old_url).status_code == 200
    Page.objects.filter(pk=tree.article.pk).update(
        slug="renamed", url_path=tree.article.url_path.replace(tree.article.slug, "renamed")
    )
    assert client.get(old_url).status_code == 404
    assert client.get(old_url.replace(tree.article.slug, "renamed")).status_code == 200


def test_a_deleted_page_is_gone(client, tree):
    url = tree.article.url
    assert client.get(url).status_code == 200
    tree.article.delete()
    assert client.get(url).status_code == 404


def test_two_sites_with_the_same_path_each_get_their_own_page(client, tree, settings):
    from articles.models import HomePage, SectionPage

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "valley.test"]

    other_home = tree.root.add_child(instance=HomePage(title="The Valley Courier", slug="valley"))
    Site.objects.create(hostname="valley.test", port=80, root_page=other_home, site_name="The Valley Courier")
    other_section = other_home.add_child(instance=SectionPage(title="Local", slug="local"))
    other = make_article(other_section, "Valley bridge reopens")
    path = "/local/"
    assert "Valley" not in client.get(path, HTTP_HOST="localhost").content.decode()
    assert "Valley bridge reopens" in client.get(path, HTTP_HOST="valley.test").content.decode()
    article_path = "/local/" + other.slug + "/"
    for _ in range(2):
        assert client.get(article_path, HTTP_HOST="valley.test").status_code == 200
        assert client.get(article_path, HTTP_HOST="localhost").status_code == 404


def test_each_language_has_its_own_route(client, tree, settings):
    translate_site(tree, "fr", titles={"home": "La Gazette"})
    french = translate(tree.article, "fr", title="Les horaires du traversier changent")
    for _ in range(2):
        assert "Les horaires" in client.get(french.url).content.decode()
        assert "Ferry schedule changes" in client.get(tree.article.url).content.decode()


def test_an_author_profile_route_below_the_cached_index(client, tree):
    url = tree.authors_index.url + tree.author.slug + "/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "Rita Alvarez" in response.content.decode()
    assert client.get(tree.authors_index.url + "nobody-by-that-name/").status_code == 404


def test_a_restriction_added_after_the_route_was_cached_is_enforced(client, tree):
    url = tree.article.url
    assert client.get(url).status_code == 200
    PageViewRestriction.objects.create(page=tree.section, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_paths_are_not_cached(client, tree):
    def stored(path: str) -> bool:  # the key the middleware files a route under (any cache backend)
        with translation.override(settings.LANGUAGE_CODE):
            return (
                cache.get(routes._route_key(RequestFactory().get(path, HTTP_HOST="localhost"), path.lstrip("/")))
                is not None
            )

    assert client.get(tree.article.url).status_code == 200
    assert stored(tree.article.url)  # the check itself finds what is stored
    for number in range(20):
        assert client.get(f"/no-such-page-{number}/").status_code == 404
        assert not stored(f"/no-such-page-{number}/")


def test_the_authors_index_is_remembered_until_the_tree_changes(client, tree):
    def byline_links(response) -> list[str]:
        return [a.get("href") for a in lxml_html.fromstring(response.content).cssselect(".byline a")]

    client.get(tree.article.url)
    response = client.get(tree.article.url)
    assert AuthorIndexPage.for_request(response.wsgi_request).pk == tree.authors_index.pk
    assert byline_links(response) == [tree.authors_index.url + tree.author.slug + "/"]
    tree.authors_index.unpublish()
    response = client.get(tree.article.url)
    assert byline_links(response) == []
    assert AuthorIndexPage.for_request(response.wsgi_request) is None


def test_a_cache_outage_routes_as_wagtail_does(client, tree, unreachable_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="pagecache.store"):
        assert client.get(tree.article.url).status_code == 200
        assert client.get(tree.article.url).status_code == 200
    assert any("page cache unavailable" in record.getMessage() for record in caplog.records)


def test_sub_routes_the_page_answers_404_to_are_not_cached(client, tree):
    """/authors/no-such-author-N/: the authors index's route takes the path, its view answers 404 (issue 23, item 8)."""

    def stored(path: str) -> bool:
        with translation.override(settings.LANGUAGE_CODE):
            return (
                cache.get(routes._route_key(RequestFactory().get(path, HTTP_HOST="localhost"), path.lstrip("/")))
                is not None
            )

    profile = tree.authors_index.url + tree.author.slug + "/"
    assert client.get(profile).status_code == 200
    assert stored(profile)
    for number in range(30):
        path = f"{tree.authors_index.url}no-such-author-{number}/"
        assert client.get(path).status_code == 404
        assert not stored(path)

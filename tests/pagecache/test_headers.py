"""HTTP caching headers: public with ages for anonymous readers, private for anything personal; 304s."""

import pytest
from django.utils.cache import get_max_age
from django.utils.http import parse_http_date
from wagtail.models import PageViewRestriction


def directives(response) -> dict[str, str | bool]:
    parsed = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            parsed[name.lower()] = value or True
    return parsed


def assert_public(response):
    cc = directives(response)
    assert response.status_code == 200
    assert cc.get("public") is True and "private" not in cc and "no-store" not in cc
    assert cc["max-age"] == "60" and cc["s-maxage"] == "600" and cc["stale-while-revalidate"] == "30"
    assert response["ETag"].startswith('"')
    assert parse_http_date(response["Last-Modified"]) > 0


def assert_personal(response):
    cc = directives(response)
    assert cc.get("private") is True and cc.get("no-store") is True, response.get("Cache-Control")
    assert "public" not in cc and "s-maxage" not in cc


@pytest.mark.django_db
def test_anonymous_pages_feeds_sitemaps_and_json_ld_are_public(client, newsroom):
    urls = [
        newsroom.article.url,
        newsroom.section.url,
        newsroom.home.url,
        newsroom.authors_index.url,
        newsroom.authors_index.url + "rita-alvarez/",
        "/feeds/rss/",
        "/feeds/sections/local/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        newsroom.article.url + "?format=jsonld",
    ]
    for url in urls:
        assert_public(client.get(url))


@pytest.mark.django_db
def test_ages_come_from_settings(client, newsroom, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "MAX_AGE": 5, "S_MAXAGE": 120}
    response = client.get(newsroom.article.url)
    assert get_max_age(response) == 5
    assert directives(response)["s-maxage"] == "120"


@pytest.mark.django_db
def test_conditional_requests_get_304_and_head_has_no_body(client, newsroom, page_cache):
    # Last-Modified is when this copy was made: stable while the page cache keeps it.
    first = client.get(newsroom.article.url)
    by_etag = client.get(newsroom.article.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    by_date = client.get(newsroom.article.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    earlier = client.get(newsroom.article.url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2024 00:00:00 GMT")
    assert earlier.status_code == 200
    other = client.get(newsroom.article.url, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200 and other.content == first.content
    head = client.head(newsroom.article.url)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_admin_previews_and_signed_in_editors_are_private(client, newsroom, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "password")
    client.force_login(editor)
    assert_personal(client.get(newsroom.article.url))  # with the userbar
    assert_personal(client.get("/admin/"))
    assert_personal(client.get(f"/admin/pages/{newsroom.article.pk}/edit/preview/"))
    assert_personal(client.get(newsroom.article.url + "?format=jsonld"))


@pytest.mark.django_db
def test_restricted_pages_are_private(client, newsroom):
    PageViewRestriction.objects.create(
        page=newsroom.article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get(newsroom.article.url)
    assert response.status_code == 200  # the password form
    assert_personal(response)
    assert_public(client.get(newsroom.unrelated.url))


@pytest.mark.django_db
def test_signup_responses_are_private(client, newsroom):
    from newsletter.models import Newsletter

    Newsletter.objects.create(name="Morning", slug="morning", heading="Get the news")
    response = client.post(
        "/newsletter/subscribe/",
        {"email": "reader@example.com", "newsletter": "morning"},
        HTTP_ORIGIN="http://localhost",
    )
    assert response.status_code == 200
    assert_personal(response)

"""Issue 23, item 9: only a real signed-in session steps past the caches, and the marker Varnish reads follows it.

A made-up ``sessionid`` or an ``Authorization`` header was a free pass around both caches (a load
spike rendered every page); now they are served from the cache, while a signed-in editor still gets
a fresh, private page that nobody else is ever served.
"""

from importlib import import_module

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html
from wagtail.models import PageViewRestriction

from pagecache.marker import COOKIE_NAME

from .conftest import SITE_HOST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def has_userbar(response) -> bool:
    return bool(html.fromstring(response.content).xpath("//wagtail-userbar | //*[@id='wagtail-userbar']"))


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", "correct horse battery")


def test_a_made_up_session_cookie_is_served_from_the_cache(client, newsroom, django_assert_max_num_queries):
    assert client.get(newsroom.article.url)["X-Page-Cache"] == "miss"
    reader = Client(HTTP_HOST=SITE_HOST)
    reader.cookies["sessionid"] = "made-up-by-a-load-generator-0123456789"
    with django_assert_max_num_queries(1):  # the session looked up, nothing rendered
        response = reader.get(newsroom.article.url)
    assert response["X-Page-Cache"] == "hit"
    assert response.content == client.get(newsroom.article.url).content


def test_an_authorization_header_is_served_from_the_cache(client, newsroom, django_assert_num_queries):
    """No view reads it (there is no HTTP authentication here), so it changes nothing a reader sees."""
    client.get(newsroom.article.url)
    with django_assert_num_queries(0):
        response = client.get(newsroom.article.url, HTTP_AUTHORIZATION="Basic Zm9vOmJhcg==")
    assert response["X-Page-Cache"] == "hit"


def test_a_session_without_a_user_is_served_from_the_cache(client, newsroom, settings):
    """A session that loads but holds nobody (a reader who never signed in) is a reader like any other."""
    client.get(newsroom.article.url)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["seen_the_cookie_banner"] = True
    session.save()
    reader = Client(HTTP_HOST=SITE_HOST)
    reader.cookies["sessionid"] = session.session_key
    assert reader.get(newsroom.article.url)["X-Page-Cache"] == "hit"


def test_a_signed_in_editor_gets_a_fresh_private_page_never_served_to_others(newsroom, editor):
    first_editor = Client(HTTP_HOST=SITE_HOST)
    first_editor.force_login(editor)
    page = first_editor.get(newsroom.article.url)
    assert page.get("X-Page-Cache") is None and has_userbar(page)
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    reader = Client(HTTP_HOST=SITE_HOST)
    anonymous = reader.get(newsroom.article.url)
    assert anonymous["X-Page-Cache"] == "miss" and not has_userbar(anonymous)  # the editor's was not stored
    assert reader.get(newsroom.article.url)["X-Page-Cache"] == "hit"
    again = first_editor.get(newsroom.article.url)
    assert again.get("X-Page-Cache") is None and has_userbar(again)  # not the cached anonymous copy


def test_the_marker_is_set_at_admin_login_and_deleted_at_logout(client, newsroom, editor):
    login = client.post("/admin/login/", {"username": "editor", "password": "correct horse battery"})
    assert login.status_code == 302
    marker = login.cookies[COOKIE_NAME]
    assert marker.value and marker["httponly"] and marker["path"] == "/"
    assert client.get("/admin/").status_code == 200
    assert COOKIE_NAME not in client.get("/admin/").cookies  # set once, not on every response
    logout = client.post("/admin/logout/")
    assert logout.status_code == 302
    assert logout.cookies[COOKIE_NAME].value == "" and logout.cookies[COOKIE_NAME]["max-age"] == 0


def test_a_stale_marker_is_deleted_once_the_session_is_gone(client, newsroom):
    client.cookies[COOKIE_NAME] = "1"
    client.cookies["sessionid"] = "expired-session-0123456789abcdef"
    response = client.get("/admin/login/")
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


def test_a_forged_marker_cannot_keep_a_page_out_of_the_cache(newsroom):
    """A public page answered to a stale or forged marker is stored as usual (no Set-Cookie to make it private)."""
    forger = Client(HTTP_HOST=SITE_HOST)
    forger.cookies[COOKIE_NAME] = "1"  # what passes Varnish; a made-up sessionid beside it is Django's to delete
    first = forger.get(newsroom.article.url)
    assert first["X-Page-Cache"] == "miss" and COOKIE_NAME not in first.cookies
    assert Client(HTTP_HOST=SITE_HOST).get(newsroom.article.url)["X-Page-Cache"] == "hit"


def test_a_page_password_sets_the_marker_so_varnish_lets_the_reader_through(client, newsroom):
    """Varnish drops cookies of readers without the marker: one who gave a page's password needs it."""
    restriction = PageViewRestriction.objects.create(
        page=newsroom.article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, newsroom.article.id])
    response = client.post(url, {"password": "secret", "return_url": newsroom.article.url})
    assert response.status_code == 302 and response.cookies[COOKIE_NAME].value
    article = client.get(newsroom.article.url)
    assert article.status_code == 200 and newsroom.article.title.encode() in article.content


def test_a_session_store_outage_serves_the_cached_page(client, newsroom, settings):
    """The cache decides before the session middleware: a session it cannot load is an anonymous reader."""
    settings.CACHES = {
        **settings.CACHES,
        "sessions_down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    settings.SESSION_CACHE_ALIAS = "sessions_down"
    client.get(newsroom.article.url)
    reader = Client(HTTP_HOST=SITE_HOST)
    reader.cookies["sessionid"] = "a" * 32
    response = reader.get(newsroom.article.url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"

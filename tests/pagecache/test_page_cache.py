"""The application page cache: hits run no query and render nothing; bad input neither splits nor grows it."""

import logging

import pytest
from django.core.cache import caches
from django.test.signals import template_rendered
from lxml import html

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture
def rendered():
    names = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def page_entries() -> int:
    """How many pages the cache holds (django-redis lists keys; local memory is a dict)."""
    cache = caches["default"]
    if hasattr(cache, "keys"):
        return len(cache.keys("pagecache:page:*"))
    return sum(1 for key in cache._cache if "pagecache:page:" in key)


@pytest.mark.django_db
def test_a_hit_runs_no_query_and_renders_no_template(client, newsroom, django_assert_num_queries, rendered):
    first = client.get(newsroom.article.url)
    assert first["X-Page-Cache"] == "miss" and rendered
    rendered.clear()
    with django_assert_num_queries(0):
        hit = client.get(newsroom.article.url)
    assert rendered == []
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == first.content and hit["ETag"] == first["ETag"]
    assert hit["Cache-Control"] == first["Cache-Control"]
    with django_assert_num_queries(0):
        assert client.get(newsroom.article.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        head = client.head(newsroom.article.url)
    assert head.status_code == 200 and head.content == b"" and int(head["Content-Length"]) == len(first.content)


@pytest.mark.django_db
def test_tracking_and_unknown_parameters_neither_split_nor_grow_the_cache(client, newsroom, django_assert_num_queries):
    client.get(newsroom.article.url)
    entries = page_entries()
    with django_assert_num_queries(0):
        for query in ("utm_source=x&utm_medium=social", "fbclid=abc", "gclid=1", "x=1", "cachebuster=98765"):
            assert client.get(f"{newsroom.article.url}?{query}")["X-Page-Cache"] == "hit"
        for number in range(200):
            client.get(f"{newsroom.article.url}?r{number}={number}")
    assert page_entries() == entries


@pytest.mark.django_db
def test_a_flood_of_page_numbers_is_bounded_and_keeps_the_first_page(client, newsroom, django_assert_num_queries):
    client.get(newsroom.section.url)
    for number in range(2, 60):
        client.get(f"{newsroom.section.url}?page={number}")
    from pagecache.store import entry_key

    variants = caches["default"].get(entry_key("http://localhost", newsroom.section.url))
    assert "" in variants and 1 <= len([variant for variant in variants if variant]) <= 8
    with django_assert_num_queries(0):
        assert client.get(newsroom.section.url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_range_requests_get_the_whole_page(client, newsroom):
    first = client.get(newsroom.article.url)
    ranged = client.get(newsroom.article.url, HTTP_RANGE="bytes=0-9")
    assert ranged.status_code == 200 and ranged.content == first.content  # a server may ignore Range


@pytest.mark.django_db
def test_json_ld_by_content_negotiation_is_not_served_the_html(client, newsroom):
    client.get(newsroom.article.url)
    response = client.get(newsroom.article.url, HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"].startswith("application/ld+json")
    assert "Accept" in response["Vary"]


@pytest.mark.django_db
def test_signed_in_editors_bypass_the_cache(client, newsroom, django_user_model):
    client.get(newsroom.article.url)
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "pw"))
    response = client.get(newsroom.article.url)
    assert response.get("X-Page-Cache") is None
    assert b"wagtail-userbar" in response.content


@pytest.mark.django_db
def test_a_cache_outage_serves_pages_uncached_and_logs(client, newsroom, unreachable_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="pagecache.store"):
        first = client.get(newsroom.article.url)
        second = client.get(newsroom.article.url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert any("page cache unavailable" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_nothing_personal_in_cached_pages_two_readers(client, newsroom, django_user_model):
    """An editor and a subscriber visit first; another reader gets neither's data from the cache."""
    from django.test import Client

    from newsletter.models import Newsletter, Subscriber

    Newsletter.objects.create(name="Morning", slug="morning", heading="Get the morning news")
    editor = Client(HTTP_HOST="localhost")
    editor.force_login(django_user_model.objects.create_superuser("editor", "editor@example.com", "pw"))
    editor.get(newsroom.article.url)
    first_reader = Client(HTTP_HOST="localhost")
    page = first_reader.get(newsroom.article.url)
    signup = first_reader.post(
        "/newsletter/subscribe/",
        {"email": "first.reader@example.com", "newsletter": "morning"},
        HTTP_ORIGIN="http://localhost",
        HTTP_REFERER="http://localhost" + newsroom.article.url,
    )
    assert signup.status_code == 200
    assert Subscriber.objects.filter(email="first.reader@example.com").exists()
    assert page["X-Page-Cache"] == "miss"
    second_reader = Client(HTTP_HOST="localhost")
    cached = second_reader.get(newsroom.article.url)
    assert cached["X-Page-Cache"] == "hit"
    assert "Set-Cookie" not in cached and not cached.cookies
    tree = html.fromstring(cached.content)
    assert not tree.xpath("//input[@name='csrfmiddlewaretoken']")
    assert not tree.xpath("//*[contains(@class, 'wagtail-userbar')]")
    text = cached.content.decode()
    assert "first.reader@example.com" not in text and "editor@example.com" not in text
    # The signup form of the cached page works for the second reader too: no token needed.
    form = tree.xpath("//form[@data-newsletter-signup]")[0]
    fields = {field.name: field.value or "" for field in form.inputs if field.name}
    fields["email"] = "second.reader@example.com"
    answer = second_reader.post(form.action, fields, HTTP_ORIGIN="http://localhost")
    assert answer.status_code == 200
    assert Subscriber.objects.filter(email="second.reader@example.com").exists()
    # A post from another site is refused.
    foreign = Client(HTTP_HOST="localhost").post(
        form.action, {**fields, "email": "x@example.com"}, HTTP_ORIGIN="https://evil.example"
    )
    assert foreign.status_code == 403

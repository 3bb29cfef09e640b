"""The page cache keeps a page's HTML, ninjs and NewsML-G2 apart: one URL, three answers, never mixed up."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from structured_data.models import PublisherSettings
from tests.support.builders import make_article, make_author

NINJS = "application/ninjs+json"
NEWSML = "application/vnd.iptc.g2.newsitem+xml"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": True, "FRAGMENT_TIMEOUT": 600}


@pytest.fixture
def client(tree):
    """A reader on the Site's own host: the page cache stores pages only under that spelling."""
    return Client(HTTP_HOST=tree.site.hostname)


@pytest.fixture
def article(tree, page_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PublisherSettings.objects.create(site=tree.site, name="The Test Ledger")
        return make_article(tree.section, "Ferry schedule changes", authors=[make_author("Rita Alvarez")])


def kind(response) -> str:
    content_type = response["Content-Type"]
    if content_type.startswith(NINJS):
        assert json.loads(response.content)["headlines"][0]["value"] == "Ferry schedule changes"
        return "ninjs"
    if content_type.startswith(NEWSML):
        return "newsml"
    assert content_type.startswith("text/html")
    return "html"


@pytest.mark.django_db
def test_negotiated_formats_are_never_answered_from_the_cached_html(client, article):
    assert kind(client.get(article.url)) == "html"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    for accept, expected in ((NINJS, "ninjs"), (NEWSML, "newsml")):
        response = client.get(article.url, headers={"accept": accept})
        assert kind(response) == expected
        assert "Accept" in response["Vary"]
    assert kind(client.get(article.url)) == "html"


@pytest.mark.django_db
def test_a_negotiated_format_is_never_stored_as_the_html(client, article):
    assert kind(client.get(article.url, headers={"accept": NINJS})) == "ninjs"
    assert kind(client.get(article.url, headers={"accept": NEWSML})) == "newsml"
    assert kind(client.get(article.url)) == "html"


@pytest.mark.django_db
def test_each_format_url_is_cached_as_its_own_variant(client, article):
    for params, expected in (({"format": "ninjs"}, "ninjs"), ({"format": "newsml"}, "newsml"), ({}, "html")):
        first, second = client.get(article.url, params), client.get(article.url, params)
        assert kind(first) == kind(second) == expected
        assert second["X-Page-Cache"] == "hit"
        assert first.content == second.content

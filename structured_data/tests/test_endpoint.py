"""The JSON-LD endpoint on the test app's pages: ``?format=jsonld`` and ``Accept`` negotiation, validators and
304s, what a restricted or unpublished page answers; and which pages are visible when restrictions cannot be
cached or a site has translations of its home page."""

from __future__ import annotations

import datetime
import json
import logging
from types import SimpleNamespace

import pytest
from django.http import Http404
from wagtail.models import Locale, PageViewRestriction

from structured_data.endpoint import (
    format_response,
    format_url,
    format_urls,
    graph_response,
    json_ld_url,
    last_modified,
    negotiates,
    wants_json_ld,
)
from structured_data.graph import Graph
from structured_data.visibility import forget_restricted_paths, restricted_paths, visible_pages

from .builders import build_published_site, make_event, make_plain, publish
from .testapp.models import EventPage

JSON_LD = "application/ld+json"


@pytest.fixture
def tree(db) -> SimpleNamespace:
    tree = build_published_site()
    tree.event = make_event(tree.section, "Harbor festival", summary="Boats and music.")
    return tree


def test_the_graph_is_served_at_its_format_url_with_validators(tree, client):
    response = client.get(tree.event.url, {"format": "jsonld"})
    assert response.status_code == 200 and response["Content-Type"] == JSON_LD
    event = next(node for node in json.loads(response.content)["@graph"] if node["@type"] == "Event")
    assert event["name"] == "Harbor festival"
    assert response["ETag"].startswith(f'"{tree.event.live_revision_id}-')
    assert "Accept" in response["Vary"] and "max-age=" in response["Cache-Control"]
    assert "Last-Modified" in response
    again = client.get(tree.event.url, {"format": "jsonld"}, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    ("accept", "answers_json_ld"),
    [
        (JSON_LD, True),
        (f"text/html, {JSON_LD};q=0.5", False),  # a browser that also takes JSON-LD gets the page
        (f"text/html;q=0.5, {JSON_LD}", True),
        ("image/webp, */*;q=0.8", False),  # nothing this endpoint offers
    ],
)
def test_the_accept_header_chooses_json_ld_only_when_it_prefers_it(tree, client, rf, accept, answers_json_ld):
    response = client.get(tree.event.url, headers={"accept": accept})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(JSON_LD if answers_json_ld else "text/html")
    request = rf.get(tree.event.url, headers={"accept": accept})
    assert wants_json_ld(request) is answers_json_ld
    assert negotiates(request) is (JSON_LD in accept)  # a URL-keyed cache must skip it either way


def test_format_urls_add_the_parameter_to_any_url():
    assert json_ld_url("https://news.example/a/") == "https://news.example/a/?format=jsonld"
    assert format_url("https://news.example/a/?page=2", "ninjs") == "https://news.example/a/?page=2&format=ninjs"
    assert format_urls("https://news.example/a/") == [
        "https://news.example/a/?format=jsonld",
        "https://news.example/a/?format=ninjs",
        "https://news.example/a/?format=newsml",
    ]


def test_last_modified_is_the_latest_readable_date_modified(tree):
    published = tree.event.last_published_at
    later = published + datetime.timedelta(hours=2)
    graph = Graph(
        nodes=[
            {"@id": "#a", "dateModified": later.isoformat()},  # an author's bio edited since
            {"@id": "#b", "dateModified": "yesterday"},
            {"@id": "#c", "dateModified": "2999-01-01T00:00:00"},  # no offset: not comparable
            {"@id": "#d", "dateModified": 5},
        ]
    )
    assert last_modified(tree.event, graph) == later
    assert last_modified(tree.event, Graph()) == published
    assert last_modified(EventPage(title="Never published"), Graph()) is None


def test_an_unpublished_page_or_an_unknown_format_has_no_data(tree, rf):
    request = rf.get("/", HTTP_HOST="localhost")
    draft = tree.home.add_child(
        instance=EventPage(title="Draft", slug="draft", venue="Pier", starts_at=tree.event.starts_at, live=False)
    )
    with pytest.raises(Http404, match="No structured data for this page"):
        graph_response(request, draft)
    with pytest.raises(Http404, match="No format 'rss'"):
        format_response(request, tree.event, "rss")


def test_data_served_past_a_restriction_is_never_for_a_shared_cache(tree, rf):
    PageViewRestriction.objects.create(page=tree.event, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = graph_response(rf.get(tree.event.url, HTTP_HOST="localhost"), tree.event)  # the password was given
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert "max-age" not in response["Cache-Control"]


def test_restrictions_are_read_from_the_database_when_the_cache_is_down(tree, settings, caplog):
    PageViewRestriction.objects.create(page=tree.section, restriction_type=PageViewRestriction.PASSWORD, password="x")
    settings.CACHES = {
        **settings.CACHES,
        "down": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.STRUCTURED_DATA = {"CACHE_ALIAS": "down"}
    assert restricted_paths() == [tree.section.path]
    assert tree.event.pk not in {page.pk for page in visible_pages(site=tree.site)}
    with caplog.at_level(logging.WARNING, logger="structured_data.visibility"):
        forget_restricted_paths()  # a restriction changed: the list cannot be dropped, it expires by itself
    assert "could not forget the restricted paths" in caplog.text


def test_with_translations_a_site_holds_the_pages_under_each_home(tree, settings):
    french = Locale.objects.create(language_code="fr")
    accueil = publish(tree.home.copy_for_translation(french))
    nouvelles = make_plain(accueil, "Nouvelles", slug="nouvelles")
    assert nouvelles not in visible_pages(site=tree.site)  # Wagtail's in_site knows the root page only
    settings.WAGTAIL_I18N_ENABLED = True
    site = type(tree.site).objects.get(pk=tree.site.pk)
    assert {nouvelles.pk, accueil.pk, tree.event.pk} <= {page.pk for page in visible_pages(site=site)}

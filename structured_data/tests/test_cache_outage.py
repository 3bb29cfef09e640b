"""The plugin's cache is down (a Redis server that is not there): editors' saves go through and pages keep
their graph, built afresh each time, with the failures logged instead of raised."""

from __future__ import annotations

import json
import logging

import pytest

from structured_data.models import PublisherSettings

from .builders import build_site, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "down": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.STRUCTURED_DATA = {**getattr(settings, "STRUCTURED_DATA", {}), "CACHE_ALIAS": "down"}


def test_saves_go_through_and_pages_keep_their_graph(cache_down, client, caplog):
    with caplog.at_level(logging.WARNING, logger="structured_data"):
        tree = build_site()
        event = make_event(tree.section, "Harbor festival")  # publishing forgets the site nodes
        publisher = PublisherSettings.for_site(tree.site)
        publisher.name = "The Test Ledger"
        publisher.save()
    assert "could not forget the cached site-wide nodes" in caplog.text

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="structured_data"):
        for _ in range(2):  # nothing is kept: the second render builds the same graph again
            response = client.get(event.url, {"format": "jsonld"})
            assert response.status_code == 200
            graph = json.loads(response.content)["@graph"]
            publishers = [node for node in graph if node.get("name") == "The Test Ledger"]
            assert publishers, graph
    assert "the cache could not be read" in caplog.text

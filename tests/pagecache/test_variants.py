"""Query variants of one path (issue 23, item 7): junk makes none, and the canonical URL always has a slot."""

import json

import pytest
from django.core.cache import caches

from pagecache.store import entry_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def stored_variants(path: str) -> dict:
    return caches["default"].get(entry_key("http://localhost", path)) or {}


def test_invalid_values_make_no_variant(client, newsroom):
    url = newsroom.section.url
    for value in ("a", "b", "0", "-1", "1e3", "x" * 10):
        response = client.get(f"{url}?page={value}")
        assert response.status_code == 200 and response.get("X-Page-Cache") in (None, "uncached"), value
    assert client.get(f"{url}?page=1&page=2").get("X-Page-Cache") in (None, "uncached")
    assert client.get(f"{url}?format=xml").get("X-Page-Cache") in (None, "uncached")
    assert stored_variants(url) == {}


def test_a_flood_of_pages_after_a_purge_leaves_room_for_the_canonical_url_and_its_json_ld(client, newsroom):
    url = newsroom.section.url
    caches["default"].clear()  # a purge: the entry is gone
    for value in "abcdefgh":
        client.get(f"{url}?page={value}")
    for number in range(2, 40):
        client.get(f"{url}?page={number}")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    json_ld = client.get(f"{url}?format=jsonld")
    assert json_ld["X-Page-Cache"] == "miss" and "@graph" in json.loads(json_ld.content)
    assert client.get(f"{url}?format=jsonld")["X-Page-Cache"] == "hit"
    variants = stored_variants(url)
    assert "" in variants and "format=jsonld" in variants
    assert len([variant for variant in variants if "page=" in variant]) == 8

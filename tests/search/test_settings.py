"""WAGTAILSEARCH_URL switches the backend by environment alone (newsroom/settings/search.py)."""

from __future__ import annotations

import pytest

from newsroom.settings.search import SearchUrlError, search_backends

LANGUAGES = [("en", "English"), ("fr", "French"), ("xx", "Other")]


def test_blank_is_the_database_backend_with_a_configuration_per_language():
    backend = search_backends("", LANGUAGES)["default"]
    assert backend["BACKEND"] == "search.backends"
    assert backend["SEARCH_CONFIGS"] == {"en": "newsroom_english", "fr": "newsroom_french", "xx": "newsroom_simple"}


@pytest.mark.parametrize(
    ("url", "module", "address", "prefix"),
    [
        ("elasticsearch8://search.internal:9200", "elasticsearch8", "http://search.internal:9200", "newsroom_"),
        ("opensearch2+https://u:pw@os.example:443/?index=news", "opensearch2", "https://u:pw@os.example:443", "news_"),
    ],
)  # fmt: skip
def test_a_url_names_elasticsearch_or_opensearch(url, module, address, prefix):
    backend = search_backends(url, LANGUAGES)["default"]
    assert backend["BACKEND"] == f"wagtail.search.backends.{module}"
    assert backend["URLS"] == [address]
    assert backend["INDEX_PREFIX"] == prefix


def test_an_unknown_backend_is_refused_at_startup():
    with pytest.raises(SearchUrlError, match="unknown backend 'solr'"):
        search_backends("solr://localhost:8983", LANGUAGES)

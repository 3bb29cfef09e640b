"""Wagtail's search backend from the environment (docs/search.md).

Unset ``WAGTAILSEARCH_URL``: the database backend (SQLite's FTS5 embedded, PostgreSQL's full-text
search with each language's stemming on PostgreSQL: ``search/backends.py``). A URL switches to
Elasticsearch or OpenSearch with nothing else changed::

    WAGTAILSEARCH_URL=elasticsearch8://user:password@search.internal:9200/?index=newsroom
    WAGTAILSEARCH_URL=opensearch2+https://search.internal:443/?index=newsroom

The scheme names the backend module (``elasticsearch7``/``8``/``9``, ``opensearch2``/``3``), ``+https``
speaks TLS, ``?index=`` is the index name prefix (default ``newsroom``). Then ``manage.py
update_index`` fills the new index once.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

#: PostgreSQL text search configurations for the site's languages: PostgreSQL's own stemmers with accents
#: ignored, made by search/migrations/0001_accent_insensitive_configurations.py (``\dF`` lists them).
POSTGRES_CONFIGS = {
    "en": "newsroom_english",
    "fr": "newsroom_french",
    "de": "newsroom_german",
    "es": "newsroom_spanish",
}
POSTGRES_FALLBACK = "newsroom_simple"
EXTERNAL_BACKENDS = {"elasticsearch7", "elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"}


class SearchUrlError(ValueError):
    pass


def search_backends(url: str, languages: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """``WAGTAILSEARCH_BACKENDS`` for ``url`` (blank: the database backend)."""
    if not url:
        configs = {code: POSTGRES_CONFIGS.get(code, POSTGRES_FALLBACK) for code, _name in languages}
        return {"default": {"BACKEND": "search.backends", "SEARCH_CONFIGS": configs}}
    parts = urlsplit(url)
    backend, _, transport = parts.scheme.partition("+")
    if backend not in EXTERNAL_BACKENDS:
        raise SearchUrlError(f"WAGTAILSEARCH_URL: unknown backend {backend!r}; one of {sorted(EXTERNAL_BACKENDS)}")
    scheme = "https" if transport == "https" else "http"
    index = parse_qs(parts.query).get("index", ["newsroom"])[0]
    # The backend reads host, port and credentials from the URL itself (URLS).
    return {"default": {"BACKEND": f"wagtail.search.backends.{backend}", "URLS": [f"{scheme}://{parts.netloc}"],
                        "INDEX_PREFIX": f"{index}_", "TIMEOUT": 5}}  # fmt: skip

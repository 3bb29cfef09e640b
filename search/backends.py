"""Wagtail's database search backend, with PostgreSQL's stemming chosen per language.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends", "SEARCH_CONFIGS": {...}}}``:
on SQLite (FTS5) and MySQL this is exactly ``wagtail.search.backends.database``. On PostgreSQL
Wagtail's backend takes one text search configuration (``SEARCH_CONFIG``) for everything; an
index shared by English, French and Spanish articles needs each stemmed in its own language, so
each object is indexed with the configuration of its language (``SEARCH_CONFIGS``, by language
code; ``SEARCH_CONFIG`` for objects without one), and a query is stemmed in each language it
searches, the tsqueries joined with OR (:meth:`LanguagePostgresSearchBackend.for_languages`).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


def object_language(obj: Any) -> str | None:
    """An object's language: its ``language`` field, else its Wagtail locale's."""
    language = getattr(obj, "language", None)
    if isinstance(language, str) and language:
        return language
    if getattr(obj, "locale_id", None):
        return obj.locale.language_code
    return None


class LanguagePostgresIndex(PostgresIndex):
    def add_items(self, model: type, objs: Iterable[Any]) -> None:
        by_config: dict[str, list] = defaultdict(list)
        for obj in objs:
            by_config[self.backend.config_for_language(object_language(obj))].append(obj)
        for config, group in by_config.items():
            PostgresIndex.add_items(PostgresIndex(self.backend.with_config(config)), model, group)


class LanguageQueryCompiler(PostgresSearchQueryCompiler):
    """Stems the query once per configuration searched; a document matches if any of them does."""

    def build_tsquery(self, query: Any, config: Any = None) -> Any:
        if isinstance(config, tuple):
            return reduce(or_, (super(LanguageQueryCompiler, self).build_tsquery(query, config=c) for c in config))
        return super().build_tsquery(query, config=config)


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = LanguageQueryCompiler
    index_class = LanguagePostgresIndex

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        self.configs: dict[str, str] = dict(params.pop("SEARCH_CONFIGS", None) or {})
        params.setdefault("SEARCH_CONFIG", self.configs.get(settings.LANGUAGE_CODE, "simple"))
        super().__init__(params)

    def config_for_language(self, language: str | None) -> str:
        return self.configs.get(language or "") or self.config or "simple"

    def with_config(self, config: Any) -> LanguagePostgresSearchBackend:
        clone = copy.copy(self)
        clone.config = config
        return clone

    def for_languages(self, languages: Iterable[str]) -> LanguagePostgresSearchBackend:
        """This backend, stemming queries as each of ``languages`` does."""
        configs = tuple(dict.fromkeys(self.config_for_language(code) for code in languages))
        return self.with_config(configs if len(configs) > 1 else configs[0]) if configs else self


def SearchBackend(params: dict[str, Any]) -> Any:
    if connection.vendor == "postgresql":
        return LanguagePostgresSearchBackend(params)
    params = {key: value for key, value in params.items() if key != "SEARCH_CONFIGS"}
    return database_backend(params)


def for_languages(backend: Any, languages: Iterable[str]) -> Any:
    """``backend`` stemming queries for ``languages`` where it can (PostgreSQL); as it is elsewhere."""
    narrow = getattr(backend, "for_languages", None)
    return narrow(languages) if callable(narrow) else backend

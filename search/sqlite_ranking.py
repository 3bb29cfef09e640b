"""Relevance ranking on SQLite (FTS5) in one query, instead of one FTS match per candidate.

Wagtail's SQLite backend orders by relevance with a correlated subquery that runs the FTS match
again for every matching row: with a word found in 8,000 of 10,000 articles, a search took seconds
(docs/search.md, "Speed"). Here the index's own FTS5 table is asked once for every match in
``bm25`` order, the headline column weighted above the body (or newest first, by the articles'
indexed date), joined in SQL with the articles the reader may see; the page is then loaded by id.
Matching is the same as the backend's (the same index, every word required); the words are
letters and digits only (``search.query.words``), so each is safe as an FTS5 string.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection

#: bm25 column weights, in the FTS table's column order (autocomplete, body, title).
WEIGHTS = (0.0, 1.0, 4.0)


def applies(backend: Any) -> bool:
    if connection.vendor != "sqlite":
        return False  # the FTS5 model exists only there: imported only then
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(backend, SQLiteSearchBackend)


def match_expression(terms: tuple[str, ...]) -> str:
    """``{title body} : ("word1" AND "word2")``: the backend's own form of a plain-text query."""
    words = " AND ".join(f'"{term}"' for term in terms if term.replace("_", "").isalnum())
    return "{title body} : (" + words + ")"


def ranked_ids(terms: tuple[str, ...], allowed: Any, newest_by: str | None = None) -> list[int]:
    """The ids of the articles of ``allowed`` (a queryset) that hold every word, best first; with
    ``newest_by`` (a date field of ``allowed``'s model), newest first instead (then highest id), undated last."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    model = allowed.model
    content_types = [ContentType.objects.get_for_model(m, for_concrete_model=False).pk for m in _family(model)]
    fts = connection.ops.quote_name(SQLiteFTSIndexEntry._meta.db_table)
    entries = connection.ops.quote_name(SQLiteFTSIndexEntry._meta.get_field("index_entry").related_model._meta.db_table)
    allowed_sql, allowed_params = allowed.values("pk").query.sql_with_params()
    placeholders = ", ".join("%s" for _ in content_types)
    weights = ", ".join(str(weight) for weight in WEIGHTS)
    join, order = "", f"bm25({fts}, {weights}), e.id DESC"
    if newest_by is not None:
        table, pk = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(model._meta.pk.column)
        date = connection.ops.quote_name(model._meta.get_field(newest_by).column)
        join = f"JOIN {table} a ON a.{pk} = CAST(e.object_id AS INTEGER) "
        order = f"a.{date} IS NULL, a.{date} DESC, a.{pk} DESC"
    sql = (
        f"SELECT CAST(e.object_id AS INTEGER) FROM {fts} f JOIN {entries} e ON f.rowid = e.id {join}"  # noqa: S608
        f"WHERE {fts} MATCH %s AND e.content_type_id IN ({placeholders}) "
        f"AND CAST(e.object_id AS INTEGER) IN ({allowed_sql}) "
        f"ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match_expression(terms), *content_types, *allowed_params])
        return [row[0] for row in cursor.fetchall()]


def _family(model: type) -> list[type]:
    """``model`` and its subclasses (a live blog is an article): what the index stores them as."""
    found: list[Any] = []
    queue: list[Any] = [model]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(sub for sub in current.__subclasses__() if not sub._meta.abstract and not sub._meta.proxy)
    return found

"""The embedded default's SQLite backend gathers the query planner's statistics as connections close."""

from __future__ import annotations

import sqlite3

from django.db.utils import ConnectionHandler

#: The shape of a day archive's "previous day" query: a range on the date, and Wagtail's "not an alias".
NEWEST_BEFORE = "SELECT day FROM story WHERE alias IS NULL AND day < '2026-01-02' ORDER BY day DESC LIMIT 1"


def story_table(cursor) -> None:
    """A table shaped like Wagtail's pages: an index every row shares (alias), and a selective one (day)."""
    cursor.execute("CREATE TABLE story (id INTEGER PRIMARY KEY, alias INTEGER, day TEXT)")
    cursor.execute("CREATE INDEX story_alias ON story (alias)")
    cursor.execute("CREATE INDEX story_day ON story (day)")
    days = [(f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}",) for n in range(5000)]
    cursor.executemany("INSERT INTO story (alias, day) VALUES (NULL, %s)", days)


def plan(path: str) -> str:
    with sqlite3.connect(path) as raw:
        rows = raw.execute(f"EXPLAIN QUERY PLAN {NEWEST_BEFORE}")
        return " ".join(str(row[-1]) for row in rows)


def test_closing_a_connection_runs_optimize_so_listings_use_the_selective_index(tmp_path, django_db_blocker):
    path = str(tmp_path / "site.sqlite3")
    connection = ConnectionHandler({"default": {"ENGINE": "newsroom.sqlite3", "NAME": path}})["default"]
    with django_db_blocker.unblock():  # a database of its own, outside the test database
        closed_after_a_listing(connection, path)
    with sqlite3.connect(path) as raw:
        assert {row[0] for row in raw.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'story'")} >= {
            "story_alias", "story_day",
        }  # fmt: skip
    assert "story_day" in plan(path)


def closed_after_a_listing(connection, path: str) -> None:
    with connection.cursor() as cursor:
        story_table(cursor)
    assert "story_alias" in plan(path)  # by rule of thumb, with no statistics: every row read
    with connection.cursor() as cursor:
        cursor.execute(NEWEST_BEFORE)
    connection.close()


def test_the_site_runs_on_it_wherever_the_database_is_sqlite(settings):
    from django.db import connection

    on_ours = settings.DATABASES["default"]["ENGINE"] == "newsroom.sqlite3"
    assert on_ours == (connection.vendor == "sqlite")

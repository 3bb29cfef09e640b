"""Django's SQLite backend, which runs ``PRAGMA optimize`` as each connection closes, as SQLite advises.

Without statistics (``sqlite_stat1``) SQLite picks indexes by rule of thumb: on an archive of
thousands of articles it read the listings through Wagtail's ``alias_of_id`` index, which every
page shares, instead of the date index. ``PRAGMA optimize`` is a no-op unless the connection's
queries would benefit from ``ANALYZE``, and ``analysis_limit`` keeps that ``ANALYZE`` short on a large
file. It is a subclass as Django's documentation describes; PostgreSQL has autovacuum for this.
"""

from __future__ import annotations

import logging
import sqlite3

from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)

#: Rows ``ANALYZE`` reads per index when ``PRAGMA optimize`` runs it (SQLite's advice: 100 to 1,000).
ANALYSIS_LIMIT = 1000


class DatabaseWrapper(base.DatabaseWrapper):
    def close(self) -> None:
        if self.connection is not None and not self.in_atomic_block and not self.is_in_memory_db():
            self.validate_thread_sharing()
            try:
                self.connection.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
                self.connection.execute("PRAGMA optimize")
            except sqlite3.Error as error:  # busy with another writer, read-only file: the next close tries again
                logger.info("PRAGMA optimize skipped: %s", error)
        super().close()

"""Django's SQLite backend, keeping SQLite's query planner statistics current (see :mod:`.base`)."""

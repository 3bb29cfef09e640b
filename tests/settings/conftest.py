"""The apps' settings accessors: read settings only (pytest-django's ``settings`` fixture restores them)."""

"""Django for the in-process benchmarks: test settings on a throwaway SQLite database and media folder."""

from __future__ import annotations

import os
from collections.abc import Sequence


def setup_throwaway_django(tmp: str, *, extra_apps: Sequence[str] = (), **overrides) -> None:
    """Set up Django on ``newsroom.settings.test`` with ``tmp/bench.sqlite3`` and ``tmp/media``, and migrate.

    ``extra_apps`` are appended to ``INSTALLED_APPS`` and ``overrides`` replace settings, before
    ``django.setup()``. Loading content is left to the caller.
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["TEST_MEDIA_ROOT"] = f"{tmp}/media"
    import django
    from django.conf import settings

    if extra_apps:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, *extra_apps]
    for name, value in overrides.items():
        setattr(settings, name, value)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

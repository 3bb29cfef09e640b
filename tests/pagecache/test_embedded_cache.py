"""The embedded default's cache is shared by processes (issue 23, "Also").

``make run`` serves from runserver while ``manage.py publish_scheduled`` or ``import_articles`` change
pages from another process: both must see the same cache, or runserver serves its own stale copies
(pages, routes, restricted paths) until they expire.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import Error

from newsletter.checks import rate_limits_need_a_shared_cache

BASE_DIR = Path(__file__).resolve().parents[2]
WRITE = (
    "from django.core.cache import cache; from pagecache import routes; from structured_data import visibility; "
    "routes._new_generation(); visibility._new_restricted_paths_version(); "
    "print('seen:', cache.get(routes.GENERATION_KEY), cache.get(visibility.RESTRICTED_VERSION_KEY))"
)
READ = (
    "from django.conf import settings; from django.core.cache import cache; from pagecache import routes; "
    "from structured_data import visibility; print('seen:', settings.CACHES['default']['BACKEND'], "
    "cache.get(routes.GENERATION_KEY), cache.get(visibility.RESTRICTED_VERSION_KEY))"
)


def manage_shell(code: str, database: Path) -> list[str]:
    """What ``code`` printed after ``seen:``, run by ``manage.py shell -c`` under the embedded default
    (the dev settings, no CACHE_URL)."""
    env = {name: value for name, value in os.environ.items() if name not in ("CACHE_URL", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="newsroom.settings.dev", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run(  # noqa: S603 - our own manage.py and code
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("seen: ")).split()[1:]


def test_two_processes_see_each_others_generation_bumps(tmp_path):
    database = tmp_path / "db.sqlite3"
    generation, restricted_version = manage_shell(WRITE, database)
    backend, *seen = manage_shell(READ, database)
    assert backend == "django.core.cache.backends.filebased.FileBasedCache"
    assert seen == [generation, restricted_version]
    assert (tmp_path / "db.sqlite3-cache").is_dir()  # beside its database: a new database, a new cache


def test_the_shared_cache_check_still_refuses_a_per_process_cache(settings, tmp_path):
    settings.REQUIRE_SHARED_CACHE = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    errors = rate_limits_need_a_shared_cache(None)
    assert [error.id for error in errors if isinstance(error, Error)] == ["newsletter.E001"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    assert rate_limits_need_a_shared_cache(None) == []

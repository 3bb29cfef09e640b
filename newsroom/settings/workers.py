"""Per-worker resources for the test suite under pytest-xdist (``pytest -n 2``).

Every test starts by clearing the caches (``tests/conftest.py``), and on Redis ``clear()`` is FLUSHDB:
workers sharing a Redis database would wipe each other's entries mid-test. Each worker therefore uses the
configured database plus its index (``gw0`` the base, ``gw1`` the next, ...), and its own media folder.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

# Redis's default ``databases`` setting: numbers 0 to 15.
REDIS_DATABASES = 16
REDIS_BACKENDS = ("django_redis.cache.RedisCache", "django.core.cache.backends.redis.RedisCache")


def worker_index(worker: str | None) -> int | None:
    """``gw3`` -> 3; ``None`` (or ``master``) outside xdist's workers."""
    if not worker or worker == "master":
        return None
    match = re.fullmatch(r"gw(\d+)", worker)
    if match is None:
        raise ImproperlyConfigured(f"PYTEST_XDIST_WORKER={worker!r} is not an xdist worker id (gw0, gw1, ...)")
    return int(match.group(1))


def redis_location_for_worker(location: str, index: int) -> str:
    """``redis://host:6379/7`` for worker 2 -> ``redis://host:6379/9`` (no database number means 0)."""
    parts = urlsplit(location)
    path = parts.path.strip("/")
    if path and not path.isdigit():
        raise ImproperlyConfigured(f"Redis cache location {location!r}: the path must be a database number")
    database = int(path or 0) + index
    if database >= REDIS_DATABASES:
        raise ImproperlyConfigured(
            f"Redis cache location {location!r} for xdist worker gw{index} needs database {database}, but Redis "
            f"has {REDIS_DATABASES} (0-{REDIS_DATABASES - 1}): use a lower base database in CACHE_URL or fewer "
            "workers (-n)."
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


def caches_for_worker(caches: dict, worker: str | None) -> dict:
    """``CACHES`` with every Redis cache moved to this worker's own database; others unchanged
    (local-memory caches are per process already)."""
    index = worker_index(worker)
    if not index:
        return caches
    result = {}
    for alias, config in caches.items():
        if config.get("BACKEND") in REDIS_BACKENDS:
            location = config["LOCATION"]
            if isinstance(location, str):
                location = ",".join(redis_location_for_worker(url, index) for url in location.split(","))
            else:
                location = [redis_location_for_worker(url, index) for url in location]
            config = {**config, "LOCATION": location}
        result[alias] = config
    return result


def media_root_for_worker(media_root: str, worker: str | None) -> str:
    """A media root given by the environment, shared by every worker, gets a folder per worker."""
    index = worker_index(worker)
    return media_root if index is None else f"{media_root.rstrip('/')}/gw{index}"

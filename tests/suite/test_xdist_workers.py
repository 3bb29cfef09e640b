"""The suite under pytest-xdist: each worker has its own Redis database and media folder
(newsroom/settings/workers.py), so one worker clearing its cache never empties another's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings.workers import (
    REDIS_BACKENDS,
    caches_for_worker,
    media_root_for_worker,
    redis_location_for_worker,
    worker_index,
)

DJANGO_REDIS = "django_redis.cache.RedisCache"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("worker", "index"), [(None, None), ("", None), ("master", None), ("gw0", 0), ("gw12", 12)])
def test_worker_index(worker, index):
    assert worker_index(worker) == index


def test_an_unknown_worker_id_is_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="not an xdist worker id"):
        worker_index("worker-1")


@pytest.mark.parametrize(
    ("location", "index", "expected"),
    [
        ("redis://127.0.0.1:6379/1", 0, "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379/1", 1, "redis://127.0.0.1:6379/2"),
        ("redis://127.0.0.1:6379/7", 3, "redis://127.0.0.1:6379/10"),
        ("redis://127.0.0.1:6379", 2, "redis://127.0.0.1:6379/2"),
        ("redis://:secret@cache.internal:6380/0?socket_timeout=1", 5, "redis://:secret@cache.internal:6380/5?socket_timeout=1"),
    ],
)  # fmt: skip
def test_each_worker_adds_its_index_to_the_database(location, index, expected):
    assert redis_location_for_worker(location, index) == expected


def test_a_database_past_redis_sixteen_is_a_clear_error():
    assert redis_location_for_worker("redis://127.0.0.1:6379/7", 8).endswith("/15")
    with pytest.raises(ImproperlyConfigured, match=r"needs database 16, but Redis has 16 .*fewer workers"):
        redis_location_for_worker("redis://127.0.0.1:6379/7", 9)


def test_only_redis_caches_move_and_the_first_worker_keeps_the_base():
    caches = {
        "default": {"BACKEND": DJANGO_REDIS, "LOCATION": "redis://127.0.0.1:6379/1"},
        "django": {"BACKEND": REDIS_BACKENDS[1], "LOCATION": ["redis://a:6379/1", "redis://b:6379/1"]},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "x"},
    }
    assert caches_for_worker(caches, None) == caches
    assert caches_for_worker(caches, "gw0") == caches
    moved = caches_for_worker(caches, "gw1")
    assert moved["default"]["LOCATION"] == "redis://127.0.0.1:6379/2"
    assert moved["django"]["LOCATION"] == ["redis://a:6379/2", "redis://b:6379/2"]
    assert moved["local"] == caches["local"]
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6379/1"  # the input is left as it was


def test_a_shared_media_root_gets_a_folder_per_worker():
    assert media_root_for_worker("/srv/test-media", None) == "/srv/test-media"
    assert media_root_for_worker("/srv/test-media/", "gw1") == "/srv/test-media/gw1"


def test_the_test_settings_give_a_worker_its_own_redis_database_and_media_folder(tmp_path):
    """What newsroom.settings.test sets up in worker gw2 of a run with CACHE_URL's database 1."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "PYTEST_XDIST_WORKER": "gw2",
        "CACHE_URL": "rediscache://127.0.0.1:6379/1",
        "TEST_MEDIA_ROOT": str(tmp_path),
    }
    script = "import json; from django.conf import settings as s; print(json.dumps([s.CACHES, s.MEDIA_ROOT]))"
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    caches, media_root = json.loads(result.stdout)
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert media_root == f"{tmp_path}/gw2"


def test_this_worker_uses_its_own_redis_database():
    """In this very run: worker gwN's cache is CACHE_URL's database plus N (gw0 keeps CACHE_URL's)."""
    if not os.environ.get("CACHE_URL", "").startswith("redis"):
        pytest.skip("the suite runs on a local-memory cache (CACHE_URL=rediscache://... for Redis)")
    configured = environ.Env.cache_url_config(os.environ["CACHE_URL"])["LOCATION"]
    index = worker_index(os.environ.get("PYTEST_XDIST_WORKER")) or 0
    assert settings.CACHES["default"]["LOCATION"] == redis_location_for_worker(configured, index)

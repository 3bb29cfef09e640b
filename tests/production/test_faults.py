"""Fast versions of ``bench/faults.py``: the production stack survives a killed worker, a PostgreSQL
restart and Redis going away.

Each test builds its own stack on loopback (a throwaway database, gunicorn, db_worker, a private
redis-server) in subprocesses; none touches the test database. They run where the suite runs on
PostgreSQL (``DATABASE_URL=postgres://...``), and are skipped elsewhere.
"""

from __future__ import annotations

import os
import shutil

import pytest

from bench.faults import postgres_restart, redis_down, worker_kill
from bench.stack import postgres_available

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis")),
        reason="fault tests run with the suite on PostgreSQL (DATABASE_URL=postgres://...)",
    ),
    pytest.mark.skipif(not postgres_available(), reason="PostgreSQL is not reachable at 127.0.0.1:5432"),
]


def _quiet(*args, **kwargs):
    pass


# A Stack drops its database first: two xdist workers must not share one (bench/faults.py).
DB_NAME = f"newsroom_faults_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def test_killed_workers_lose_nothing_and_duplicate_at_most_one_each():
    result = worker_kill(kills=3, subscribers=300, batch_size=10, seed=8, log=_quiet, db_name=DB_NAME)
    assert result["kills"] == 3
    assert result["lost"] == 0
    assert result["duplicates"] <= result["kills"]
    assert result["edition"] == "sent"


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")
def test_pages_are_served_while_redis_is_down():
    result = redis_down(log=_quiet, db_name=DB_NAME)
    assert set(result["pages_after"]) == {"200"}, result
    assert set(result["signups_after"]) <= {"200"}, result
    assert result["health_after"] == 503
    assert result["degradation_logged"] > 0


@pytest.mark.skipif(not shutil.which("pg_createcluster"), reason="needs pg_createcluster for a private cluster")
def test_postgres_restart_gives_clear_503s_and_recovers():
    result = postgres_restart(log=_quiet)
    assert result["bad"] == 0, result
    assert result["unclear_503"] == 0 and result["tracebacks"] == 0, result
    assert result["ok"], result

"""A health check for load balancers and orchestrators: is the database up, is the cache up?"""

import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _check(name, probe):
    started = time.perf_counter()
    try:
        probe()
    except Exception as error:  # a health check reports failures, it doesn't raise them
        logger.warning("health check: %s is down: %s", name, error)
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    cache.set("newsroom:health", "ok", 10)
    if cache.get("newsroom:health") != "ok":
        raise RuntimeError("cache did not return what was stored")


@never_cache
def health(request):
    checks = {"database": _check("database", _database), "cache": _check("cache", _cache)}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )

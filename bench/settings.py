"""Production settings as the load and fault benchmarks run them (``DJANGO_SETTINGS_MODULE=bench.settings``).

Everything is ``newsroom.settings.production``; only what a single loopback client needs differs:

* every simulated reader comes from 127.0.0.1, so the client IP is read from ``X-Forwarded-For``
  as behind one trusted proxy (``NUM_PROXIES = 1``: its rightmost entry), and each simulated reader
  sends its own address there;
* the fault benchmark shortens ``CLAIM_TIMEOUT`` (``BENCH_CLAIM_TIMEOUT``) so that it does not wait
  15 minutes for a killed worker's claims to go stale.
"""

import os

# One process on loopback: links may point there, and a local-memory cache is allowed (--sqlite runs).
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("REQUIRE_SHARED_CACHE", "False")

from newsroom.settings.production import *  # noqa: F403
from newsroom.settings.production import NEWSLETTER, env

NEWSLETTER = {
    **NEWSLETTER,
    "NUM_PROXIES": 1,
    "CLAIM_TIMEOUT": env.int("BENCH_CLAIM_TIMEOUT", default=15 * 60),
    "BATCH_SIZE": env.int("BENCH_BATCH_SIZE", default=100),
}

"""System checks for what the newsletter needs from the deployment."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches)
def rate_limits_need_a_shared_cache(app_configs, **kwargs) -> list[Error]:
    """Where ``REQUIRE_SHARED_CACHE`` is set (production), the default cache must be shared.

    Signup rate limits count in the default cache: a per-process cache counts per worker, so four
    gunicorn workers allow four times the limit and a restart forgets it.
    """
    if not getattr(settings, "REQUIRE_SHARED_CACHE", False):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is per process: "
            "signup rate limits would count per worker.",
            hint="Set CACHE_URL to a shared cache, e.g. rediscache://127.0.0.1:6379/1 "
            "(or REQUIRE_SHARED_CACHE=False for a single-process deployment).",
            id="newsletter.E001",
        )
    ]

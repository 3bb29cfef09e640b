"""System checks for what the newsletter needs from the deployment (ids ``newsletter.E0xx``, ``W0xx``)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.checks import Error, Tags, register

from .conf import get_setting
from .mail import get_connection

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


@checks.register(checks.Tags.compatibility)
def check_mail_timeout(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A sender trusts its claims for ``CLAIM_TIMEOUT``; a connection with no timeout (or one close to
    it) makes it renew them before every message, and a hung server holds it forever."""
    from .sending import EXCHANGE_STEPS, connection_timeout

    try:
        connection = get_connection()
    except Exception:  # a provider backend missing its keys: its own checks and first send say so
        return []
    if not hasattr(connection, "timeout"):  # console, file, locmem: nothing to wait for
        return []
    timeout = connection_timeout(connection)
    claim_timeout = get_setting("CLAIM_TIMEOUT")
    if not timeout or EXCHANGE_STEPS * timeout >= claim_timeout / 2:
        return [
            checks.Warning(
                f"The mail connection's timeout ({timeout}) is unset or too long for the newsletter's "
                f"CLAIM_TIMEOUT ({claim_timeout}s): claims will be renewed before every message.",
                hint=f"Set EMAIL_TIMEOUT (or the mailer's timeout) below {claim_timeout / 2 / EXCHANGE_STEPS:g}s.",
                id="newsletter.W001",
            )
        ]
    return []

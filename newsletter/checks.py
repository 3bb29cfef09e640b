"""System checks for the newsletter's configuration (ids ``newsletter.W0xx``)."""

from __future__ import annotations

from django.core import checks

from .conf import get_setting
from .mail import get_connection


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

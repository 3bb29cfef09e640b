"""The preferences confirmation: after a reader changes their preferences, an email saying what they
now receive, in their (possibly new) language, so a change they did not make does not go unnoticed.

Transactional (asked for by the reader's own action): none of the list headers. Sent only when the
save changed something (newsletters, pause, language); enqueued once the change has committed.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from . import subscriptions
from .links import preferences_url
from .mail import newsletter_message, send_one
from .models import Subscriber
from .rendering import render_email

logger = logging.getLogger(__name__)


class PreferencesConfirmationNotSent(Exception):
    """The server did not accept the email (the task fails, to be retried)."""


def preferences_state(address: str) -> tuple:
    """What the reader's preferences are, to tell whether a save changed them."""
    from .preferences import subscriptions_of

    return tuple(
        sorted(
            (row.newsletter_id, row.status, row.paused_until, row.language)
            for row in subscriptions_of(address).values()
        )
    )


@task()
def send_preferences_confirmation(subscriber_id: int) -> str:
    """Tell ``subscriber_id``'s address what it now receives: ``"sent"`` or ``"no subscriber"``."""
    from .languages import native_language_choices
    from .preferences import subscriptions_of

    subscriber = Subscriber.objects.select_related("newsletter__site").filter(pk=subscriber_id).first()
    if subscriber is None:
        return "no subscriber"
    rows = subscriptions_of(subscriber.email).values()
    confirmed = [row for row in rows if row.status == Subscriber.Status.CONFIRMED]
    paused = [row.paused_until for row in confirmed if row.paused_until]
    newsletter = subscriber.newsletter
    context = {
        "newsletter": newsletter,
        "subscriber": subscriber,
        "receiving": sorted(row.newsletter.name for row in confirmed),
        "paused_until": max(paused) if paused else None,
        "language_name": dict(native_language_choices()).get(subscriber.language, subscriber.language),
        "preferences_url": preferences_url(newsletter, subscriptions.subscriber_token(subscriber)),
    }
    rendered = render_email("preferences_saved", context, language=subscriber.language)
    message = newsletter_message(
        newsletter, subject=rendered.subject, text=rendered.text, html=rendered.html, to=subscriber.email
    )
    if not send_one(message):
        raise PreferencesConfirmationNotSent("the mail backend sent nothing")
    return "sent"


def confirm_if_changed(subscriber: Subscriber, before: tuple) -> bool:
    """Enqueue the confirmation (after commit) when the reader's preferences differ from ``before``."""
    if preferences_state(subscriber.email) == before:
        return False

    def enqueue() -> None:
        try:
            send_preferences_confirmation.enqueue(subscriber.pk)
        except Exception:  # the saved preferences stand whatever happens to the email
            logger.exception("Could not enqueue the preferences confirmation for subscriber %s", subscriber.pk)

    transaction.on_commit(enqueue)
    return True

"""The newsletter's background work, through Django's tasks framework (``django_tasks``).

In-process on the embedded default backend; on a real queue, many workers may run
``send_edition_task`` for the same edition at once: claims keep them from sending twice.
"""

from __future__ import annotations

import datetime
import logging

from django_tasks import task

from .mail import newsletter_message, send_one
from .rendering import render_email

logger = logging.getLogger(__name__)


class ConfirmationNotSent(Exception):
    """The confirmation email was not accepted; the claim was given back so the task can run again."""


@task()
def send_confirmation_email(subscriber_id: int) -> str:
    """Send ``subscriber_id``'s double opt-in email if it is due: ``"sent"`` or ``"not due"``.

    Safe to enqueue twice, to retry and to run concurrently: the send is claimed first
    (:func:`~newsletter.subscriptions.claim_confirmation`), so at most one email per address goes out
    per ``CONFIRMATION_INTERVAL``. If the SMTP server does not accept it the claim is given back, the
    failure is logged and the task fails with :class:`ConfirmationNotSent` (its result says why);
    running it again, or ``manage.py resend_confirmations``, sends it. The subscriber and the consent
    log are written before the task is enqueued and never depend on it.
    """
    from . import subscriptions

    claim = subscriptions.claim_confirmation(subscriber_id)
    if claim is None:
        return "not due"
    subscriber = claim.subscriber
    newsletter = subscriber.newsletter
    try:
        context = {
            "newsletter": newsletter,
            "subscriber": subscriber,
            "confirm_url": subscriptions.confirm_url(subscriber),
        }
        rendered = render_email("confirm", context, language=subscriber.language)
        # Transactional: asked for by the reader, so none of the list headers (no unsubscribing from it).
        message = newsletter_message(
            newsletter, subject=rendered.subject, text=rendered.text, html=rendered.html, to=subscriber.email
        )
        if not send_one(message):
            raise ConfirmationNotSent("the mail backend sent nothing")
    except Exception as error:
        subscriptions.release_confirmation(claim)
        logger.warning(
            "Confirmation email to subscriber %s not sent, to be retried: %s: %s",
            subscriber_id,
            error.__class__.__name__,
            error,
        )
        if isinstance(error, ConfirmationNotSent):
            raise
        raise ConfirmationNotSent(f"{error.__class__.__name__}: {error}") from error
    return "sent"


@task()
def send_daily_headlines_task(date: str | None = None, newsletter: str | None = None) -> list[dict]:
    """The cron job as a task: ``date`` is ISO ``YYYY-MM-DD``, ``newsletter`` a slug (default: all)."""
    from dataclasses import asdict

    from .sending import send_daily_headlines

    day = datetime.date.fromisoformat(date) if date else None
    return [asdict(result) for result in send_daily_headlines(day, newsletter)]


@task()
def send_edition_task(edition_id: int) -> dict:
    from dataclasses import asdict

    from .models import Edition
    from .sending import send_edition

    return asdict(send_edition(Edition.objects.get(pk=edition_id)))

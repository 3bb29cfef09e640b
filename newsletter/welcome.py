"""The welcome email, sent once when a reader confirms (copy per newsletter: ``welcome_subject`` and
``welcome_text``, where ``{name}`` stands for the newsletter's name; blank text: no welcome email).

It follows the consent log rather than the views: every ``confirm`` event (the confirm page, the
preferences page) enqueues :func:`send_welcome_email` once the transaction commits, and the task
claims ``welcomed_at`` with one compare-and-set ``UPDATE`` before sending, so a reader gets at most
one welcome however often the task runs. A send the server refuses gives the claim back and fails
the task, to be retried.
"""

from __future__ import annotations

import logging

from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from . import subscriptions
from .links import preferences_url
from .mail import list_headers, newsletter_message, send_one
from .models import ConsentEvent, Newsletter, Subscriber
from .rendering import render_email, translated_default

logger = logging.getLogger(__name__)


class WelcomeNotSent(Exception):
    """The server did not accept the welcome email; the claim was given back for a retry."""


# The model's default welcome copy, for makemessages: translated while editors keep it (welcome_copy).
DEFAULT_COPY = (
    gettext_noop("Welcome to {name}"),
    gettext_noop("Thank you for confirming. Your first edition arrives at the next send time."),
)


def welcome_copy(newsletter, field: str, language: str) -> str:
    """The newsletter's welcome copy in ``language`` where editors kept the default wording."""
    model_field = Newsletter._meta.get_field(field)
    default = model_field.get_default() if isinstance(model_field, models.Field) else ""
    return translated_default(getattr(newsletter, field), default, language)


def fill(copy: str, newsletter) -> str:
    """``{name}`` replaced by the newsletter's name (no other formatting: editors' braces stay as typed)."""
    return copy.replace("{name}", newsletter.name)


@task()
def send_welcome_email(subscriber_id: int) -> str:
    """Send ``subscriber_id`` the welcome email once: ``"sent"``, ``"not due"`` or ``"no welcome copy"``."""
    subscriber = Subscriber.objects.select_related("newsletter__site").filter(pk=subscriber_id).first()
    if subscriber is None or not subscriber.newsletter.welcome_text.strip():
        return "no welcome copy"
    now = timezone.now()
    claimed = Subscriber.objects.filter(
        pk=subscriber_id, status=Subscriber.Status.CONFIRMED, welcomed_at__isnull=True
    ).update(welcomed_at=now)
    if not claimed:
        return "not due"
    newsletter = subscriber.newsletter
    token = subscriptions.subscriber_token(subscriber)
    unsubscribe_url = subscriptions.unsubscribe_url(newsletter, token)
    context = {
        "newsletter": newsletter,
        "subscriber": subscriber,
        "message": fill(welcome_copy(newsletter, "welcome_text", subscriber.language), newsletter),
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": preferences_url(newsletter, token),
    }
    subject = fill(welcome_copy(newsletter, "welcome_subject", subscriber.language) or "Welcome to {name}", newsletter)
    rendered = render_email("welcome", context, language=subscriber.language, subject=subject)
    message = newsletter_message(
        newsletter,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        to=subscriber.email,
        headers=list_headers(newsletter, unsubscribe_url=unsubscribe_url, token=token),
    )
    try:
        if not send_one(message):
            raise WelcomeNotSent("the mail backend sent nothing")
    except Exception as error:
        Subscriber.objects.filter(pk=subscriber_id, welcomed_at=now).update(welcomed_at=None)
        logger.warning("Welcome email to subscriber %s not sent: %s: %s", subscriber_id, type(error).__name__, error)
        if isinstance(error, WelcomeNotSent):
            raise
        raise WelcomeNotSent(f"{type(error).__name__}: {error}") from error
    return "sent"


def enqueue_welcome(subscriber_id: int) -> None:
    try:
        send_welcome_email.enqueue(subscriber_id)
    except Exception:  # the confirmation stands whatever happens to the welcome
        logger.exception("Could not enqueue the welcome email for subscriber %s", subscriber_id)


def on_consent_event(sender, instance: ConsentEvent, created: bool, **kwargs) -> None:
    if created and instance.action == ConsentEvent.Action.CONFIRM:
        subscriber_id = instance.subscriber_id
        transaction.on_commit(lambda: enqueue_welcome(subscriber_id))


def connect() -> None:
    post_save.connect(on_consent_event, sender=ConsentEvent, dispatch_uid="newsletter.welcome")

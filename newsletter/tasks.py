"""The newsletter's background work, through Django's tasks framework (``django_tasks``).

In-process on the embedded default backend; on a real queue, many workers may run
``send_edition_task`` for the same edition at once: claims keep them from sending twice.
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django_tasks import task

from .mail import get_connection, newsletter_message


@task()
def send_confirmation_email(subscriber_id: int) -> bool:
    from . import subscriptions
    from .models import Subscriber

    subscriber = Subscriber.objects.select_related("newsletter__site").filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != Subscriber.Status.PENDING:
        return False
    newsletter = subscriber.newsletter
    context = {"newsletter": newsletter, "subscriber": subscriber, "confirm_url": subscriptions.confirm_url(subscriber)}
    message = newsletter_message(
        newsletter,
        subject=" ".join(render_to_string("newsletter/email/confirm_subject.txt", context).split()),
        text=render_to_string("newsletter/email/confirm.txt", context),
        html=render_to_string("newsletter/email/confirm.html", context),
        to=subscriber.email,
    )
    return get_connection().send_messages([message]) == 1


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

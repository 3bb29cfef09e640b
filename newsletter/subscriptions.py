"""What happens to an address: asking to subscribe, confirming, unsubscribing. Each step is logged.

The public views call these and answer the same whatever they return, so nobody can learn from the
site whether an address is on the list.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from .conf import get_setting
from .mail import absolute
from .models import ConsentEvent, Newsletter, Subscriber, normalise_email
from .tokens import make_confirm_token


def find_subscriber(newsletter: Newsletter, address: str, *, lock: bool = False) -> Subscriber | None:
    queryset = Subscriber.objects.alias(email_ci=Lower("email")).filter(
        newsletter=newsletter, email_ci=normalise_email(address)
    )
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def log(subscriber: Subscriber, action: str, *, method: str = "", source_url: str = "", now=None) -> ConsentEvent:
    return ConsentEvent.objects.create(
        subscriber=subscriber, newsletter_id=subscriber.newsletter_id, action=action, method=method,
        source_url=source_url[:500], created_at=now or timezone.now(),
    )


def request_subscription(
    newsletter: Newsletter, address: str, *, source_url: str = "", now=None
) -> Subscriber | None:
    """Record a signup request; the subscriber when a confirmation email should go out now, else None.

    New and unsubscribed addresses become pending; a pending address gets its confirmation again at
    most once per ``CONFIRMATION_INTERVAL``; confirmed and suppressed addresses are left alone.
    """
    now = now or timezone.now()
    email = normalise_email(address)
    with transaction.atomic():
        subscriber = find_subscriber(newsletter, email, lock=True)
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        newsletter=newsletter, email=email, source_url=source_url[:500], created_at=now
                    )
            except IntegrityError:  # the same address signing up twice at the same moment
                subscriber = find_subscriber(newsletter, email, lock=True)
                if subscriber is None:
                    raise
        if subscriber.status in (Subscriber.Status.CONFIRMED, Subscriber.Status.SUPPRESSED):
            return None
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.PENDING
        log(subscriber, ConsentEvent.Action.SUBSCRIBE, method="form", source_url=source_url, now=now)
        interval = datetime.timedelta(seconds=get_setting("CONFIRMATION_INTERVAL"))
        send = subscriber.confirmation_sent_at is None or subscriber.confirmation_sent_at <= now - interval
        if send:
            subscriber.confirmation_sent_at = now
        subscriber.save(update_fields=["status", "confirmation_sent_at"])
    return subscriber if send else None


def confirm(subscriber: Subscriber, *, now=None) -> bool:
    """Confirm a pending subscription; True if the address is (now or already) confirmed."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return True
        if subscriber.status != Subscriber.Status.PENDING:
            return False
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["status", "confirmed_at"])
        log(subscriber, ConsentEvent.Action.CONFIRM, method="confirm page", now=now)
    return True


def unsubscribe(subscriber: Subscriber, *, method: str, now=None) -> None:
    """Stop all mail to this subscription, idempotently; the row and its history stay."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status not in (Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED):
            return
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = now
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        log(subscriber, ConsentEvent.Action.UNSUBSCRIBE, method=method, now=now)


def confirm_url(subscriber: Subscriber) -> str:
    return absolute(subscriber.newsletter, reverse("newsletter:confirm", args=[make_confirm_token(subscriber)]))


def unsubscribe_url(newsletter_or_base, token: str) -> str:
    """The unsubscribe link for a token from :func:`~newsletter.tokens.make_unsubscribe_token`."""
    return absolute(newsletter_or_base, reverse("newsletter:unsubscribe", args=[token]))

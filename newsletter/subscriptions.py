"""What happens to an address: asking to subscribe, confirming, unsubscribing. Each step is logged.

The public views call these and answer the same whatever they return, so nobody can learn from the
site whether an address is on the list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from .addresses import mailbox_key, normalise_email
from .conf import get_setting
from .languages import normalise_language
from .mail import absolute
from .models import ConsentEvent, Newsletter, Subscriber
from .tokens import make_confirm_token, make_unsubscribe_token, read_unsubscribe_token


def find_subscriber(newsletter: Newsletter, address: str, *, lock: bool = False) -> Subscriber | None:
    queryset = Subscriber.objects.alias(email_ci=Lower("email")).filter(
        newsletter=newsletter, email_ci=normalise_email(address)
    )
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def log(
    subscriber: Subscriber, action: str, *, method: str = "", source_url: str = "", actor=None, now=None
) -> ConsentEvent:
    return ConsentEvent.objects.create(
        subscriber=subscriber,
        actor=actor,
        newsletter_id=subscriber.newsletter_id,
        action=action,
        method=method,
        source_url=source_url[:500],
        created_at=now or timezone.now(),
    )


def confirmation_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=get_setting("CONFIRMATION_INTERVAL"))


def confirmation_due(subscriber: Subscriber, now) -> bool:
    """A pending address whose last confirmation email (if any) went out more than the interval ago."""
    sent_at = subscriber.confirmation_sent_at
    return subscriber.status == Subscriber.Status.PENDING and (
        sent_at is None or sent_at <= now - confirmation_interval()
    )


def request_subscription(
    newsletter: Newsletter, address: str, *, source_url: str = "", now=None, language: str | None = None
) -> Subscriber | None:
    """Record a signup request; the subscriber when a confirmation email is due, else None.

    New and unsubscribed addresses become pending; a pending address is due a confirmation again
    once ``CONFIRMATION_INTERVAL`` has passed since the last one went out; confirmed and suppressed
    addresses are left alone. Nothing is sent here and nothing marks an email as sent: the caller
    enqueues ``newsletter.tasks.send_confirmation_email``, which claims the send itself
    (:func:`claim_confirmation`), so a task enqueued twice, retried, or racing another request for
    the same address still sends at most one email per interval.
    """
    now = now or timezone.now()
    email = normalise_email(address)
    language = normalise_language(language)
    with transaction.atomic():
        subscriber = find_subscriber(newsletter, email, lock=True)
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        newsletter=newsletter,
                        email=email,
                        source_url=source_url[:500],
                        created_at=now,
                        language=language,
                    )
            except IntegrityError:  # the same address signing up twice at the same moment
                subscriber = find_subscriber(newsletter, email, lock=True)
                if subscriber is None:
                    raise
        if subscriber.status in (Subscriber.Status.CONFIRMED, Subscriber.Status.SUPPRESSED):
            return None
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            # A new signup: confirmation links sent for an earlier one stop working, and so do the
            # unsubscribe and preferences links of the earlier subscription.
            subscriber.status = Subscriber.Status.PENDING
            subscriber.signup_number += 1
            subscriber.token_generation += 1
            subscriber.language = language  # the page of this new signup speaks for the reader now
            subscriber.save(update_fields=["status", "signup_number", "token_generation", "language"])
        log(subscriber, ConsentEvent.Action.SUBSCRIBE, method="form", source_url=source_url, now=now)
    return subscriber if confirmation_due(subscriber, now) else None


@dataclass(frozen=True)
class ConfirmationClaim:
    """The right to send one confirmation email, taken by :func:`claim_confirmation`."""

    subscriber: Subscriber
    claimed_at: datetime.datetime
    previous: datetime.datetime | None  # confirmation_sent_at before the claim, restored if the send fails


def claim_confirmation(subscriber_id: int, *, now=None) -> ConfirmationClaim | None:
    """Take the address's confirmation send for this interval, or None if it is not due.

    The claim is one compare-and-set ``UPDATE`` of ``confirmation_sent_at``, made before the email
    goes out: of two tasks for the same address (enqueued twice, retried, or two requests racing)
    only one gets it, on any database. The interval counts per inbox (``Subscriber.mailbox``): a
    confirmation sent to ``reader+a@`` in the last interval makes ``reader+b@`` not due either; every
    row of the inbox is locked in pk order first, so two claims for one inbox wait for each other.
    A worker killed between the claim and the SMTP server's answer leaves the claim in place: that
    address then gets no confirmation until the interval has passed (at most one email per interval
    wins over delivery); the subscriber row and consent log are kept.
    """
    now = now or timezone.now()
    row = Subscriber.objects.filter(pk=subscriber_id).values("newsletter_id", "mailbox", "email").first()
    if row is None:
        return None
    inbox = row["mailbox"] or mailbox_key(row["email"])
    with transaction.atomic():
        rows = list(
            Subscriber.objects.select_for_update(of=("self",))
            .select_related("newsletter__site")
            .filter(Q(pk=subscriber_id) | Q(newsletter_id=row["newsletter_id"], mailbox=inbox))
            .order_by("pk")
        )
        subscriber = next((candidate for candidate in rows if candidate.pk == subscriber_id), None)
        if subscriber is None or not confirmation_due(subscriber, now):
            return None
        recent = now - confirmation_interval()
        if any(other.confirmation_sent_at and other.confirmation_sent_at > recent for other in rows):
            return None  # another spelling of this inbox had its confirmation in this interval
        previous = subscriber.confirmation_sent_at
        due = Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lte=recent)
        claimed = Subscriber.objects.filter(due, pk=subscriber_id, status=Subscriber.Status.PENDING).update(
            confirmation_sent_at=now
        )
    if not claimed:
        return None
    subscriber.confirmation_sent_at = now
    return ConfirmationClaim(subscriber=subscriber, claimed_at=now, previous=previous)


def release_confirmation(claim: ConfirmationClaim) -> bool:
    """Give back a claim whose email was not sent, so that a retry (or the reader's next signup) sends it.

    Only our own claim is undone: if anything changed ``confirmation_sent_at`` since, it is left alone.
    """
    return bool(
        Subscriber.objects.filter(pk=claim.subscriber.pk, confirmation_sent_at=claim.claimed_at).update(
            confirmation_sent_at=claim.previous
        )
    )


def unconfirmed_requests(*, since: datetime.datetime, now=None):
    """Pending subscribers who asked since ``since`` and are due a confirmation that never went out
    (their send failed, or its task was lost before it ran): what ``resend_confirmations`` retries."""
    now = now or timezone.now()
    latest_request = (
        ConsentEvent.objects.filter(subscriber=OuterRef("pk"), action=ConsentEvent.Action.SUBSCRIBE)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Subscriber.objects.filter(status=Subscriber.Status.PENDING)
        .filter(Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lte=now - confirmation_interval()))
        .annotate(requested_at=Subquery(latest_request))
        .filter(requested_at__gte=since)
        .filter(Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=F("requested_at")))
        .order_by("pk")
    )


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


def unsubscribe(subscriber: Subscriber, *, method: str, actor=None, now=None) -> None:
    """Stop all mail to this subscription, idempotently; the row and its history stay.

    ``actor`` is the admin user who did it (None: the reader, through their link).
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status not in (Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED):
            return
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = now
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        log(subscriber, ConsentEvent.Action.UNSUBSCRIBE, method=method, actor=actor, now=now)


def subscriber_token(subscriber: Subscriber) -> str:
    """The unsubscribe and preferences token of ``subscriber``'s current link generation."""
    return make_unsubscribe_token(subscriber.pk, subscriber.token_generation)


def subscriber_for_token(token: str) -> Subscriber | None:
    """The subscriber an unsubscribe or preferences token names, if it is of their current link
    generation; None for a bad, tampered or revoked token."""
    data = read_unsubscribe_token(token)
    if data is None:
        return None
    subscriber = Subscriber.objects.select_related("newsletter").filter(pk=data.subscriber_id).first()
    if subscriber is None or subscriber.token_generation != data.generation:
        return None
    return subscriber


def has_proven_address(subscriber: Subscriber) -> bool:
    """The reader proved they own this address: this subscription was confirmed (double opt-in) and
    is not waiting for a new confirmation. Only then may its links manage their subscriptions."""
    return subscriber.confirmed_at is not None and subscriber.status != Subscriber.Status.PENDING


def revoke_links(subscriber: Subscriber) -> None:
    """Stop every unsubscribe and preferences link of ``subscriber`` sent or shown so far; their
    next email carries new ones. The subscription itself does not change."""
    Subscriber.objects.filter(pk=subscriber.pk).update(token_generation=F("token_generation") + 1)
    subscriber.refresh_from_db(fields=["token_generation"])


def confirm_url(subscriber: Subscriber) -> str:
    return absolute(subscriber.newsletter, reverse("newsletter:confirm", args=[make_confirm_token(subscriber)]))


def unsubscribe_url(newsletter_or_base, token: str) -> str:
    """The unsubscribe link for a token from :func:`~newsletter.tokens.make_unsubscribe_token`."""
    return absolute(newsletter_or_base, reverse("newsletter:unsubscribe", args=[token]))

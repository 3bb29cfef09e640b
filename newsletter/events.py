"""Provider events (bounces, complaints, unsubscribes) from django-anymail's tracking signal.

Anymail's webhook views (``anymail.urls`` at ``/anymail/``) check the request (basic auth with
``WEBHOOK_SECRET``, and the provider's signature where it has one), parse each provider's payload into
an ``AnymailTrackingEvent`` and send it on ``anymail.signals.tracking``; :func:`handle_tracking` is the
one receiver. What it does with an event:

* **hard bounce** (or a provider refusing an address it knows bounces): the delivery is marked
  bounced and the subscriber suppressed, with the reason and provider in the consent log;
* **soft bounce**: the delivery is marked; ``SOFT_BOUNCE_LIMIT`` soft-bounced deliveries within
  ``SOFT_BOUNCE_DAYS`` suppress the subscriber;
* **complaint**: the delivery is marked and the subscriber unsubscribed at once, logged as a
  ``complaint`` consent event; a provider-side **unsubscribe** unsubscribes too;
* anything else (delivered, opened, deferred while the provider still retries…) changes nothing.

**Once only.** Each event that changes something is recorded (:class:`~newsletter.models.ProviderEvent`,
unique by provider and event id, or a digest of the event where the provider gives no id) in the same
transaction as its effects, so a replayed or duplicated webhook changes nothing again; and every
effect is a conditional ``UPDATE`` (a delivery is marked bounced or complained once, a subscriber
leaves ``confirmed`` once), so two events for the same fact, or events out of order, cannot count
twice either. An event whose message is not one of our deliveries is logged and ignored.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from dataclasses import dataclass

from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .conf import get_setting
from .models import ConsentEvent, Delivery, ProviderEvent, Subscriber

logger = logging.getLogger(__name__)

HARD, SOFT, COMPLAINT, UNSUBSCRIBE = "hard", "soft", "complaint", "unsubscribe"

# Our own Message-ID (newsletter.messages.MessageFactory.message_id): <slug.YYYYMMDD.delivery-pk@domain>.
OUR_MESSAGE_ID = re.compile(r"<?[\w-]+\.\d{8}\.(?P<pk>\d+)@[^>]+>?")


def classify(event: AnymailTrackingEvent) -> str | None:
    """What ``event`` means for us: HARD, SOFT, COMPLAINT, UNSUBSCRIBE, or None (nothing to do).

    Anymail normalises most of it; whether a bounce is permanent is read from the provider's own
    fields where anymail reports both kinds as ``bounced`` (SES, Postmark, SendGrid). Deferrals
    (the provider is still retrying) are not bounces yet.
    """
    kind = event.event_type
    if kind == EventType.COMPLAINED:
        return COMPLAINT
    if kind == EventType.UNSUBSCRIBED:
        return UNSUBSCRIBE
    if kind == EventType.REJECTED and event.reject_reason in (RejectReason.BOUNCED, RejectReason.INVALID):
        return HARD  # the provider refuses an address it already knows bounces
    if kind != EventType.BOUNCED:
        return None
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    if isinstance(raw.get("bounce"), dict):  # Amazon SES
        return HARD if raw["bounce"].get("bounceType") == "Permanent" else SOFT
    if "RecordType" in raw:  # Postmark
        return SOFT if raw.get("Type") == "SoftBounce" else HARD
    if raw.get("event") == "bounce":  # SendGrid: "blocked" is the receiving server's temporary refusal
        return SOFT if str(raw.get("type", "")).lower() == "blocked" else HARD
    return HARD  # Mailgun reports only permanent failures as bounced (temporary ones are deferred)


def _message_ids(event: AnymailTrackingEvent) -> list[str]:
    """The ids the event gives for its message: the provider's, and the Message-ID header if present."""
    ids = [event.message_id] if event.message_id else []
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    header = (raw.get("mail") or {}).get("commonHeaders", {}).get("messageId")  # SES
    if header:
        ids.append(header)
    return [str(value) for value in ids]


def find_delivery(event: AnymailTrackingEvent) -> Delivery | None:
    """The delivery the event is about: by the provider's message id, else by our own Message-ID."""
    ids = _message_ids(event)
    if not ids:
        return None
    queryset = Delivery.objects.select_related("subscriber")
    delivery = queryset.filter(provider_message_id__in=ids).first()
    if delivery is None:
        for value in ids:
            match = OUR_MESSAGE_ID.fullmatch(value.strip())
            if match:
                wanted = value.strip() if value.strip().startswith("<") else f"<{value.strip()}>"
                delivery = queryset.filter(pk=int(match["pk"]), message_id=wanted).first()
                if delivery is not None:
                    break
    if delivery is not None and event.recipient and event.recipient.lower() != delivery.subscriber.email.lower():
        logger.warning("Provider event for %s names another recipient; ignored", delivery.message_id)
        return None
    return delivery


def event_key(event: AnymailTrackingEvent, esp_name: str) -> str:
    """The provider's event id, or a digest of what makes the event itself (some send none)."""
    if event.event_id:
        return str(event.event_id)[:255]
    parts = (esp_name, event.event_type, event.message_id, event.recipient, event.timestamp, event.description)
    return "sha256:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclass
class Outcome:
    action: str  # "applied", "duplicate", "ignored", "unknown message"
    kind: str | None = None


def handle_tracking(sender=None, event: AnymailTrackingEvent | None = None, esp_name: str = "", **kwargs) -> Outcome:
    """The receiver of ``anymail.signals.tracking``: apply ``event`` once (see the module docstring)."""
    if event is None:  # anymail always sends one; the default only matches the signal's keyword calling
        raise TypeError("handle_tracking needs the tracking event")
    kind = classify(event)
    if kind is None:
        return Outcome("ignored")
    delivery = find_delivery(event)
    if delivery is None:
        logger.info(
            "%s %s event for an unknown message %r ignored", esp_name, event.event_type, event.message_id or "-"
        )
        return Outcome("unknown message", kind)
    when = event.timestamp or timezone.now()
    detail = " ".join(str(part) for part in (event.description, event.mta_response) if part)[:255]
    try:
        with transaction.atomic():
            ProviderEvent.objects.create(
                provider=esp_name[:40],
                key=event_key(event, esp_name),
                event_type=kind,
                delivery=delivery,
                recipient=(event.recipient or "")[:254],
                occurred_at=event.timestamp,
                detail=detail,
            )
            APPLY[kind](delivery, when=when, provider=esp_name, detail=detail)
    except IntegrityError:
        return Outcome("duplicate", kind)
    return Outcome("applied", kind)


def _log(subscriber_id: int, newsletter_id: int, action: str, provider: str, detail: str) -> None:
    ConsentEvent.objects.create(
        subscriber_id=subscriber_id,
        newsletter_id=newsletter_id,
        action=action,
        method=f"{provider} webhook"[:40],
        detail=detail,
    )


def suppress(subscriber: Subscriber, *, provider: str, detail: str) -> bool:
    """Stop mail to a confirmed (or pending) address for good, on the record; False if it already was."""
    stopped = Subscriber.objects.filter(
        pk=subscriber.pk, status__in=[Subscriber.Status.CONFIRMED, Subscriber.Status.PENDING]
    ).update(status=Subscriber.Status.SUPPRESSED)
    if stopped:
        _log(subscriber.pk, subscriber.newsletter_id, ConsentEvent.Action.SUPPRESS, provider, detail)
    return bool(stopped)


def apply_hard_bounce(delivery: Delivery, *, when, provider: str, detail: str) -> None:
    if Delivery.objects.filter(pk=delivery.pk).exclude(bounce=HARD).update(bounce=HARD, bounced_at=when):
        suppress(delivery.subscriber, provider=provider, detail=f"hard bounce: {detail}"[:255])


def apply_soft_bounce(delivery: Delivery, *, when, provider: str, detail: str) -> None:
    if not Delivery.objects.filter(pk=delivery.pk, bounce="").update(bounce=SOFT, bounced_at=when):
        return
    days = get_setting("SOFT_BOUNCE_DAYS")
    since = timezone.now() - datetime.timedelta(days=days)
    count = Delivery.objects.filter(subscriber_id=delivery.subscriber_id, bounce=SOFT, bounced_at__gte=since).count()
    if count >= get_setting("SOFT_BOUNCE_LIMIT"):
        suppress(delivery.subscriber, provider=provider, detail=f"{count} soft bounces in {days} days: {detail}"[:255])


def apply_complaint(delivery: Delivery, *, when, provider: str, detail: str) -> None:
    if not Delivery.objects.filter(pk=delivery.pk, complained_at__isnull=True).update(complained_at=when):
        return
    Subscriber.objects.filter(
        Q(status=Subscriber.Status.CONFIRMED) | Q(status=Subscriber.Status.PENDING), pk=delivery.subscriber_id
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    _log(delivery.subscriber_id, delivery.subscriber.newsletter_id, ConsentEvent.Action.COMPLAINT, provider, detail)


def apply_unsubscribe(delivery: Delivery, *, when, provider: str, detail: str) -> None:
    if Subscriber.objects.filter(
        Q(status=Subscriber.Status.CONFIRMED) | Q(status=Subscriber.Status.PENDING), pk=delivery.subscriber_id
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()):
        _log(
            delivery.subscriber_id, delivery.subscriber.newsletter_id, ConsentEvent.Action.UNSUBSCRIBE, provider, detail
        )


APPLY = {HARD: apply_hard_bounce, SOFT: apply_soft_bounce, COMPLAINT: apply_complaint, UNSUBSCRIBE: apply_unsubscribe}

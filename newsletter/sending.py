"""Delivering an edition: one ``Delivery`` row per recipient, claimed in batches, marked as it goes.

Guarantees, and how:

* **Never twice.** A delivery is claimed (status ``sending``, ``claimed_by`` this worker) before its
  message goes out and marked ``sent`` the moment the SMTP server accepts it. Re-runs only claim
  ``queued`` rows, or ``sending`` rows whose claim is older than ``CLAIM_TIMEOUT`` (a worker that
  died). The only possible duplicate is a message accepted in the instant before a worker died and
  before its row was marked: at most one per dead worker.
* **Nobody skipped.** Every confirmed subscriber gets a row before sending starts; a run stops only
  when no row is claimable; rows a broken connection left unsent go back to ``queued``.
* **Two workers at once.** On PostgreSQL a claim is ``SELECT … FOR UPDATE SKIP LOCKED``; on SQLite
  the claim's ``UPDATE`` re-checks the claimable condition, and SQLite serialises writers.
* **Temporary errors** (4xx) are retried with exponential backoff up to ``MAX_ATTEMPTS``;
  **permanent** ones (5xx) fail the delivery and count a hard bounce; ``HARD_BOUNCE_LIMIT`` of them
  suppress the address.
"""

from __future__ import annotations

import contextlib
import datetime
import email.policy
import logging
import os
import smtplib
import socket
import uuid
from dataclasses import dataclass, field

import django
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import subscriptions
from .conf import get_setting
from .digest import (
    UNSUBSCRIBE_PLACEHOLDER,
    RenderedEmail,
    build_edition_digest,
    candidate_pages,
    personalise,
    render_digest,
    uncurated_items,
)
from .mail import base_url, get_connection, newsletter_message, sender_domain, unsubscribe_mailto
from .models import ConsentEvent, Delivery, Edition, EditionItem, Newsletter, Subscriber
from .tokens import make_unsubscribe_token

logger = logging.getLogger(__name__)

ENQUEUE_CHUNK = 1000


class ConnectionBroken(Exception):
    """The SMTP connection failed as a whole; the batch goes back to the queue."""


@dataclass
class SendResult:
    edition: str
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    skipped: int = 0
    batches: int = 0
    interrupted: str = ""
    finished: bool = False
    errors: list[str] = field(default_factory=list)


# Editions ---------------------------------------------------------------------------------------


def get_or_create_edition(newsletter: Newsletter, date: datetime.date, *, now=None) -> Edition:
    """The edition of ``date``, created with the day's stories (top story first) for editors to curate."""
    edition, created = Edition.objects.get_or_create(newsletter=newsletter, date=date)
    if created:
        pages = candidate_pages(newsletter, date, now=now)
        EditionItem.objects.bulk_create([EditionItem(edition=edition, **values) for values in uncurated_items(pages)])
    return edition


def freeze(edition: Edition, *, now=None) -> RenderedEmail:
    """Render the edition once, store it and start sending; later calls return the stored copy."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().select_related("newsletter").get(pk=edition.pk)
        if not edition.is_frozen:
            rendered = render_digest(build_edition_digest(edition, now=now))
            edition.rendered_subject = rendered.subject
            edition.rendered_text = rendered.text
            edition.rendered_html = rendered.html
            edition.rendered_at = now or timezone.now()
            edition.status = Edition.Status.SENDING
            edition.save(update_fields=["rendered_subject", "rendered_text", "rendered_html", "rendered_at",
                                        "status"])
    return RenderedEmail(edition.rendered_subject, edition.rendered_text, edition.rendered_html)


def enqueue_deliveries(edition: Edition) -> int:
    """One queued delivery for each confirmed subscriber who has none yet (safe to repeat)."""
    pending_ids = (
        Subscriber.objects.filter(newsletter_id=edition.newsletter_id, status=Subscriber.Status.CONFIRMED)
        .exclude(pk__in=Delivery.objects.filter(edition=edition).values("subscriber_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(pending_ids)
    for start in range(0, len(ids), ENQUEUE_CHUNK):
        Delivery.objects.bulk_create(
            [Delivery(edition=edition, subscriber_id=pk) for pk in ids[start:start + ENQUEUE_CHUNK]],
            ignore_conflicts=True,
        )
    return len(ids)


# Claiming ---------------------------------------------------------------------------------------


def claimable(edition: Edition, now: datetime.datetime):
    stale = now - datetime.timedelta(seconds=get_setting("CLAIM_TIMEOUT"))
    return Delivery.objects.filter(edition=edition).filter(
        Q(status=Delivery.Status.QUEUED, next_attempt_at__isnull=True)
        | Q(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=stale)
    )


def claim_batch(edition: Edition, worker: str, size: int, *, now=None) -> list[Delivery]:
    """Claim up to ``size`` deliveries for ``worker``; no two workers ever get the same row."""
    now = now or timezone.now()
    with transaction.atomic():
        candidates = claimable(edition, now).order_by("pk")
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        # Re-checking the condition makes the claim safe where SKIP LOCKED does not exist.
        claimable(edition, now).filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_by=worker, claimed_at=now, attempts=F("attempts") + 1
        )
    batch = list(
        Delivery.objects.filter(pk__in=ids, claimed_by=worker, status=Delivery.Status.SENDING)
        .select_related("subscriber")
        .order_by("pk")
    )
    gone = {delivery.pk for delivery in batch if delivery.subscriber.status != Subscriber.Status.CONFIRMED}
    if gone:
        Delivery.objects.filter(pk__in=gone, claimed_by=worker).update(status=Delivery.Status.SKIPPED, claimed_by="")
    # A delivery that keeps breaking connections (or whose workers keep dying) stops being retried.
    worn = {delivery.pk for delivery in batch if delivery.attempts > get_setting("MAX_ATTEMPTS")} - gone
    if worn:
        Delivery.objects.filter(pk__in=worn, claimed_by=worker).update(
            status=Delivery.Status.FAILED, claimed_by="", last_error="too many attempts"
        )
    return [delivery for delivery in batch if delivery.pk not in gone and delivery.pk not in worn]


# Messages ---------------------------------------------------------------------------------------


def message_id_for(edition: Edition, delivery_pk: int, domain: str) -> str:
    """Stable per delivery: a retry of the same delivery carries the same Message-ID."""
    return f"<{edition.newsletter.slug}.{edition.date:%Y%m%d}.{delivery_pk}@{domain}>"


# Stand-ins for the per-recipient parts in the edition's serialised message (see MessageFactory).
TO_PLACEHOLDER = "newsletter-recipient-placeholder@recipient.invalid"
MSGID_PLACEHOLDER = "<newsletter-message-id-placeholder@message-id.invalid>"
TOKEN_PLACEHOLDER = "NEWSLETTERTOKENPLACEHOLDER"  # noqa: S105 - not a secret


class MessageFactory:
    """Everything common to an edition's messages, worked out once; per message only the
    recipient, the unsubscribe token (in the link and the mailto) and the Message-ID change.

    Building and serialising a Django message costs about ten times what substituting those parts
    in the edition's message, serialised once, does; over SMTP that keeps sending near the speed of
    a bare ``smtplib`` loop (``bench/bench_newsletter.py``). Other backends, and any message the
    substitution cannot be trusted with, get an ordinary ``EmailMultiAlternatives``.
    """

    def __init__(self, edition: Edition, rendered: RenderedEmail):
        newsletter = edition.newsletter
        self.edition = edition
        self.rendered = rendered
        self.domain = sender_domain(newsletter)
        self.list_id = f"{newsletter.name} <{newsletter.slug}.{self.domain}>"
        self.mailto = unsubscribe_mailto(newsletter)
        # The unsubscribe link with the token left out: only the token differs between recipients.
        self.unsubscribe_url_template = subscriptions.unsubscribe_url(base_url(newsletter), TOKEN_PLACEHOLDER)
        self.template = self._template()

    def _compose(self, *, to: str, token: str, message_id: str) -> EmailMultiAlternatives:
        unsubscribe_url = self.unsubscribe_url_template.replace(TOKEN_PLACEHOLDER, token)
        copy = personalise(self.rendered, unsubscribe_url=unsubscribe_url)
        return newsletter_message(
            self.edition.newsletter, subject=copy.subject, text=copy.text, html=copy.html, to=to,
            headers={
                "Message-ID": message_id,
                "List-Id": self.list_id,
                "List-Unsubscribe": f"<{unsubscribe_url}>, <mailto:{self.mailto}?subject=unsubscribe%20{token}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )

    def _template(self) -> bytes | None:
        """The edition's message serialised once with placeholders, if every placeholder survived
        intact (a transfer encoding that splits lines would break them: then each message is built)."""
        if not (self.unsubscribe_url_template + self.domain).isascii():
            return None  # encoded in the headers, where substitution would not reach
        raw = _serialise(self._compose(to=TO_PLACEHOLDER, token=TOKEN_PLACEHOLDER, message_id=MSGID_PLACEHOLDER))
        links = self.rendered.text.count(UNSUBSCRIBE_PLACEHOLDER) + self.rendered.html.count(UNSUBSCRIBE_PLACEHOLDER)
        intact = (
            raw.count(TOKEN_PLACEHOLDER.encode()) == links + 2  # and the List-Unsubscribe link and mailto
            and raw.count(TO_PLACEHOLDER.encode()) == 1
            and raw.count(MSGID_PLACEHOLDER.encode()) == 1
        )
        return raw if intact else None

    def build(self, delivery: Delivery, *, fast: bool = False) -> EmailMultiAlternatives:
        """``delivery``'s message; ``fast``: made from the serialised template where it can be."""
        token = make_unsubscribe_token(delivery.subscriber_id)
        message_id = message_id_for(self.edition, delivery.pk, self.domain)
        address = delivery.subscriber.email
        if fast and self.template is not None and address.isascii():
            raw = (
                self.template.replace(TOKEN_PLACEHOLDER.encode(), token.encode())
                .replace(TO_PLACEHOLDER.encode(), address.encode())
                .replace(MSGID_PLACEHOLDER.encode(), message_id.encode())
            )
            return PrerenderedMessage(raw, from_email=self.edition.newsletter.from_email, to=[address],
                                      message_id=message_id)
        return self._compose(to=address, token=token, message_id=message_id)


class _RawMIME:
    """What the SMTP backend needs from ``EmailMessage.message()``: the finished bytes."""

    def __init__(self, raw: bytes):
        self.raw = raw

    def as_bytes(self, *args, **kwargs) -> bytes:
        return self.raw


class PrerenderedMessage(EmailMultiAlternatives):
    """A message whose MIME bytes were made by substitution in the edition's serialised template."""

    def __init__(self, raw: bytes, *, from_email: str, to: list[str], message_id: str):
        super().__init__(from_email=from_email, to=to, headers={"Message-ID": message_id})
        self._raw = raw

    def message(self, *args, **kwargs):
        return _RawMIME(self._raw)


def _serialise(message: EmailMultiAlternatives) -> bytes:
    if django.VERSION >= (6, 1):
        return message.message(policy=email.policy.SMTP).as_bytes()
    return message.message().as_bytes(linesep="\r\n")


def _smtp_code(error: smtplib.SMTPException) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return codes[0] if codes else None
    return getattr(error, "smtp_code", None)


# Sending ----------------------------------------------------------------------------------------


def _mark_sent(delivery: Delivery, message_id: str, worker: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), message_id=message_id, claimed_by="", last_error=""
    )


def _release(deliveries: list[Delivery], worker: str, *, attempted: Delivery | None = None) -> None:
    """Put unsent rows back in the queue at once; only ``attempted`` keeps its attempt count."""
    untried = [delivery.pk for delivery in deliveries if delivery is not attempted]
    if untried:
        Delivery.objects.filter(pk__in=untried, claimed_by=worker).update(
            status=Delivery.Status.QUEUED, claimed_by="", attempts=F("attempts") - 1
        )
    if attempted is not None:
        Delivery.objects.filter(pk=attempted.pk, claimed_by=worker).update(
            status=Delivery.Status.QUEUED, claimed_by=""
        )


def _temporary_failure(delivery: Delivery, worker: str, error: str, result: SendResult) -> None:
    if delivery.attempts >= get_setting("MAX_ATTEMPTS"):
        _permanent_failure(delivery, worker, f"gave up after {delivery.attempts} attempts: {error}", result,
                           bounce=False)
        return
    delay = get_setting("RETRY_BACKOFF") * 2 ** max(delivery.attempts - 1, 0)
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        status=Delivery.Status.QUEUED, claimed_by="", last_error=error[:2000],
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
    )
    result.deferred += 1


def _permanent_failure(delivery: Delivery, worker: str, error: str, result: SendResult, *, bounce: bool = True):
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        status=Delivery.Status.FAILED, claimed_by="", last_error=error[:2000]
    )
    result.failed += 1
    if bounce:
        record_hard_bounce(delivery.subscriber)


def record_hard_bounce(subscriber: Subscriber) -> None:
    """Count a permanent failure; enough of them suppress the address (logged as consent history)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        subscriber.hard_bounces += 1
        fields = ["hard_bounces"]
        if (subscriber.hard_bounces >= get_setting("HARD_BOUNCE_LIMIT")
                and subscriber.status == Subscriber.Status.CONFIRMED):
            subscriber.status = Subscriber.Status.SUPPRESSED
            fields.append("status")
            subscriptions.log(subscriber, ConsentEvent.Action.SUPPRESS, method="hard bounces")
        subscriber.save(update_fields=fields)


def send_batch(batch: list[Delivery], factory: MessageFactory, worker: str, result: SendResult) -> None:
    """Send ``batch`` over one SMTP connection, marking each delivery as the server accepts it."""
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _release(batch, worker)
        raise ConnectionBroken(f"could not connect: {error}") from error
    # Over SMTP, messages are made by substitution in the edition's serialised template; other
    # backends (console, locmem, file) get ordinary EmailMessage objects.
    fast = isinstance(connection, SMTPBackend)
    try:
        for index, delivery in enumerate(batch):
            message = factory.build(delivery, fast=fast)
            try:
                connection.send_messages([message])
            except smtplib.SMTPSenderRefused as error:  # our configuration, not the recipient
                _release(batch[index:], worker, attempted=delivery)
                raise ConnectionBroken(f"sender refused: {error}") from error
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
                code = _smtp_code(error)
                text = f"{code} {error}"
                if code is not None and 400 <= code < 500:
                    _temporary_failure(delivery, worker, text, result)
                    if code == 421:  # the server is closing the connection: the rest go back too
                        _release(batch[index + 1:], worker)
                        raise ConnectionBroken(text) from error
                else:
                    _permanent_failure(delivery, worker, text, result)
            except (OSError, smtplib.SMTPException) as error:  # dropped connection, timeout…
                _release(batch[index:], worker, attempted=delivery)
                raise ConnectionBroken(f"connection lost: {error!r}") from error
            else:
                _mark_sent(delivery, message.extra_headers["Message-ID"], worker)
                result.sent += 1
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()


def make_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def send_edition(edition: Edition, *, batch_size: int | None = None, max_batches: int | None = None,
                 worker: str | None = None) -> SendResult:
    """Send (or resume sending) ``edition`` until nothing is claimable. Safe to run many at once."""
    edition = Edition.objects.select_related("newsletter").get(pk=edition.pk)
    result = SendResult(edition=str(edition))
    rendered = freeze(edition)
    enqueue_deliveries(edition)
    factory = MessageFactory(edition, rendered)
    worker = worker or make_worker_id()
    batch_size = batch_size or get_setting("BATCH_SIZE")
    while max_batches is None or result.batches < max_batches:
        batch = claim_batch(edition, worker, batch_size)
        if not batch:
            break
        result.batches += 1
        try:
            send_batch(batch, factory, worker, result)
        except ConnectionBroken as error:
            logger.warning("Sending %s stopped: %s", edition, error)
            result.interrupted = str(error)
            break
    result.skipped = Delivery.objects.filter(edition=edition, status=Delivery.Status.SKIPPED).count()
    if not Delivery.objects.filter(
        edition=edition, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    ).exists():
        Edition.objects.filter(pk=edition.pk).exclude(status=Edition.Status.SENT).update(
            status=Edition.Status.SENT, finished_at=timezone.now()
        )
        result.finished = True
    return result


def retry_failed(edition: Edition) -> int:
    """Queue an edition's failed deliveries again (to addresses still confirmed)."""
    count = Delivery.objects.filter(
        edition=edition, status=Delivery.Status.FAILED, subscriber__status=Subscriber.Status.CONFIRMED
    ).update(status=Delivery.Status.QUEUED, attempts=0, next_attempt_at=None, last_error="", claimed_by="")
    if count:
        Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENDING, finished_at=None)
    return count


def newsletters(slug: str | None = None):
    queryset = Newsletter.objects.filter(is_active=True).select_related("site")
    return queryset.filter(slug=slug) if slug else queryset


def send_daily_headlines(date: datetime.date | None = None, slug: str | None = None) -> list[SendResult]:
    """Build (if needed) and send each active newsletter's edition of ``date`` (default: its local today)."""
    results = []
    for newsletter in newsletters(slug):
        edition = get_or_create_edition(newsletter, date or newsletter.local_today())
        results.append(send_edition(edition))
    return results

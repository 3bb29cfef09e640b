"""Delivering an edition: one ``Delivery`` row per recipient, claimed in batches, marked as it goes.

Guarantees, and how:

* **Never twice.** A delivery is claimed (status ``sending``, ``claimed_by`` this worker) before its
  message goes out and marked ``sent`` once the SMTP server accepts it, always before the next
  message can be accepted (``SentMarker``). Re-runs only claim ``queued`` rows, or ``sending`` rows
  whose claim is older than ``CLAIM_TIMEOUT`` (a worker that died). The only possible duplicate is
  a message accepted in the instant before a worker died and before its row was marked: at most one
  per dead worker.
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
import queue
import re
import smtplib
import socket
import threading
import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

import django
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
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
from .tokens import unsubscribe_token_maker

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
            edition.save(update_fields=["rendered_subject", "rendered_text", "rendered_html", "rendered_at", "status"])
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
            [Delivery(edition=edition, subscriber_id=pk) for pk in ids[start : start + ENQUEUE_CHUNK]],
            ignore_conflicts=True,
        )
    return len(ids)


# Claiming ---------------------------------------------------------------------------------------


def _claimable_by_status(now: datetime.datetime) -> tuple[Q, Q]:
    """What makes a delivery claimable, one condition per status: queued and due; or claimed by a
    worker that died (a claim older than ``CLAIM_TIMEOUT``)."""
    stale = now - datetime.timedelta(seconds=get_setting("CLAIM_TIMEOUT"))
    return (
        Q(status=Delivery.Status.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)),
        Q(status=Delivery.Status.SENDING, claimed_at__lt=stale),
    )


def claimable(edition: Edition, now: datetime.datetime):
    queued, stale = _claimable_by_status(now)
    return Delivery.objects.filter(edition=edition).filter(queued | stale)


def _claimable_ids(edition: Edition, now: datetime.datetime, size: int) -> list[int]:
    """Up to ``size`` claimable ids: queued ones that are due, then stale claims, each oldest first.

    One query per status, each a range of the (edition, status, id) index read in id order: a
    single query with both statuses, ordered by id, walked every row already sent (each batch
    cost more than the last). The stale claims' query runs only when the queued rows run short.
    """
    ids: list[int] = []
    for condition in _claimable_by_status(now):
        candidates = Delivery.objects.filter(condition, edition=edition).order_by("pk")
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids += candidates.values_list("pk", flat=True)[: size - len(ids)]
        if len(ids) >= size:
            break
    return ids


class Claimed(NamedTuple):
    """A claimed delivery, as the sender needs it (a tuple, not a model instance per recipient)."""

    pk: int
    subscriber_id: int
    email: str
    attempts: int


def claim_batch(edition: Edition, worker: str, size: int, *, now=None) -> list[Claimed]:
    """Claim up to ``size`` deliveries for ``worker``; no two workers ever get the same row."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = _claimable_ids(edition, now, size)
        if not ids:
            return []
        # Re-checking the condition makes the claim safe where SKIP LOCKED does not exist.
        claimable(edition, now).filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_by=worker, claimed_at=now, attempts=F("attempts") + 1
        )
    rows = (
        Delivery.objects.filter(pk__in=ids, claimed_by=worker, status=Delivery.Status.SENDING)
        .order_by("pk")
        .values_list("pk", "subscriber_id", "subscriber__email", "attempts", "subscriber__status")
    )
    batch, gone = [], []
    for pk, subscriber_id, address, attempts, subscriber_status in rows:
        if subscriber_status != Subscriber.Status.CONFIRMED:
            gone.append(pk)
        else:
            batch.append(Claimed(pk, subscriber_id, address, attempts))
    if gone:
        Delivery.objects.filter(pk__in=gone, claimed_by=worker).update(status=Delivery.Status.SKIPPED, claimed_by="")
    # A delivery that keeps breaking connections (or whose workers keep dying) stops being retried.
    worn = {delivery.pk for delivery in batch if delivery.attempts > get_setting("MAX_ATTEMPTS")}
    if worn:
        Delivery.objects.filter(pk__in=worn, claimed_by=worker).update(
            status=Delivery.Status.FAILED, claimed_by="", last_error="too many attempts"
        )
    return [delivery for delivery in batch if delivery.pk not in worn]


# Messages ---------------------------------------------------------------------------------------


# Stand-ins for the per-recipient parts in the edition's serialised message (see MessageFactory).
TO_PLACEHOLDER = "newsletter-recipient-placeholder@recipient.invalid"
MSGID_PLACEHOLDER = "<newsletter-message-id-placeholder@message-id.invalid>"
TOKEN_PLACEHOLDER = "NEWSLETTERTOKENPLACEHOLDER"  # noqa: S105 - not a secret
PLACEHOLDERS = (TOKEN_PLACEHOLDER, TO_PLACEHOLDER, MSGID_PLACEHOLDER)

# RFC 5322 section 2.1.1: no line of a message may be longer than 998 characters.
MAX_LINE = 998

# A plain ASCII dot-atom address (RFC 5322 section 3.4.1, no quoting, no comments, no IDN): written
# as it is in the To header and as the envelope recipient, exactly what Django's own address
# preparation makes of it. Anything else goes through Django's message and backend.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
PLAIN_ADDRESS = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@{_LABEL}(?:\.{_LABEL})*")


class MessageFactory:
    """Everything common to an edition's messages, worked out once; per message only the
    recipient, the unsubscribe token (in the link and the mailto) and the Message-ID change.

    The edition's message is built once by Django (``EmailMultiAlternatives``) with placeholders for
    those three parts and serialised; :meth:`wire` makes each recipient's bytes from it by
    substitution. That is safe only where the serialised form carries the placeholders verbatim, so
    it is checked once per edition (each placeholder survives intact as often as it was put in, which
    a transfer encoding such as quoted-printable or base64 would prevent) and once per message (the
    values are plain ASCII, the address a plain dot-atom, and no line grows past 998 characters);
    any message that fails a check is built by Django in full (:meth:`build`), which picks its own
    encoding. Building a message through Django costs about a hundred times the substitution (and
    through the stdlib's ``EmailMessage`` API, set per recipient and serialised, more still:
    ``bench/bench_newsletter.py``), so substitution is what keeps sending near a bare ``smtplib`` loop.
    """

    def __init__(self, edition: Edition, rendered: RenderedEmail):
        newsletter = edition.newsletter
        self.edition = edition
        self.rendered = rendered
        self.domain = sender_domain(newsletter)
        self.list_id = f"{newsletter.name} <{newsletter.slug}.{self.domain}>"
        self.mailto = unsubscribe_mailto(newsletter)
        self.message_id_prefix = f"<{newsletter.slug}.{edition.date:%Y%m%d}."
        self.message_id_suffix = f"@{self.domain}>"
        self.make_token = unsubscribe_token_maker()
        # The unsubscribe link with the token left out: only the token differs between recipients.
        self.unsubscribe_url_template = subscriptions.unsubscribe_url(base_url(newsletter), TOKEN_PLACEHOLDER)
        self.template, self.placeholder_lines = self._template()

    def message_id(self, delivery_pk: int) -> str:
        """Stable per delivery: a retry of the same delivery carries the same Message-ID."""
        return f"{self.message_id_prefix}{delivery_pk}{self.message_id_suffix}"

    def _compose(self, *, to: str, token: str, message_id: str) -> EmailMultiAlternatives:
        unsubscribe_url = self.unsubscribe_url_template.replace(TOKEN_PLACEHOLDER, token)
        copy = personalise(self.rendered, unsubscribe_url=unsubscribe_url)
        return newsletter_message(
            self.edition.newsletter,
            subject=copy.subject,
            text=copy.text,
            html=copy.html,
            to=to,
            headers={
                "Message-ID": message_id,
                "List-Id": self.list_id,
                "List-Unsubscribe": f"<{unsubscribe_url}>, <mailto:{self.mailto}?subject=unsubscribe%20{token}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )

    def _template(self) -> tuple[bytes | None, list[tuple[int, int, int, int]]]:
        """The edition's message serialised once with placeholders, if every placeholder survived
        intact, and each line holding placeholders as (length, tokens, addresses, message ids)."""
        if not (self.unsubscribe_url_template + self.domain + self.mailto).isascii():
            return None, []  # encoded in the headers, where substitution would not reach
        raw = _serialise(self._compose(to=TO_PLACEHOLDER, token=TOKEN_PLACEHOLDER, message_id=MSGID_PLACEHOLDER))
        links = self.rendered.text.count(UNSUBSCRIBE_PLACEHOLDER) + self.rendered.html.count(UNSUBSCRIBE_PLACEHOLDER)
        intact = (
            raw.count(TOKEN_PLACEHOLDER.encode()) == links + 2  # and the List-Unsubscribe link and mailto
            and raw.count(TO_PLACEHOLDER.encode()) == 1
            and raw.count(MSGID_PLACEHOLDER.encode()) == 1
        )
        if not intact:
            return None, []
        lines = [
            (len(line), *(line.count(placeholder.encode()) for placeholder in PLACEHOLDERS))
            for line in raw.split(b"\r\n")
            if any(placeholder.encode() in line for placeholder in PLACEHOLDERS)
        ]
        return raw, lines

    def wire(self, delivery: Claimed, message_id: str) -> bytes | None:
        """``delivery``'s message as the bytes to send, made by substitution; None where it cannot be."""
        address = delivery.email
        if self.template is None or not (address.isascii() and PLAIN_ADDRESS.fullmatch(address)):
            return None
        token = self.make_token(delivery.subscriber_id)
        grow = (
            len(token) - len(TOKEN_PLACEHOLDER),
            len(address) - len(TO_PLACEHOLDER),
            len(message_id) - len(MSGID_PLACEHOLDER),
        )
        for length, tokens, addresses, message_ids in self.placeholder_lines:
            if length + tokens * grow[0] + addresses * grow[1] + message_ids * grow[2] > MAX_LINE:
                return None
        return (
            self.template.replace(TOKEN_PLACEHOLDER.encode(), token.encode())
            .replace(TO_PLACEHOLDER.encode(), address.encode())
            .replace(MSGID_PLACEHOLDER.encode(), message_id.encode())
        )

    def build(self, delivery: Claimed, message_id: str) -> EmailMultiAlternatives:
        """``delivery``'s message built in full by Django: for any backend and any address."""
        return self._compose(to=delivery.email, token=self.make_token(delivery.subscriber_id), message_id=message_id)


# The edition's template is serialised with lines up to RFC 5322's hard limit, as Django < 6.1 does
# by itself: 8bit (or 7bit) bodies and unfolded headers, where the placeholders stay verbatim. With
# the stdlib's default of 78, Django >= 6.1 would quoted-print every body with a longer line and
# RFC 2047-encode long header words, and substitution could never be used.
TEMPLATE_POLICY = email.policy.SMTP.clone(max_line_length=MAX_LINE)


def _serialise(message: EmailMultiAlternatives) -> bytes:
    if django.VERSION >= (6, 1):
        return message.message(policy=TEMPLATE_POLICY).as_bytes()
    return message.message().as_bytes(linesep="\r\n")


def envelope_sender(connection: SMTPBackend, from_email: str) -> str:
    """The MAIL FROM address exactly as Django's SMTP backend prepares it, worked out once per batch."""
    prep_address = getattr(connection, "prep_address", None)  # Django >= 6.1
    if prep_address is not None:
        return prep_address(from_email)
    return sanitize_address(from_email, settings.DEFAULT_CHARSET)


def _smtp_code(error: smtplib.SMTPException) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return codes[0] if codes else None
    return getattr(error, "smtp_code", None)


# Sending ----------------------------------------------------------------------------------------


class SentMarker:
    """Marks accepted deliveries sent: one ``UPDATE … WHERE id = %s`` per message, run on a helper
    thread over the sender's own database connection, so that waiting for its commit (a disk flush on
    PostgreSQL) overlaps the next message's MAIL, RCPT and DATA commands instead of adding to them.

    * **Still at most one duplicate per dead worker.** A mark runs in autocommit (durable when it
      returns), and the sender waits for it (:meth:`finish`) before it sends the next message's
      content, the only thing the server can accept: at any instant at most one accepted message is
      unmarked.
    * **One query at a time.** The connection is shared, never used concurrently: the sender calls
      :meth:`finish` before any query of its own. A mark that failed raises there.
    * Raw SQL because this is the one statement run per message: the ORM's ``update()`` costs several
      times the query itself to compile. ``claimed_by`` in the condition keeps a worker whose claim
      was taken over from writing over the new owner's row.
    """

    def __init__(self, cursor, worker: str):
        quote = db_connection.ops.quote_name
        column = {
            name: quote(Delivery._meta.get_field(name).column)
            for name in ("id", "status", "sent_at", "message_id", "claimed_by", "last_error")
        }
        # Table and column names from the model, quoted by the backend; every value is a parameter.
        self.sql = (
            f"UPDATE {quote(Delivery._meta.db_table)} SET {column['status']} = %s, {column['sent_at']} = %s, "  # noqa: S608
            f"{column['message_id']} = %s, {column['claimed_by']} = '', {column['last_error']} = '' "
            f"WHERE {column['id']} = %s AND {column['claimed_by']} = %s"
        )
        self.cursor = cursor
        self.worker = worker
        self.adapt = db_connection.ops.adapt_datetimefield_value
        # A thread of its own fed through C-level queues: a thread pool's futures and conditions
        # cost more per message than the handover itself needs.
        self._marks: queue.SimpleQueue = queue.SimpleQueue()
        self._done: queue.SimpleQueue = queue.SimpleQueue()
        self._in_flight = False
        self._thread = threading.Thread(target=self._run, name="newsletter-mark", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (params := self._marks.get()) is not None:
            try:
                self.cursor.execute(self.sql, params)
            except BaseException as error:  # handed to the sender, raised by finish()
                self._done.put(error)
            else:
                self._done.put(None)

    def mark(self, delivery_pk: int, message_id: str) -> None:
        """Start marking ``delivery_pk`` sent (accepted now); the previous mark is finished first."""
        self.finish()
        self._marks.put([Delivery.Status.SENT.value, self.adapt(timezone.now()), message_id, delivery_pk, self.worker])
        self._in_flight = True

    def finish(self) -> None:
        """Wait until the mark in flight (if any) is committed; raise its error if it failed."""
        if self._in_flight:
            self._in_flight = False
            if (error := self._done.get()) is not None:
                raise error

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            self.finish()
        finally:
            self._marks.put(None)
            self._thread.join()


def send_raw(smtp: smtplib.SMTP, mail_from: str, recipient: str, raw: bytes, *, before_content) -> None:
    """What ``smtp.sendmail(sender, [recipient], raw)`` does, calling ``before_content()`` when the
    server is ready for the message (its 354 reply to DATA): the last moment before the message can
    be accepted. The same commands and bytes, and the same exceptions in the same cases, as
    ``smtplib.SMTP.sendmail`` (Python 3.10 to 3.13) for one recipient and a bytes message; only a
    refused sender is named as sent, in angle brackets.

    ``mail_from`` is the sender already in angle brackets (``smtplib.quoteaddr``, once per batch) and
    ``recipient`` a plain dot-atom address (``PLAIN_ADDRESS``), which ``quoteaddr`` leaves as it is:
    so neither is parsed again per message, as sendmail does (twice, about 10 µs each).
    """
    smtp.ehlo_or_helo_if_needed()
    size = f" size={len(raw)}" if smtp.does_esmtp and smtp.has_extn("size") else ""
    code, reply = smtp.docmd("mail", f"FROM:{mail_from}{size}")
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, mail_from)
    code, reply = smtp.docmd("rcpt", f"TO:<{recipient}>")
    if code not in (250, 251):
        _abandon(smtp, code)
        raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    code, reply = smtp.docmd("data")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    before_content()
    # As smtplib.SMTP.data: lines starting with a period get another (RFC 5321 section 4.5.2).
    content = LEADING_PERIOD.sub(b"..", raw)
    smtp.send(content + (b"" if content.endswith(b"\r\n") else b"\r\n") + b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPDataError(code, reply)


LEADING_PERIOD = re.compile(rb"(?m)^\.")


def _abandon(smtp: smtplib.SMTP, code: int) -> None:
    """What sendmail does with a refused transaction: 421 closes the connection, anything else resets it."""
    if code == 421:
        smtp.close()
    else:
        with contextlib.suppress(smtplib.SMTPServerDisconnected):
            smtp.rset()


def _release(deliveries: list[Claimed], worker: str, *, attempted: Claimed | None = None) -> None:
    """Put unsent rows back in the queue at once; only ``attempted`` keeps its attempt count."""
    untried = [delivery.pk for delivery in deliveries if delivery is not attempted]
    if untried:
        Delivery.objects.filter(pk__in=untried, claimed_by=worker).update(
            status=Delivery.Status.QUEUED, claimed_by="", attempts=F("attempts") - 1
        )
    if attempted is not None:
        Delivery.objects.filter(pk=attempted.pk, claimed_by=worker).update(status=Delivery.Status.QUEUED, claimed_by="")


def _temporary_failure(delivery: Claimed, worker: str, error: str, result: SendResult) -> None:
    if delivery.attempts >= get_setting("MAX_ATTEMPTS"):
        _permanent_failure(
            delivery, worker, f"gave up after {delivery.attempts} attempts: {error}", result, bounce=False
        )
        return
    delay = get_setting("RETRY_BACKOFF") * 2 ** max(delivery.attempts - 1, 0)
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        status=Delivery.Status.QUEUED,
        claimed_by="",
        last_error=error[:2000],
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
    )
    result.deferred += 1


def _permanent_failure(delivery: Claimed, worker: str, error: str, result: SendResult, *, bounce: bool = True):
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        status=Delivery.Status.FAILED, claimed_by="", last_error=error[:2000]
    )
    result.failed += 1
    if bounce:
        record_hard_bounce(delivery.subscriber_id)


def record_hard_bounce(subscriber_id: int) -> None:
    """Count a permanent failure; enough of them suppress the address (logged as consent history)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
        subscriber.hard_bounces += 1
        fields = ["hard_bounces"]
        if (
            subscriber.hard_bounces >= get_setting("HARD_BOUNCE_LIMIT")
            and subscriber.status == Subscriber.Status.CONFIRMED
        ):
            subscriber.status = Subscriber.Status.SUPPRESSED
            fields.append("status")
            subscriptions.log(subscriber, ConsentEvent.Action.SUPPRESS, method="hard bounces")
        subscriber.save(update_fields=fields)


def _failed(
    error: OSError | smtplib.SMTPException, batch: list[Claimed], index: int, worker: str, result: SendResult
) -> None:
    """Record why ``batch[index]`` was not accepted; raise ConnectionBroken if the rest cannot go."""
    delivery = batch[index]
    if isinstance(error, smtplib.SMTPSenderRefused):  # our configuration, not the recipient
        _release(batch[index:], worker, attempted=delivery)
        raise ConnectionBroken(f"sender refused: {error}") from error
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException):
        code = _smtp_code(error)
        text = f"{code} {error}"
        if code is not None and 400 <= code < 500:
            _temporary_failure(delivery, worker, text, result)
            if code == 421:  # the server is closing the connection: the rest go back too
                _release(batch[index + 1 :], worker)
                raise ConnectionBroken(text) from error
        else:
            _permanent_failure(delivery, worker, text, result)
        return
    # A dropped connection, a timeout…
    _release(batch[index:], worker, attempted=delivery)
    raise ConnectionBroken(f"connection lost: {error!r}") from error


def send_batch(batch: list[Claimed], factory: MessageFactory, worker: str, result: SendResult) -> None:
    """Send ``batch`` over one SMTP connection, marking each delivery as the server accepts it."""
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _release(batch, worker)
        raise ConnectionBroken(f"could not connect: {error}") from error
    # Over SMTP, messages made by substitution (MessageFactory.wire) go straight to the open smtplib
    # connection, as Django's backend would send them; anything else, and other backends (console,
    # locmem, file), get ordinary EmailMessage objects.
    smtp = connection.connection if isinstance(connection, SMTPBackend) else None
    from_email = factory.edition.newsletter.from_email
    mail_from = "" if smtp is None else smtplib.quoteaddr(envelope_sender(connection, from_email))
    try:
        with db_connection.cursor() as cursor, SentMarker(cursor, worker) as marker:
            for index, delivery in enumerate(batch):
                message_id = factory.message_id(delivery.pk)
                raw = factory.wire(delivery, message_id) if smtp is not None else None
                try:
                    if raw is not None:
                        send_raw(smtp, mail_from, delivery.email, raw, before_content=marker.finish)
                    else:
                        marker.finish()
                        connection.send_messages([factory.build(delivery, message_id)])
                except (OSError, smtplib.SMTPException) as error:
                    marker.finish()  # the connection is the sender's again before any query of its own
                    _failed(error, batch, index, worker, result)
                else:
                    marker.mark(delivery.pk, message_id)
                    result.sent += 1
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()


def make_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def send_edition(
    edition: Edition, *, batch_size: int | None = None, max_batches: int | None = None, worker: str | None = None
) -> SendResult:
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

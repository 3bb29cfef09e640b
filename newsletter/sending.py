"""The send loop: claims a batch (:mod:`.claims`), makes each recipient's message (:mod:`.messages`),
puts it on the wire (:mod:`.wire`) and records the outcome, until nothing is claimable.

Guarantees, and which file holds each:

* **Never twice.** A delivery is claimed before its message goes out and marked ``sent`` once the
  server accepts it, always before the next message can be accepted (``claims.SentMarker``; the wire
  calls back at that moment, ``wire.send_raw``). The only possible duplicate is a message accepted in
  the instant before a worker died and before its row was marked: at most one per dead worker.
* **Nobody skipped.** Every confirmed subscriber gets a row before sending starts
  (``claims.enqueue_deliveries``); a run stops only when no row is claimable; rows a broken connection
  left unsent go back to ``queued`` (``claims.release``).
* **Two workers at once**: see :mod:`.claims`.
* **Temporary errors** (4xx) are retried with exponential backoff up to ``MAX_ATTEMPTS``;
  **permanent** ones (5xx) fail the delivery and count a hard bounce; ``HARD_BOUNCE_LIMIT`` of them
  suppress the address.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import math
import os
import smtplib
import socket
import time
import uuid
from dataclasses import dataclass, field

from anymail.exceptions import AnymailError, AnymailRecipientsRefused
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from . import claims
from .claims import Claimed, ClaimLost, Lease, SentMarker, claim_batch, enqueue_deliveries
from .conf import get_setting
from .digest import RenderedEmail, build_edition_digest, candidate_pages, render_digest, uncurated_items
from .dkim_signing import signer as dkim_signer
from .languages import configured_languages, default_language, normalise_language
from .mail import get_connection
from .messages import MessageFactory
from .models import Delivery, Edition, EditionItem, Newsletter, Subscriber
from .wire import envelope_sender, queue_id, send_raw, smtp_code

logger = logging.getLogger(__name__)


class ConnectionBroken(Exception):
    """The SMTP connection failed as a whole; the batch goes back to the queue."""


@dataclass
class SendResult:
    edition: str
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    skipped: int = 0
    lost: int = 0  # claims another worker took over while this one stalled; that worker sends them
    batches: int = 0
    interrupted: str = ""
    finished: bool = False
    errors: list[str] = field(default_factory=list)
    language: str = ""
    not_sent: str = ""  # why this language's edition did not go out at all (no stories)


# Editions ---------------------------------------------------------------------------------------


def get_or_create_edition(
    newsletter: Newsletter, date: datetime.date, *, now=None, language: str | None = None
) -> Edition:
    """The edition of ``date`` in ``language`` (default: the site's), created with the day's stories
    in that language (top story first) for editors to curate."""
    language = normalise_language(language)
    edition, created = Edition.objects.get_or_create(newsletter=newsletter, date=date, language=language)
    if created:
        pages = candidate_pages(newsletter, date, now=now, language=language)
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


# Sending ----------------------------------------------------------------------------------------


def _failed(
    error: OSError | smtplib.SMTPException, batch: list[Claimed], index: int, worker: str, result: SendResult
) -> None:
    """Record why ``batch[index]`` was not accepted; raise ConnectionBroken if the rest cannot go."""
    delivery = batch[index]
    if isinstance(error, smtplib.SMTPSenderRefused):  # our configuration, not the recipient
        claims.release(batch[index:], worker, attempted=delivery)
        raise ConnectionBroken(f"sender refused: {error}") from error
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException):
        code = smtp_code(error)
        text = f"{code} {error}"
        if code is not None and 400 <= code < 500:
            if claims.defer(delivery, worker, text):
                result.deferred += 1
            else:
                result.failed += 1
            if code == 421:  # the server is closing the connection: the rest go back too
                claims.release(batch[index + 1 :], worker)
                raise ConnectionBroken(text) from error
        else:
            claims.fail(delivery, worker, text)
            result.failed += 1
        return
    # A dropped connection, a timeout…
    claims.release(batch[index:], worker, attempted=delivery)
    raise ConnectionBroken(f"connection lost: {error!r}") from error


def provider_id(message) -> str:
    """The provider's id for a message sent through an anymail backend ("" for other backends)."""
    status = getattr(message, "anymail_status", None)
    value = getattr(status, "message_id", None)  # a set only for several recipients; ours have one
    return "" if value is None or isinstance(value, set) else str(value)[:255]


def _failed_at_provider(error: AnymailError, batch: list[Claimed], index: int, worker: str, result: SendResult):
    """An anymail backend refused ``batch[index]``: the recipient (a bounce), this message (4xx from its
    API), or the provider as a whole (429, 5xx, no answer: the rest go back to the queue)."""
    delivery = batch[index]
    if isinstance(error, AnymailRecipientsRefused):
        claims.fail(delivery, worker, f"provider refused the recipient: {error}")
        result.failed += 1
        return
    status = getattr(error, "status_code", None)
    if status is not None and 400 <= status < 500 and status != 429:
        claims.fail(delivery, worker, f"provider refused the message ({status}): {error}", bounce=False)
        result.failed += 1
        return
    claims.release(batch[index:], worker, attempted=delivery)
    raise ConnectionBroken(f"provider unavailable: {error}") from error


def connection_timeout(connection) -> float | None:
    """The longest a connection waits for one answer (SMTP's ``timeout``; anymail's requests timeout,
    whose (connect, read) pair counts as its sum), or None if it may wait forever."""
    timeout = getattr(connection, "timeout", None)
    if isinstance(timeout, tuple | list):
        timeout = sum(part for part in timeout if isinstance(part, int | float)) or None
    return float(timeout) if isinstance(timeout, int | float) and timeout > 0 else None


# What one message's SMTP exchange may take at most, in units of the connection's timeout: MAIL,
# RCPT, DATA, the content and the final reply each wait at most that long; the content and the
# reply alone, after the server's 354.
EXCHANGE_STEPS = 5
CONTENT_STEPS = 2


def send_batch(
    batch: list[Claimed], factory: MessageFactory, worker: str, result: SendResult, *, claimed: float | None = None
) -> None:
    """Send ``batch`` over one SMTP connection, marking each delivery as the server accepts it.

    ``claimed`` is the monotonic time taken just before the batch was claimed: the claims are renewed
    before they could run out mid-message (:class:`~newsletter.claims.Lease`), and a delivery whose
    claim another worker took is never sent.
    """
    lease = Lease(worker, [delivery.pk for delivery in batch], time.monotonic() if claimed is None else claimed)
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        claims.release(batch, worker)
        raise ConnectionBroken(f"could not connect: {error}") from error
    # Over SMTP, messages made by substitution (MessageFactory.wire) go straight to the open smtplib
    # connection, as Django's backend would send them; anything else, and other backends (console,
    # locmem, file), get ordinary EmailMessage objects.
    smtp = connection.connection if isinstance(connection, SMTPBackend) else None
    from_email = factory.edition.newsletter.from_email
    mail_from = "" if smtp is None else smtplib.quoteaddr(envelope_sender(connection, from_email))
    # DKIM (when configured) signs what goes out by substitution, the path of every plain address.
    sign = dkim_signer() if smtp is not None else None
    # No timeout: one exchange could last forever, so the claims are renewed before every message.
    timeout = connection_timeout(connection)
    exchange_bound = EXCHANGE_STEPS * timeout if timeout else math.inf
    content_bound = CONTENT_STEPS * timeout if timeout else math.inf
    index = 0
    try:
        with db_connection.cursor() as cursor, SentMarker(cursor, worker) as marker:

            def keep_claims(bound: float) -> bool:
                """Renew the claims if due (the marker's query first); whether ``batch[index]`` is still ours."""
                if lease.due(bound):
                    marker.finish()
                    lease.renew(delivery.pk for delivery in batch[index:])
                return lease.holds(batch[index].pk)

            def before_content() -> None:
                marker.finish()
                if not keep_claims(content_bound):
                    raise ClaimLost(batch[index].pk)

            for index, delivery in enumerate(batch):  # keep_claims reads index
                if not keep_claims(exchange_bound):
                    result.lost += 1
                    continue
                message_id = factory.message_id(delivery.pk)
                raw = factory.wire(delivery, message_id) if smtp is not None else None
                if raw is not None and sign is not None:
                    raw = sign(raw)
                try:
                    if raw is not None and smtp is not None:  # raw is only made for an SMTP connection
                        reply = send_raw(smtp, mail_from, delivery.email, raw, before_content=before_content)
                        provider_message_id = queue_id(reply)
                    else:
                        marker.finish()
                        message = factory.build(delivery, message_id)
                        connection.send_messages([message])
                        provider_message_id = provider_id(message)
                except ClaimLost as error:
                    # Mid-DATA: closing without the final dot makes the server drop the message.
                    result.lost += 1
                    if smtp is not None:  # always: ClaimLost comes from send_raw, over SMTP only
                        with contextlib.suppress(OSError, smtplib.SMTPException):
                            smtp.close()
                    claims.release(batch[index + 1 :], worker)
                    raise ConnectionBroken(f"claim lost mid-message: delivery {error}") from error
                except (OSError, smtplib.SMTPException) as error:
                    marker.finish()  # the connection is the sender's again before any query of its own
                    _failed(error, batch, index, worker, result)
                except AnymailError as error:
                    _failed_at_provider(error, batch, index, worker, result)
                else:
                    marker.mark(delivery.pk, message_id, provider_message_id)
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
        claimed = time.monotonic()
        batch = claim_batch(edition, worker, batch_size)
        if not batch:
            break
        result.batches += 1
        try:
            send_batch(batch, factory, worker, result, claimed=claimed)
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


def edition_languages(newsletter: Newsletter, date: datetime.date) -> list[str]:
    """The languages with an edition due on ``date``: those of confirmed subscribers (a language the site
    no longer has counts as the default), and those whose edition already started (a resumed run
    finishes it whatever its readers have changed since). Default language first."""
    configured = configured_languages()
    wanted = {
        code if code in configured else default_language()
        for code in Subscriber.objects.filter(newsletter=newsletter, status=Subscriber.Status.CONFIRMED)
        .values_list("language", flat=True)
        .distinct()
    }
    wanted |= set(
        Edition.objects.filter(newsletter=newsletter, date=date, rendered_at__isnull=False).values_list(
            "language", flat=True
        )
    )
    wanted.add(default_language())
    return sorted(wanted, key=lambda code: (code != default_language(), code))


def send_newsletter(newsletter: Newsletter, date: datetime.date) -> list[SendResult]:
    """Send (or resume) ``newsletter``'s editions of ``date``, one per language that has subscribers.

    A language whose edition would carry no story is not sent (its result says why, and so does the
    log); an edition already frozen is always resumed, so a crashed run ends as it began.
    """
    results = []
    for language in edition_languages(newsletter, date):
        edition = Edition.objects.filter(newsletter=newsletter, date=date, language=language).first()
        if edition is None or not edition.is_frozen:
            if build_edition_digest(edition or Edition(newsletter=newsletter, date=date, language=language)).is_empty:
                label = f"{newsletter}, {date:%Y-%m-%d} ({language})"
                logger.info("%s: no stories in this language, not sent", label)
                results.append(
                    SendResult(edition=label, language=language, finished=True, not_sent="no stories in this language")
                )
                continue
            edition = get_or_create_edition(newsletter, date, language=language)
        result = send_edition(edition)
        result.language = language
        results.append(result)
    return results


def send_daily_headlines(date: datetime.date | None = None, slug: str | None = None) -> list[SendResult]:
    """Build (if needed) and send each active newsletter's editions of ``date`` (default: its local today)."""
    results = []
    for newsletter in newsletters(slug):
        results += send_newsletter(newsletter, date or newsletter.local_today())
    return results

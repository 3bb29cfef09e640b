"""Claims: the database side of "never twice, nobody skipped", every write a delivery row gets.

* A delivery is claimed (status ``sending``, ``claimed_by`` the worker) before its message goes out,
  and marked ``sent`` (:class:`SentMarker`) once the server accepts it, before the next message can be
  accepted. Only ``queued`` rows that are due, or ``sending`` rows whose claim is older than
  ``CLAIM_TIMEOUT`` (a worker that died), can be claimed.
* Two workers at once: on PostgreSQL a claim is ``SELECT … FOR UPDATE SKIP LOCKED``; on SQLite the
  claim's ``UPDATE`` re-checks the claimable condition, and SQLite serialises writers.
* Every later write to a claimed row carries ``claimed_by = worker`` in its condition, so a worker whose
  claim was taken over never writes over the new owner's row.
"""

from __future__ import annotations

import datetime
import queue
import threading
import time
from typing import NamedTuple

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Field, Q
from django.utils import timezone

from . import subscriptions
from .conf import get_setting
from .languages import configured_languages, default_language
from .models import ConsentEvent, Delivery, Edition, Subscriber

ENQUEUE_CHUNK = 1000


def language_filter(language: str) -> Q:
    """The subscribers whose edition is in ``language``."""
    if language == default_language():
        return Q(language=language) | ~Q(language__in=configured_languages())
    return Q(language=language)


def enqueue_deliveries(edition: Edition) -> int:
    """One queued delivery for each confirmed subscriber of the edition's language who has none yet
    (safe to repeat). A reader gets one edition a day: whoever already has a delivery of that date in
    another language (the language changed mid-send) is left out; a language the site no longer
    has counts as the default."""
    pending_ids = (
        Subscriber.objects.filter(newsletter_id=edition.newsletter_id, status=Subscriber.Status.CONFIRMED)
        .filter(language_filter(edition.language))
        .exclude(paused_until__gte=edition.date)  # paused on the preferences page
        .exclude(
            pk__in=Delivery.objects.filter(
                edition__newsletter_id=edition.newsletter_id, edition__date=edition.date
            ).values("subscriber_id")
        )
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
    token_generation: int = 0  # the subscriber's link generation (newsletter.tokens)


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
        .values_list(
            "pk", "subscriber_id", "subscriber__email", "attempts", "subscriber__status", "subscriber__token_generation"
        )
    )
    batch, gone = [], []
    for pk, subscriber_id, address, attempts, subscriber_status, generation in rows:
        if subscriber_status != Subscriber.Status.CONFIRMED:
            gone.append(pk)
        else:
            batch.append(Claimed(pk, subscriber_id, address, attempts, generation))
    if gone:
        Delivery.objects.filter(pk__in=gone, claimed_by=worker).update(status=Delivery.Status.SKIPPED, claimed_by="")
    # A delivery that keeps breaking connections (or whose workers keep dying) stops being retried.
    worn = {delivery.pk for delivery in batch if delivery.attempts > get_setting("MAX_ATTEMPTS")}
    if worn:
        Delivery.objects.filter(pk__in=worn, claimed_by=worker).update(
            status=Delivery.Status.FAILED, claimed_by="", last_error="too many attempts"
        )
    return [delivery for delivery in batch if delivery.pk not in worn]


# Outcomes ---------------------------------------------------------------------------------------


def _column(name: str) -> str:
    """The database column of ``Delivery``'s concrete field ``name`` (a relation or virtual field has none)."""
    field = Delivery._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise TypeError(f"Delivery.{name} is not a concrete field with a column")
    return field.column


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
            name: quote(_column(name))
            for name in ("id", "status", "sent_at", "message_id", "provider_message_id", "claimed_by", "last_error")
        }
        # Table and column names from the model, quoted by the backend; every value is a parameter.
        self.sql = (
            f"UPDATE {quote(Delivery._meta.db_table)} SET {column['status']} = %s, {column['sent_at']} = %s, "  # noqa: S608
            f"{column['message_id']} = %s, {column['provider_message_id']} = %s, "
            f"{column['claimed_by']} = '', {column['last_error']} = '' "
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

    def mark(self, delivery_pk: int, message_id: str, provider_message_id: str = "") -> None:
        """Start marking ``delivery_pk`` sent (accepted now) with the provider's id for the message (if
        it gave one, for its events to find the delivery); the previous mark is finished first."""
        self.finish()
        self._marks.put(
            [
                Delivery.Status.SENT.value,
                self.adapt(timezone.now()),
                message_id,
                provider_message_id,
                delivery_pk,
                self.worker,
            ]
        )
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


def release(deliveries: list[Claimed], worker: str, *, attempted: Claimed | None = None) -> None:
    """Put unsent rows back in the queue at once; only ``attempted`` keeps its attempt count."""
    untried = [delivery.pk for delivery in deliveries if delivery is not attempted]
    if untried:
        Delivery.objects.filter(pk__in=untried, claimed_by=worker).update(
            status=Delivery.Status.QUEUED, claimed_by="", attempts=F("attempts") - 1
        )
    if attempted is not None:
        Delivery.objects.filter(pk=attempted.pk, claimed_by=worker).update(status=Delivery.Status.QUEUED, claimed_by="")


def defer(delivery: Claimed, worker: str, error: str) -> bool:
    """A temporary failure: queue ``delivery`` again after an exponential backoff, or fail it once it
    has had ``MAX_ATTEMPTS``. True if it was deferred, False if it failed."""
    if delivery.attempts >= get_setting("MAX_ATTEMPTS"):
        fail(delivery, worker, f"gave up after {delivery.attempts} attempts: {error}", bounce=False)
        return False
    delay = get_setting("RETRY_BACKOFF") * 2 ** max(delivery.attempts - 1, 0)
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        status=Delivery.Status.QUEUED,
        claimed_by="",
        last_error=error[:2000],
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
    )
    return True


def fail(delivery: Claimed, worker: str, error: str, *, bounce: bool = True) -> None:
    """A permanent failure; ``bounce``: the recipient's server refused it (counted as a hard bounce)."""
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        status=Delivery.Status.FAILED, claimed_by="", last_error=error[:2000]
    )
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


# Keeping claims ---------------------------------------------------------------------------------


class ClaimLost(Exception):
    """The delivery about to be sent is no longer this worker's: another worker took it over."""


class Lease:
    """How long this worker may still trust its claims, and their renewal before that runs out.

    A claim is only as good as ``CLAIM_TIMEOUT`` from its ``claimed_at``: after that another worker
    may take the row over (as it must, when a worker dies). So before each message the sender asks
    :meth:`due` whether the claims will outlast the message's whole SMTP exchange (``bound``
    seconds: five commands, each allowed the connection's timeout); if not, they are renewed in one
    ``UPDATE`` and any row another worker took meanwhile (after a stall) is dropped from the batch.
    Renewal also happens at half the timeout, so a healthy batch renews rarely and a run costs no
    query per message. Time is measured on the monotonic clock, from just before the claim's own
    timestamp was taken, so the lease never looks longer than the row says.
    """

    def __init__(self, worker: str, pks, started: float, *, timeout: float | None = None):
        self.worker = worker
        self.held = set(pks)
        self.started = started
        self.timeout = float(timeout if timeout is not None else get_setting("CLAIM_TIMEOUT"))
        self.renewals = 0

    def remaining(self) -> float:
        return self.started + self.timeout - time.monotonic()

    def due(self, bound: float) -> bool:
        """Whether the claims could run out within ``bound`` seconds (or half the timeout has gone)."""
        remaining = self.remaining()
        return remaining <= bound or remaining <= self.timeout / 2

    def renew(self, pks) -> None:
        """Renew the claims on ``pks`` in one ``UPDATE``; afterwards :meth:`holds` says which are
        still this worker's (the others were taken over while it stalled)."""
        started = time.monotonic()
        ids = [pk for pk in pks if pk in self.held]
        ours = Delivery.objects.filter(pk__in=ids, claimed_by=self.worker, status=Delivery.Status.SENDING)
        if ours.update(claimed_at=timezone.now()) != len(ids):
            self.held = set(ours.values_list("pk", flat=True))
        self.started = started
        self.renewals += 1

    def holds(self, pk: int) -> bool:
        return pk in self.held

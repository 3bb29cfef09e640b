"""Take over django-tasks-db tasks whose worker died in the middle of them.

django-tasks-db (0.12) marks a task row RUNNING when a ``db_worker`` claims it and marks it
SUCCESSFUL or FAILED when the task returns or raises. A worker that is SIGKILLed, OOM-killed or
loses its machine in between leaves the row RUNNING for ever: the library has no heartbeat, no
retry and no command for such rows (``prune_db_task_results`` only deletes finished ones), and its
workers only pick up READY rows.

:func:`requeue_stale_tasks` finds RUNNING rows whose current attempt started more than
``TASK_STALE_TIMEOUT`` seconds ago (default one hour, longer than any legitimate run of our tasks:
a confirmation email takes a second, and ``bench_newsletter.py`` sends an edition at about 250
messages a second, so 100,000 subscribers in about 7 minutes; raise it above your longest send) and
puts them back in the queue by
resetting them to READY, the state ``enqueue`` creates. The row keeps its id (so whoever holds the
``TaskResult`` sees the final outcome), its arguments, priority and queue, and its ``worker_ids``:
the library counts one attempt per worker id, so the next worker runs it as attempt 2
(``TaskContext.attempt``). A task that has already been lost ``TASK_MAX_ATTEMPTS`` times (default
3) is not retried again (it is more likely to be what kills its workers than a victim): it is
marked FAILED with :class:`WorkerLost` as its error and a message saying why.

Safe to run concurrently, from cron on several machines: on PostgreSQL the rows are locked with
``SELECT … FOR UPDATE SKIP LOCKED``, so a second reaper skips (never waits for) rows the first is
handling, and every change is a compare-and-set on (status, started_at), so a row is requeued
once per lost attempt even on a database without row locks (SQLite) and never after a worker has
claimed it again or finished it.

Running a task again is safe because our tasks are idempotent: ``send_edition_task`` and
``send_daily_headlines_task`` resume from the edition's Delivery rows (a delivery marked sent is
never sent again; a dead worker's claimed deliveries are taken over after the newsletter's
``CLAIM_TIMEOUT``), so at worst a message the dead worker handed to the SMTP server just before
dying goes out once more; ``send_confirmation_email`` claims the address's send before sending
(``newsletter.subscriptions.claim_confirmation``), so running it again never sends a second email.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("newsroom.taskqueue")

DEFAULT_STALE_TIMEOUT = 60 * 60  # seconds
DEFAULT_MAX_ATTEMPTS = 3


class WorkerLost(Exception):
    """The error recorded on a task given up after its worker died during every attempt."""


def stale_timeout() -> int:
    return int(getattr(settings, "TASK_STALE_TIMEOUT", DEFAULT_STALE_TIMEOUT))


def max_attempts() -> int:
    return int(getattr(settings, "TASK_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


@dataclass(frozen=True)
class StaleTask:
    id: str
    task_path: str
    queue_name: str
    attempts: int  # attempts made so far (workers that claimed it)
    worker_id: str  # the worker that was running it
    running_for: datetime.timedelta


@dataclass
class StaleTasksResult:
    timeout: int
    max_attempts: int
    requeued: list[StaleTask] = field(default_factory=list)
    failed: list[StaleTask] = field(default_factory=list)
    dry_run: bool = False


def requeue_stale_tasks(
    *,
    timeout: float | None = None,
    attempts: int | None = None,
    backend: str = "default",
    queue_names: list[str] | tuple[str, ...] = ("*",),
    dry_run: bool = False,
    now: datetime.datetime | None = None,
) -> StaleTasksResult:
    """Reset RUNNING task rows older than ``timeout`` seconds to READY, or fail them after ``attempts``.

    ``backend`` is a ``TASKS`` alias that must be a django-tasks-db ``DatabaseBackend``;
    ``queue_names`` ``("*",)`` means every queue. ``now`` is the current time (for tests).
    """
    backend_instance = task_backends[backend]
    if not isinstance(backend_instance, DatabaseBackend):
        raise ValueError(f"Task backend {backend!r} is not a django-tasks-db DatabaseBackend")
    timeout = stale_timeout() if timeout is None else timeout
    attempts = max_attempts() if attempts is None else attempts
    now = now or timezone.now()
    result = StaleTasksResult(timeout=int(timeout), max_attempts=attempts, dry_run=dry_run)

    rows = DBTaskResult.objects.running().filter(
        backend_name=backend, started_at__lt=now - datetime.timedelta(seconds=timeout)
    )
    if "*" not in queue_names:
        rows = rows.filter(queue_name__in=list(queue_names))
    rows = rows.order_by("started_at")

    if dry_run:
        for row in rows:
            stale = _describe(row, now)
            (result.failed if stale.attempts >= attempts else result.requeued).append(stale)
        return result

    failed_rows = []
    with transaction.atomic(using=rows.db):
        # SKIP LOCKED: rows another reaper (or anything else) holds are left to it, without waiting.
        for row in rows.select_for_update(skip_locked=True):
            stale = _describe(row, now)
            # Compare-and-set: only the lost attempt we looked at, still RUNNING.
            same_attempt = DBTaskResult.objects.filter(
                pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
            )
            if stale.attempts >= attempts:
                message = (
                    f"{WorkerLost.__name__}: the worker running this task ({stale.worker_id}) stopped "
                    f"without finishing it: still marked running {_seconds(stale.running_for)} after it "
                    f"started (TASK_STALE_TIMEOUT {int(timeout)} s). Lost on each of its {stale.attempts} "
                    f"attempts (TASK_MAX_ATTEMPTS {attempts}), so it is not run again."
                )
                changed = same_attempt.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    return_value=None,
                    exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                    traceback=message,
                )
                if changed:
                    result.failed.append(stale)
                    failed_rows.append(row.pk)
                    logger.error("Task id=%s path=%s failed: %s", stale.id, stale.task_path, message)
            elif same_attempt.update(status=TaskResultStatus.READY):
                result.requeued.append(stale)
                logger.warning(
                    "Task id=%s path=%s requeued: its worker %s stopped without finishing it "
                    "(running for %s, timeout %d s); attempt %d of %d lost",
                    stale.id,
                    stale.task_path,
                    stale.worker_id,
                    _seconds(stale.running_for),
                    int(timeout),
                    stale.attempts,
                    attempts,
                )
    # As db_worker does for a task that raised: tell task_finished receivers (logging, monitoring).
    for pk in failed_rows:
        row = DBTaskResult.objects.get(pk=pk)
        try:
            task_result = row.task_result
        except (ImportError, SuspiciousOperation):
            continue  # the task's code is gone; the row says what happened
        task_finished.send(sender=type(backend_instance), task_result=task_result)
    return result


def _describe(row: DBTaskResult, now: datetime.datetime) -> StaleTask:
    return StaleTask(
        id=str(row.pk),
        task_path=row.task_path,
        queue_name=row.queue_name,
        attempts=len(row.worker_ids),
        worker_id=row.worker_ids[-1] if row.worker_ids else "?",
        running_for=now - row.started_at,
    )


def _seconds(delta: datetime.timedelta) -> str:
    return f"{int(delta.total_seconds())} s"

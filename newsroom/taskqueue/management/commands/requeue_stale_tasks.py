"""``python manage.py requeue_stale_tasks``: put tasks whose db_worker died back in the queue.

Run it from cron every few minutes (docs/operations/deploy.md, "Scheduling"); see :mod:`newsroom.taskqueue.stale`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks.exceptions import InvalidTaskBackendError

from newsroom.taskqueue.stale import max_attempts, requeue_stale_tasks, stale_timeout


def positive_number(value: str) -> float:
    number = float(value)
    if not number >= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Reset django-tasks-db tasks still RUNNING long after they started (their worker died) to READY, "
        "so a worker runs them again; fail those lost TASK_MAX_ATTEMPTS times."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=positive_number,
            default=None,
            help=f"seconds after which a RUNNING task is stale (default TASK_STALE_TIMEOUT, now {stale_timeout()})",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=None,
            help=f"fail instead of requeueing a task lost this many times (default "
            f"TASK_MAX_ATTEMPTS, now {max_attempts()})",
        )
        parser.add_argument(
            "--backend",
            default=DEFAULT_TASK_BACKEND_ALIAS,
            help="the TASKS alias of the django-tasks-db backend (default %(default)r)",
        )
        parser.add_argument(
            "--queue-name", default="*", help="queues to look at, comma-separated; '*' for all (default %(default)r)"
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would be done, change nothing")

    def handle(self, *, timeout, max_attempts, backend, queue_name, dry_run, verbosity, **options):
        if max_attempts is not None and max_attempts < 1:
            raise CommandError("--max-attempts must be at least 1")
        try:
            result = requeue_stale_tasks(
                timeout=timeout,
                attempts=max_attempts,
                backend=backend,
                queue_names=queue_name.split(","),
                dry_run=dry_run,
            )
        except (ValueError, InvalidTaskBackendError) as error:
            raise CommandError(str(error)) from error
        would = "would be " if dry_run else ""
        if verbosity >= 2 or dry_run:
            for stale in result.requeued:
                running = int(stale.running_for.total_seconds())
                self.stdout.write(
                    f"{stale.id} {stale.task_path}: {would}requeued (attempt {stale.attempts} "
                    f"lost, worker {stale.worker_id}, running for {running} s)"
                )
            for stale in result.failed:
                self.stdout.write(
                    f"{stale.id} {stale.task_path}: {would}failed (lost on all {stale.attempts} "
                    f"attempts, worker {stale.worker_id})"
                )
        if verbosity >= 1:
            self.stdout.write(
                f"{len(result.requeued)} stale task(s) {would}requeued, {len(result.failed)} "
                f"{would}failed (timeout {result.timeout} s, max attempts {result.max_attempts})"
            )

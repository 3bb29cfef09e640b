"""A task whose db_worker died is run again: ``manage.py requeue_stale_tasks`` (newsroom/taskqueue/stale.py).

The rows are real django-tasks-db rows, enqueued, claimed and run through the library's own API
(``enqueue``, ``get_locked``/``claim``, the ``db_worker`` Worker) with our real tasks. On PostgreSQL
three more run: two reapers at once never take the same row (SKIP LOCKED), four racing reapers take
each row once, and a real ``db_worker`` subprocess SIGKILLed in the middle of sending an edition
leaves a RUNNING row that the reaper puts back and a second ``db_worker`` finishes, every subscriber
getting the edition exactly once.
"""

from __future__ import annotations

import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from newsletter.models import Delivery, Edition
from newsletter.sending import get_or_create_edition
from newsletter.tasks import send_edition_task
from newsroom.taskqueue.stale import WorkerLost, requeue_stale_tasks
from tests.support.newsletter import make_newsletter, make_subscribers
from tests.support.smtp import smtp_server

ROOT = Path(__file__).resolve().parents[2]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "bulk"]}}
ON_POSTGRES = connection.vendor == "postgresql"

pytestmark = pytest.mark.usefixtures("_database_queue")


@pytest.fixture(name="_database_queue")
def database_queue_fixture(settings):
    settings.TASKS = DB_TASKS  # django_tasks rebuilds its backends on setting_changed


def todays_edition(subscribers: int = 3) -> Edition:
    newsletter = make_newsletter(site=None)
    make_subscribers(newsletter, subscribers)
    return get_or_create_edition(newsletter, newsletter.local_today())


def claim(enqueued, worker_id: str) -> DBTaskResult:
    """What db_worker does before running a task: lock a READY row and mark it RUNNING.

    (Saving pages and models enqueues Wagtail's own tasks too, so the row is chosen by id.)
    """
    with transaction.atomic():
        row = DBTaskResult.objects.ready().filter(pk=enqueued.id).get_locked()
        assert row is not None, "the task is not READY"
        row.claim(worker_id)
    return row


def run_claimed(row: DBTaskResult, worker_id: str) -> None:
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    ).run_task(row)


@pytest.mark.django_db
def test_a_task_whose_worker_died_is_requeued_after_the_timeout_and_run_again():
    edition = todays_edition(3)
    enqueued = send_edition_task.enqueue(edition.pk)
    claim(enqueued, "worker-that-dies")  # …and then the worker is killed: nothing marks the row finished
    claimed_at = timezone.now()

    not_yet = requeue_stale_tasks(timeout=3600, now=claimed_at + datetime.timedelta(seconds=3599))
    assert not_yet.requeued == [] and not_yet.failed == []
    enqueued.refresh()
    assert enqueued.status == TaskResultStatus.RUNNING

    later = requeue_stale_tasks(timeout=3600, now=claimed_at + datetime.timedelta(seconds=3601))
    assert [stale.id for stale in later.requeued] == [str(enqueued.id)]
    assert later.requeued[0].worker_id == "worker-that-dies" and later.requeued[0].attempts == 1
    enqueued.refresh()
    assert enqueued.status == TaskResultStatus.READY  # same row, same id: whoever waits on it sees the outcome
    assert enqueued.args == [edition.pk]
    assert len(mail.outbox) == 0

    run_claimed(claim(enqueued, "worker-that-lives"), "worker-that-lives")
    enqueued.refresh()
    assert enqueued.status == TaskResultStatus.SUCCESSFUL, enqueued.errors
    assert enqueued.worker_ids == ["worker-that-dies", "worker-that-lives"]
    assert enqueued.attempts == 2
    assert enqueued.return_value["sent"] == 3
    assert sorted(address for message in mail.outbox for address in message.to) == [
        f"reader{index}@mail.example" for index in range(3)
    ]


@pytest.mark.django_db
def test_only_running_rows_older_than_the_timeout_on_the_chosen_queues_are_touched():
    edition = todays_edition(1)
    finished = send_edition_task.enqueue(edition.pk)
    run_claimed(claim(finished, "w-finished"), "w-finished")
    stale = send_edition_task.enqueue(edition.pk)
    claim(stale, "w-dead")
    other_queue = send_edition_task.using(queue_name="bulk").enqueue(edition.pk)
    claim(other_queue, "w-dead-too")
    fresh_start = timezone.now() + datetime.timedelta(seconds=100)
    fresh = send_edition_task.enqueue(edition.pk)
    claim(fresh, "w-busy")
    DBTaskResult.objects.filter(pk=fresh.id).update(started_at=fresh_start)  # a run that began 100 s later
    waiting = send_edition_task.enqueue(edition.pk)

    result = requeue_stale_tasks(timeout=60, queue_names=["default"], now=fresh_start + datetime.timedelta(seconds=30))
    assert [task.id for task in result.requeued] == [str(stale.id)]
    ours = [finished.id, stale.id, other_queue.id, waiting.id, fresh.id]
    statuses = {str(row.pk): row.status for row in DBTaskResult.objects.filter(pk__in=ours)}
    assert statuses == {
        str(finished.id): TaskResultStatus.SUCCESSFUL,
        str(stale.id): TaskResultStatus.READY,
        str(other_queue.id): TaskResultStatus.RUNNING,  # another queue: not asked about
        str(waiting.id): TaskResultStatus.READY,
        str(fresh.id): TaskResultStatus.RUNNING,  # running for 30 s only
    }
    every_queue = requeue_stale_tasks(timeout=60, now=fresh_start + datetime.timedelta(seconds=30))
    assert [task.id for task in every_queue.requeued] == [str(other_queue.id)]


@pytest.mark.django_db
def test_a_task_lost_on_every_attempt_is_failed_with_the_reason(caplog):
    enqueued = send_edition_task.enqueue(todays_edition(1).pk)
    for attempt in range(1, 4):
        claim(enqueued, f"killed-{attempt}")
        result = requeue_stale_tasks(timeout=60, attempts=3, now=timezone.now() + datetime.timedelta(seconds=61))
        if attempt < 3:
            assert len(result.requeued) == 1 and result.failed == []
        else:
            assert result.requeued == [] and [task.id for task in result.failed] == [str(enqueued.id)]
    enqueued.refresh()
    assert enqueued.status == TaskResultStatus.FAILED
    assert enqueued.worker_ids == ["killed-1", "killed-2", "killed-3"]
    (error,) = enqueued.errors
    assert error.exception_class is WorkerLost
    assert "killed-3" in error.traceback and "stopped without finishing it" in error.traceback
    assert "3 attempts" in error.traceback
    assert not DBTaskResult.objects.ready().filter(pk=enqueued.id).exists()  # nothing runs it a fourth time
    assert any(
        "failed" in record.getMessage() and str(enqueued.id) in record.getMessage()
        for record in caplog.records
        if record.name == "newsroom.taskqueue"
    )


@pytest.mark.django_db
def test_the_command_reports_and_dry_run_changes_nothing():
    enqueued = send_edition_task.enqueue(todays_edition(1).pk)
    claim(enqueued, "gone")
    time.sleep(0.01)

    output = _call("--timeout", "0", "--dry-run")
    assert f"{enqueued.id} newsletter.tasks.send_edition_task: would be requeued" in output
    assert "1 stale task(s) would be requeued, 0 would be failed (timeout 0 s, max attempts 3)" in output
    assert DBTaskResult.objects.get(pk=enqueued.id).status == TaskResultStatus.RUNNING

    assert "0 stale task(s) requeued" in _call()  # the default timeout (one hour) has not passed
    assert "1 stale task(s) requeued, 0 failed (timeout 0 s" in _call("--timeout", "0")
    assert DBTaskResult.objects.get(pk=enqueued.id).status == TaskResultStatus.READY
    assert "0 stale task(s) requeued" in _call("--timeout", "0")  # READY now: nothing more to do


@pytest.mark.django_db
def test_the_command_refuses_a_backend_that_is_not_a_database_queue(settings):
    settings.TASKS = {**DB_TASKS, "inline": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a django-tasks-db DatabaseBackend"):
        _call("--backend", "inline")


def _call(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("requeue_stale_tasks", *args, stdout=out)
    return out.getvalue()


# PostgreSQL: concurrency and a real killed worker --------------------------------------------------

needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="row locks and db_worker subprocesses need the suite on PostgreSQL (DATABASE_URL=postgres://...)",
)
# Committed rows, seen by other connections; serialized_rollback restores what the migrations created.
committed_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _stale_rows(count: int) -> set[str]:
    edition = todays_edition(1)
    ids = set()
    for index in range(count):
        enqueued = send_edition_task.enqueue(edition.pk)
        claim(enqueued, f"dead-{index}")
        ids.add(str(enqueued.id))
    time.sleep(0.01)
    return ids


@pytest.mark.postgres
@needs_postgres
@committed_db
def test_a_second_reaper_skips_rows_the_first_holds_without_waiting():
    ids = _stale_rows(20)
    first_done, second_done = threading.Event(), threading.Event()
    first: dict = {}

    def first_reaper():
        try:
            with transaction.atomic():  # holds its row locks until the second reaper has run
                first["result"] = requeue_stale_tasks(timeout=0)
                first_done.set()
                second_done.wait(60)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_reaper)
    thread.start()
    assert first_done.wait(60)
    started = time.monotonic()
    second = requeue_stale_tasks(timeout=0)
    waited = time.monotonic() - started
    second_done.set()
    thread.join(60)

    assert second.requeued == [] and second.failed == []
    assert waited < 5, f"the second reaper waited {waited:.1f} s for the first one's locks"
    assert {task.id for task in first["result"].requeued} == ids
    assert {str(pk) for pk in DBTaskResult.objects.ready().filter(pk__in=ids).values_list("pk", flat=True)} == ids


@pytest.mark.postgres
@needs_postgres
@committed_db
def test_reapers_racing_requeue_each_row_exactly_once():
    ids = _stale_rows(60)
    barrier = threading.Barrier(4)
    results: list = []

    def reaper():
        try:
            barrier.wait(30)
            results.append(requeue_stale_tasks(timeout=0))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reaper) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    taken = [task.id for result in results for task in result.requeued]
    assert len(results) == 4
    assert sorted(taken) == sorted(ids)  # every row once, none twice
    assert DBTaskResult.objects.ready().filter(pk__in=ids).count() == 60


def _worker_env(**extra: str) -> dict:
    database = connection.settings_dict
    auth = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return {
        **os.environ,
        # Production settings as the fault benchmark runs them: CLAIM_TIMEOUT comes from BENCH_CLAIM_TIMEOUT.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "test-worker-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "news.example",
        "DATABASE_URL": f"postgres://{auth}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
        f"{database['NAME']}",
        "CACHE_URL": "locmemcache://worker",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "NEWSLETTER_BASE_URL": "https://news.example",
        "BENCH_CLAIM_TIMEOUT": "1",
        "BENCH_BATCH_SIZE": "5",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def _start_worker(worker_id: str, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - this checkout's manage.py, arguments from this file
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--worker-id",
            worker_id,
            *args,
        ],
        cwd=ROOT,
        env=_worker_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@pytest.mark.slow
@pytest.mark.postgres
@needs_postgres
@committed_db
def test_a_db_worker_killed_mid_send_leaves_a_row_the_reaper_puts_back_and_a_new_worker_finishes():
    newsletter = make_newsletter(site=None)
    subscribers = make_subscribers(newsletter, 20)
    edition = get_or_create_edition(newsletter, newsletter.local_today())
    enqueued = send_edition_task.enqueue(edition.pk)

    # An SMTP server that takes the connection and never answers: the worker is stuck in the middle of
    # the send, a batch of deliveries claimed, when it is SIGKILLed.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        silent.settimeout(120)
        doomed = _start_worker("doomed", EMAIL_URL=f"smtp://127.0.0.1:{silent.getsockname()[1]}")
        try:
            connection_from_worker, _ = silent.accept()
        except TimeoutError:
            os.killpg(doomed.pid, signal.SIGKILL)
            pytest.fail("the worker never connected:\n" + doomed.communicate(timeout=10)[0].decode())
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(30)
        connection_from_worker.close()
    assert doomed.returncode == -signal.SIGKILL

    enqueued.refresh()
    assert enqueued.status == TaskResultStatus.RUNNING and enqueued.worker_ids == ["doomed"]  # for ever, alone
    assert Delivery.objects.filter(edition=edition, status=Delivery.Status.SENDING).count() == 5
    assert "0 stale task(s) requeued" in _call()  # the default timeout: a legitimate run could still be going
    time.sleep(1.2)
    assert "1 stale task(s) requeued, 0 failed (timeout 1 s" in _call("--timeout", "1")
    enqueued.refresh()
    assert enqueued.status == TaskResultStatus.READY

    with smtp_server() as sink:
        rescuer = _start_worker("rescuer", "--batch", EMAIL_URL=f"smtp://{sink.host}:{sink.port}")
        output = rescuer.communicate(timeout=180)[0].decode()
        assert rescuer.returncode == 0, output
        received = sorted(address for message in sink.messages for address in message.rcpt_tos)
    assert received == sorted(subscriber.email for subscriber in subscribers)  # everyone, once
    enqueued.refresh()
    assert enqueued.status == TaskResultStatus.SUCCESSFUL, enqueued.errors
    assert enqueued.worker_ids == ["doomed", "rescuer"]
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT

"""The confirmation email goes through the tasks framework: to a real SMTP server (aiosmtpd on loopback),
never more than one per address per interval, and a failed send loses nothing and can be retried."""

import datetime
import logging
import os
import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

from newsletter.models import ConsentEvent, Subscriber
from newsletter.tasks import send_confirmation_email
from tests.support.newsletter import make_newsletter
from tests.support.smtp import email_settings_for, free_port, smtp_server

pytestmark = pytest.mark.django_db

SIGNUP = "/newsletter/subscribe/"
JSON = {"HTTP_ACCEPT": "application/json", "HTTP_ORIGIN": "http://testserver"}
CONFIRM_TASK = "newsletter.tasks.send_confirmation_email"
DAY = datetime.timedelta(hours=24)


def signup(email, **headers):
    data = {"email": email, "newsletter": "morning-ledger", "source": "http://testserver/local/"}
    return Client().post(SIGNUP, data, **{**JSON, **headers})


@pytest.fixture
def finished_tasks():
    """Every task result the tasks framework reports finished, as it reports them."""
    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_finished.connect(record, weak=False)
    yield results
    task_finished.disconnect(record)


def confirmations(results):
    return [result for result in results if result.task.module_path == CONFIRM_TASK]


def confirm_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return next(word for word in text.split() if "/newsletter/confirm/" in word)


class Unreachable:
    """Where no SMTP server listens: connecting is refused, a real failure."""

    host = "127.0.0.1"

    def __init__(self):
        self.port = free_port()


def test_the_email_reaches_the_smtp_server_through_the_task(newsletter, finished_tasks):
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        response = signup("  Reader@Example.org ")
    assert response.status_code == 200 and response.json()["ok"]

    [result] = confirmations(finished_tasks)
    subscriber = Subscriber.objects.get()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "sent"
    assert result.args == [subscriber.pk]  # only the primary key crosses into the task
    assert subscriber.confirmation_sent_at is not None

    [received] = sink.messages
    assert received.rcpt_tos == ["reader@example.org"]
    message = received.parse()
    assert message["To"].addresses[0].addr_spec == "reader@example.org"
    assert message["From"].addresses[0].addr_spec == "headlines@ledger.example"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_body(("html",)) is not None
    link = confirm_link(message)
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    assert Client().get(path).status_code == 200
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"


@pytest.mark.parametrize("failure", ["refused", "unreachable"])
def test_an_smtp_failure_keeps_the_signup_answers_normally_and_is_retried(newsletter, finished_tasks, caplog, failure):
    with smtp_server() as reference, override_settings(**email_settings_for(reference)):
        normal = signup("someone-else@example.org")

    refuse = {"reader@example.org": 451} if failure == "refused" else {}
    with smtp_server(refuse=refuse) as sink, caplog.at_level(logging.WARNING, logger="newsletter.tasks"):
        target = sink if failure == "refused" else Unreachable()
        with override_settings(**email_settings_for(target)):
            response = signup("reader@example.org")
        assert sink.messages == []

    # The reader gets exactly the answer everybody gets.
    assert (response.status_code, response.content) == (normal.status_code, normal.content) and normal.json()["ok"]
    # Nothing lost: the subscriber and the consent record are there, and nothing is marked sent.
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.status == "pending" and subscriber.confirmation_sent_at is None
    assert list(ConsentEvent.objects.filter(subscriber=subscriber).values_list("action", "source_url")) == [
        ("subscribe", "http://testserver/local/")
    ]
    # The failure is recorded in the task's result and logged.
    failed = confirmations(finished_tasks)[-1]
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class_path == "newsletter.tasks.ConfirmationNotSent"
    assert any(f"subscriber {subscriber.pk} not sent" in record.getMessage() for record in caplog.records)

    # Retried from cron once the server takes mail: sent once, and a second run sends nothing more.
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        call_command("resend_confirmations", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("resend_confirmations", stdout=open(os.devnull, "w"))  # noqa: SIM115
        send_confirmation_email.enqueue(subscriber.pk)  # and a stray retry of the task itself
    assert sink.recipients() == ["reader@example.org"]
    subscriber.refresh_from_db()
    assert subscriber.confirmation_sent_at is not None


def test_at_most_one_email_per_address_per_day_however_often_the_task_runs(newsletter, finished_tasks):
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        for spelling in ["reader@example.org", "READER@example.org", "reader@example.org "]:
            assert signup(spelling).status_code == 200
        subscriber = Subscriber.objects.get()
        # Queued twice more, or retried: the claim says it was sent already.
        assert send_confirmation_email.enqueue(subscriber.pk).return_value == "not due"
        assert send_confirmation_email.enqueue(subscriber.pk).return_value == "not due"
        assert sink.count == 1

        # Just under a day later: still nothing.
        first = subscriber.confirmation_sent_at
        Subscriber.objects.filter(pk=subscriber.pk).update(
            confirmation_sent_at=first - DAY + datetime.timedelta(minutes=1)
        )
        assert signup("reader@example.org").status_code == 200
        assert send_confirmation_email.enqueue(subscriber.pk).return_value == "not due"
        assert sink.count == 1

        # A day later the reader may ask again: one more, and again only one.
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=first - DAY)
        assert signup("reader@example.org").status_code == 200
        assert send_confirmation_email.enqueue(subscriber.pk).return_value == "not due"
        assert sink.count == 2
    assert Counter(sink.recipients()) == {"reader@example.org": 2}
    assert [result.return_value for result in confirmations(finished_tasks)] == [
        "sent",
        "not due",
        "not due",
        "not due",
        "sent",
        "not due",
    ]
    assert ConsentEvent.objects.filter(subscriber=subscriber, action="subscribe").count() == 5


def test_confirmed_and_unknown_subscribers_get_nothing(newsletter):
    confirmed = Subscriber.objects.create(newsletter=newsletter, email="in@example.org", status="confirmed")
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        assert send_confirmation_email.enqueue(confirmed.pk).return_value == "not due"
        assert send_confirmation_email.enqueue(confirmed.pk + 1000).return_value == "not due"
        assert signup("in@example.org").status_code == 200
    assert sink.count == 0


def test_resend_leaves_old_requests_and_served_ones_alone(newsletter):
    long_ago = timezone.now() - 3 * DAY
    stale = Subscriber.objects.create(newsletter=newsletter, email="old@example.org", created_at=long_ago)
    ConsentEvent.objects.create(subscriber=stale, newsletter=newsletter, action="subscribe", created_at=long_ago)
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        signup("served@example.org")
        assert sink.count == 1
        call_command("resend_confirmations", stdout=open(os.devnull, "w"))  # noqa: SIM115
        assert sink.count == 1  # the served one is not due, the old request is out of the window
        call_command("resend_confirmations", "--hours", "100", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert sink.recipients() == ["served@example.org", "old@example.org"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # db_worker claims tasks in its own transactions
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_on_the_database_queue_the_request_only_enqueues_and_a_worker_sends(newsletter):
    from django_tasks_db.models import DBTaskResult

    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        assert signup("reader@example.org").status_code == 200
        assert sink.count == 0  # nothing sent inside the request
        [row] = DBTaskResult.objects.filter(task_path=CONFIRM_TASK)
        assert row.task_path == CONFIRM_TASK and row.args_kwargs == {
            "args": [Subscriber.objects.get().pk],
            "kwargs": {},
        }
        send_confirmation_email.enqueue(Subscriber.objects.get().pk)  # queued twice
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert sink.recipients() == ["reader@example.org"]
    outcomes = DBTaskResult.objects.filter(task_path=CONFIRM_TASK).values_list("status", "return_value")
    assert sorted(outcomes) == [("SUCCESSFUL", "not due"), ("SUCCESSFUL", "sent")]


postgres_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (concurrent transactions)",
)


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tasks_racing_for_one_address_send_once(tree):
    assert connection.vendor == "postgresql"
    newsletter = make_newsletter(tree.site)
    subscriber = Subscriber.objects.create(newsletter=newsletter, email="race@example.org")
    start = threading.Barrier(4)
    outcomes, errors = [], []

    def work():
        try:
            start.wait()
            outcomes.append(send_confirmation_email.call(subscriber.pk))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    assert sorted(outcomes) == ["not due", "not due", "not due", "sent"]
    assert sink.recipients() == ["race@example.org"]

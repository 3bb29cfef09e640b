"""Claims outliving ``CLAIM_TIMEOUT`` (issue #13, item 4): a batch slower than the claim timeout must
not let a second worker send the same deliveries, and a worker must never send to a delivery whose
claim another worker has taken over."""

import datetime
import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.test import override_settings

from newsletter.models import Delivery
from newsletter.sending import get_or_create_edition, send_edition
from tests.support.builders import make_article
from tests.support.newsletter import make_newsletter, make_subscribers
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # threads read commits


def edition_with_readers(tree, count):
    newsletter = make_newsletter(tree.site)
    make_article(
        tree.section,
        "Harbour lights relit",
        publication_date=newsletter.send_datetime(newsletter.local_today()) - datetime.timedelta(hours=1),
    )
    readers = make_subscribers(newsletter, count)
    edition = get_or_create_edition(newsletter, newsletter.local_today())
    send_edition(edition, max_batches=0)  # freeze and enqueue only
    return edition, readers


@override_settings(NEWSLETTER={"BATCH_SIZE": 6, "CLAIM_TIMEOUT": 1})
def test_two_workers_and_a_slow_server_send_each_recipient_exactly_once(tree):
    """Worker A's one batch takes about 2.4 s against a 1 s claim timeout; worker B tries at 1.3 s and
    1.9 s, when A's first claims are long past the timeout, and must find nothing of A's to take."""
    edition, readers = edition_with_readers(tree, 6)
    results, errors = [], []

    def slow(envelope):
        time.sleep(0.4)  # a slow server: every message takes 0.4 s to be accepted

    def work(delay):
        time.sleep(delay)
        try:
            results.append(send_edition(edition))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    with smtp_server(before_accept=slow) as sink, override_settings(**email_settings_for(sink)):
        threads = [threading.Thread(target=work, args=(delay,)) for delay in (0, 1.3, 1.9)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    counts = Counter(sink.recipients())
    assert counts == Counter({reader.email: 1 for reader in readers})
    assert sum(result.sent for result in results) == 6
    assert Delivery.objects.filter(edition=edition, status="sent").count() == 6


@override_settings(NEWSLETTER={"BATCH_SIZE": 6})
def test_a_worker_never_sends_to_a_delivery_whose_claim_it_lost(tree):
    """While worker A is held up on its first message, another worker takes over four of A's claims
    (as it would after A stalled past the timeout); A must send to none of those four."""
    edition, readers = edition_with_readers(tree, 6)
    taken = []

    def take_over(envelope):
        try:
            if not taken:
                rows = Delivery.objects.filter(edition=edition, status="sending").order_by("pk")[2:]
                taken.extend(rows.values_list("pk", flat=True))
                Delivery.objects.filter(pk__in=taken).update(claimed_by="worker-b")
        finally:
            connection.close()

    # A long claim timeout (the default), but each message could take as long as EMAIL_TIMEOUT,
    # so A checks its claims before each message anyway: a stall is what this test plays.
    with (
        smtp_server(before_accept=take_over) as sink,
        override_settings(**{**email_settings_for(sink), "NEWSLETTER": {"BATCH_SIZE": 6, "CLAIM_TIMEOUT": 20}}),
    ):
        result = send_edition(edition)
    assert len(taken) == 4
    lost = set(Delivery.objects.filter(pk__in=taken).values_list("subscriber__email", flat=True))
    assert not lost & set(sink.recipients())
    assert Counter(sink.recipients()) == Counter({reader.email: 1 for reader in readers if reader.email not in lost})
    assert result.sent == 2
    assert set(Delivery.objects.filter(pk__in=taken).values_list("status", "claimed_by")) == {("sending", "worker-b")}


def test_smtp_configuration_gets_a_timeout_by_default():
    from django.core import mail

    from newsroom.settings.email import DEFAULT_SMTP_TIMEOUT, email_settings

    configured = email_settings({"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "x"})
    with override_settings(**configured):
        connection = mail.mailers.default if hasattr(mail, "mailers") else mail.get_connection()
        assert connection.timeout == DEFAULT_SMTP_TIMEOUT


def test_a_mail_timeout_too_long_for_the_claims_is_reported():
    from django.core.checks import run_checks

    from tests.support.smtp import email_settings_for

    sink = type("Sink", (), {"host": "127.0.0.1", "port": 25})()
    with override_settings(**email_settings_for(sink), NEWSLETTER={"CLAIM_TIMEOUT": 60}):
        assert "newsletter.W001" in {message.id for message in run_checks()}
    with override_settings(**email_settings_for(sink), NEWSLETTER={"CLAIM_TIMEOUT": 900}):
        assert "newsletter.W001" not in {message.id for message in run_checks()}

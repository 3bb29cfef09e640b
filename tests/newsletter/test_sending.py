"""Sending through a real SMTP server on loopback (aiosmtpd), read back with Python's email package."""

import datetime
import os
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from newsletter.claims import claim_batch
from newsletter.models import ConsentEvent, Delivery, Edition, Newsletter, Subscriber
from newsletter.sending import get_or_create_edition, send_edition
from newsletter.tasks import send_daily_headlines_task
from tests.support.builders import make_article, make_image
from tests.support.newsletter import make_newsletter, make_subscribers
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db

BASE = "https://ledger.example"


@pytest.fixture
def today(newsletter):
    return newsletter.local_today()


@pytest.fixture
def story(tree, newsletter):
    photo = make_image("Fishing fleet", caption="Boats at the town dock.", credit="Lee Park/Ledger")
    published = newsletter.send_datetime(newsletter.local_today()) - datetime.timedelta(hours=2)
    return make_article(tree.section, "Fleet heads out early", lead_image=photo, publication_date=published)


def run(*args):
    call_command("send_daily_headlines", *args)


@override_settings(NEWSLETTER={"BASE_URL": BASE})
def test_end_to_end_headers_parts_links_and_one_click(newsletter, story, today):
    readers = make_subscribers(newsletter, 3)
    make_subscribers(newsletter, 1, status="pending", prefix="pending")
    make_subscribers(newsletter, 1, status="unsubscribed", prefix="gone")
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        run("--newsletter", "morning-ledger")
        assert sorted(sink.recipients()) == sorted(reader.email for reader in readers)
        messages = sink.parsed()

    deliveries = {d.subscriber.email: d for d in Delivery.objects.select_related("subscriber")}
    for message in messages:
        to = message["To"].addresses[0].addr_spec
        delivery = deliveries[to]
        assert delivery.status == "sent" and delivery.sent_at and delivery.attempts == 1
        assert message["Message-ID"] == delivery.message_id
        assert message["From"].addresses[0].addr_spec == "headlines@ledger.example"
        assert message["Reply-To"].addresses[0].addr_spec == "desk@ledger.example"
        assert message["Subject"] == "Morning Ledger: Fleet heads out early"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        https_url, mailto = [part.strip(" <>") for part in message["List-Unsubscribe"].split(",")]
        assert https_url.startswith(f"{BASE}/newsletter/unsubscribe/") and mailto.startswith("mailto:unsubscribe@")

        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert https_url in text and "Photo: Lee Park/Ledger" in text
        tree_html = lxml.html.fromstring(html)
        hrefs = [a.get("href") for a in tree_html.cssselect("a")]
        assert https_url in hrefs and f"{BASE}/local/fleet-heads-out-early/" in hrefs
        assert all(href.startswith(BASE) for href in hrefs)
        assert tree_html.cssselect(".top-story img")[0].get("src").startswith(f"{BASE}/media/")

    # One-click, as a mailbox provider does it: a bare POST, no cookies, no CSRF token.
    first = messages[0]
    url = first["List-Unsubscribe"].split(",")[0].strip(" <>")
    client = Client(enforce_csrf_checks=True)
    response = client.post(urlsplit(url).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    gone = Subscriber.objects.get(email=first["To"].addresses[0].addr_spec)
    assert gone.status == "unsubscribed"
    assert ConsentEvent.objects.filter(subscriber=gone, action="unsubscribe", method="one-click").count() == 1

    # Re-running the same day sends nothing more.
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        run("--newsletter", "morning-ledger", "--date", today.isoformat())
        assert sink.count == 0
    edition = Edition.objects.get()
    assert edition.status == "sent" and edition.counts() == {"queued": 0, "sent": 3, "failed": 0}


@override_settings(NEWSLETTER={"BATCH_SIZE": 4})
def test_crash_mid_batch_then_rerun_sends_each_exactly_once(newsletter, story):
    readers = make_subscribers(newsletter, 11)
    with smtp_server(drop_after=6) as sink, override_settings(**email_settings_for(sink)):
        with pytest.raises(CommandError, match="interrupted"):
            run()
        assert sink.count == 6 and sink.dropped == 1
        assert Delivery.objects.filter(status="sent").count() == 6
        assert not Delivery.objects.filter(status="sending").exists()  # the broken batch went back
        run()  # resumes
        assert sink.count == 11
    counts = Counter(sink.recipients())
    assert set(counts) == {reader.email for reader in readers} and set(counts.values()) == {1}
    assert Delivery.objects.filter(status="sent").count() == 11
    assert all(d.status == "sent" for d in Delivery.objects.all())
    assert Edition.objects.get().status == "sent"


def test_stale_claims_are_taken_over_fresh_ones_are_not(newsletter, story, today):
    make_subscribers(newsletter, 4)
    edition = get_or_create_edition(newsletter, today)
    send_edition(edition, max_batches=0)  # freeze and enqueue only
    old = timezone.now() - datetime.timedelta(hours=1)
    rows = list(Delivery.objects.order_by("pk"))
    Delivery.objects.filter(pk=rows[0].pk).update(
        status="sending", claimed_by="dead-worker", claimed_at=old, attempts=1
    )
    Delivery.objects.filter(pk=rows[1].pk).update(
        status="sending", claimed_by="busy-worker", claimed_at=timezone.now(), attempts=1
    )
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        result = send_edition(edition)
    assert result.sent == 3 and not result.finished
    assert Delivery.objects.get(pk=rows[0].pk).status == "sent"
    assert Delivery.objects.get(pk=rows[1].pk).status == "sending"  # still someone else's


@override_settings(NEWSLETTER={"RETRY_BACKOFF": 60, "HARD_BOUNCE_LIMIT": 2})
def test_temporary_errors_back_off_permanent_ones_fail_and_repeat_bounces_suppress(newsletter, story, today):
    temp, hard, fine = make_subscribers(newsletter, 3)
    refuse = {temp.email: 451, hard.email: 550}
    with smtp_server(refuse=refuse) as sink, override_settings(**email_settings_for(sink)):
        result = send_edition(get_or_create_edition(newsletter, today))
        assert sink.recipients() == [fine.email]
    assert (result.sent, result.failed, result.deferred, result.finished) == (1, 1, 1, False)
    deferred = Delivery.objects.get(subscriber=temp)
    assert deferred.status == "queued" and deferred.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    assert "451" in deferred.last_error
    assert Delivery.objects.get(subscriber=hard).status == "failed"
    hard.refresh_from_db()
    assert hard.hard_bounces == 1 and hard.status == "confirmed"

    # Not due yet: nothing happens. Due: it goes.
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        assert send_edition(Edition.objects.get()).sent == 0
        Delivery.objects.filter(pk=deferred.pk).update(next_attempt_at=timezone.now())
        assert send_edition(Edition.objects.get()).sent == 1
        assert sink.recipients() == [temp.email]

    # A second hard bounce on another day's edition suppresses the address, on the record.
    with smtp_server(refuse=refuse) as sink, override_settings(**email_settings_for(sink)):
        send_edition(get_or_create_edition(newsletter, today + datetime.timedelta(days=1)))
    hard.refresh_from_db()
    assert hard.status == "suppressed" and hard.hard_bounces == 2
    assert ConsentEvent.objects.filter(subscriber=hard, action="suppress").exists()


@override_settings(NEWSLETTER={"BATCH_SIZE": 2})
def test_unsubscribing_mid_run_is_skipped(newsletter, story, today):
    readers = make_subscribers(newsletter, 6)
    edition = get_or_create_edition(newsletter, today)
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        first = send_edition(edition, max_batches=1)
        assert first.sent == 2
        Subscriber.objects.filter(pk=readers[4].pk).update(status="unsubscribed")
        rest = send_edition(edition)
    assert rest.sent == 3 and rest.skipped == 1 and rest.finished
    assert readers[4].email not in sink.recipients()
    assert Delivery.objects.get(subscriber=readers[4]).status == "skipped"


def test_claims_never_overlap(newsletter, story, today):
    make_subscribers(newsletter, 10)
    edition = get_or_create_edition(newsletter, today)
    send_edition(edition, max_batches=0)
    first = claim_batch(edition, "worker-a", 4)
    second = claim_batch(edition, "worker-b", 100)
    assert len(first) == 4 and len(second) == 6
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert claim_batch(edition, "worker-c", 100) == []


def test_task_runs_the_same_work(newsletter, story, today):
    make_subscribers(newsletter, 2)
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        result = send_daily_headlines_task.enqueue(date=today.isoformat(), newsletter="morning-ledger")
        assert sink.count == 2
    assert result.return_value[0]["sent"] == 2


def test_admin_lists_counts_exports_subscribers_and_retries_failed(newsletter, story, today, admin_client):
    make_subscribers(newsletter, 3)
    with smtp_server(refuse={"reader0@mail.example": 550}) as sink, override_settings(**email_settings_for(sink)):
        send_edition(get_or_create_edition(newsletter, today))
    edition = Edition.objects.get()
    listing = admin_client.get("/admin/snippets/newsletter/edition/")
    assert listing.status_code == 200
    cells = [" ".join(td.text_content().split()) for td in lxml.html.fromstring(listing.content).cssselect("tbody td")]
    assert "2" in cells and "1" in cells

    export = admin_client.get("/admin/snippets/newsletter/subscriber/?export=csv&status=confirmed")
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode().splitlines() if export.streaming else export.content.decode()
    assert "reader1@mail.example" in "\n".join(rows)
    search = admin_client.get("/admin/snippets/newsletter/subscriber/?q=reader2")
    assert b"reader2@mail.example" in search.content and b"reader1@mail.example" not in search.content

    url = f"/admin/newsletter/editions/{edition.pk}/retry-failed/"
    assert admin_client.get(url).status_code == 200
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        assert admin_client.post(url).status_code == 302
        assert sink.recipients() == ["reader0@mail.example"]
    assert Edition.objects.with_counts().get().counts() == {"queued": 0, "sent": 3, "failed": 0}


def test_subscribers_cannot_be_deleted_in_the_admin(newsletter, admin_client):
    subscriber = make_subscribers(newsletter, 1)[0]
    response = admin_client.post(f"/admin/snippets/newsletter/subscriber/delete/{subscriber.pk}/")
    assert response.status_code in (302, 403)
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


postgres_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (SELECT … FOR UPDATE SKIP LOCKED)",
)


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(NEWSLETTER={"BATCH_SIZE": 5})
def test_two_workers_at_once_never_double_send(tree):
    assert connection.vendor == "postgresql"
    newsletter = make_newsletter(tree.site)
    make_article(
        tree.section,
        "Two workers story",
        publication_date=newsletter.send_datetime(newsletter.local_today()) - datetime.timedelta(hours=1),
    )
    make_subscribers(newsletter, 60)
    edition = get_or_create_edition(newsletter, newsletter.local_today())
    send_edition(edition, max_batches=0)
    results, errors = [], []

    def work():
        try:
            results.append(send_edition(edition))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        threads = [threading.Thread(target=work) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    counts = Counter(sink.recipients())
    assert len(counts) == 60 and set(counts.values()) == {1}
    assert sum(result.sent for result in results) == 60
    assert Delivery.objects.filter(status="sent").count() == 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the server reads committed marks
@override_settings(NEWSLETTER={"BATCH_SIZE": 4})
def test_each_delivery_is_marked_sent_before_the_next_message_can_be_accepted(tree):
    """Marks run on a helper thread, overlapping the next envelope; yet when a message reaches the
    point of acceptance every earlier accepted message is marked, so a dead worker leaves at most
    one accepted message unmarked (one duplicate on the re-run)."""
    newsletter = make_newsletter(tree.site)
    make_article(
        tree.section,
        "Harbour dredging starts",
        publication_date=newsletter.send_datetime(newsletter.local_today()) - datetime.timedelta(hours=1),
    )
    make_subscribers(newsletter, 10)
    marked_when_accepting = []

    def count_marked(envelope):
        try:
            marked_when_accepting.append(Delivery.objects.filter(status="sent").count())
        finally:
            connection.close()  # this thread's own connection

    def slow_marks(execute, sql, params, many, context):
        if threading.current_thread().name.startswith("newsletter-mark"):
            time.sleep(0.05)  # a slow disk: the mark takes longer than the next envelope
        return execute(sql, params, many, context)

    with (
        smtp_server(before_accept=count_marked) as sink,
        override_settings(**email_settings_for(sink)),
        connection.execute_wrapper(slow_marks),
    ):
        result = send_edition(get_or_create_edition(newsletter, newsletter.local_today()))
    assert result.sent == 10 and result.finished
    assert marked_when_accepting == list(range(10))


def test_due_sends_each_newsletter_at_its_own_send_time(tree, newsletter):
    """``--due`` from a cron job every few minutes: a newsletter goes out once its local send time has come."""
    import zoneinfo

    now = timezone.now()
    local = now.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    early = make_newsletter(
        tree.site,
        name="Early",
        slug="early",
        time_zone="Asia/Tokyo",
        send_time=(local - datetime.timedelta(hours=1)).time(),
    )
    late = make_newsletter(
        tree.site,
        name="Late",
        slug="late",
        time_zone="Asia/Tokyo",
        send_time=(local + datetime.timedelta(hours=1)).time(),
    )
    if local.hour in (0, 23):  # the hour either side would fall on another day
        pytest.skip("too close to midnight in Tokyo for this check")
    Newsletter.objects.filter(pk=newsletter.pk).update(is_active=False)
    # An edition with no story is not sent: one story in Early's window (the day before its send time).
    make_article(
        tree.section,
        "Harbour lights switched on",
        publication_date=early.send_datetime(early.local_today()) - datetime.timedelta(hours=1),
    )
    make_subscribers(early, 1, prefix="early")
    make_subscribers(late, 1, prefix="late")
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        run("--due")
        assert sink.recipients() == ["early0@mail.example"]
    assert list(Edition.objects.values_list("newsletter__slug", flat=True)) == ["early"]  # none for "late" yet

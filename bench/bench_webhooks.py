"""Benchmark: provider webhook events (bounces, complaints, deliveries) through anymail to our handler.

Prints events processed per second and database queries per event, first for new events, then for the
same requests replayed (which must change nothing: the benchmark checks the consent log and statuses
are the same after the replay). Requests are real payload shapes of SES through SNS, Mailgun (signed),
Postmark and SendGrid (``tests/support/provider_events.py``), posted through Django's test client so
the whole request path (middleware, anymail's validation and parsing, the signal) is timed.

    python bench/bench_webhooks.py [--deliveries 2000]
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def build_requests(deliveries):
    """One event per delivery, mixed across providers and kinds the way a day's webhooks arrive: mostly
    deliveries, some bounces (hard and soft), a few complaints."""
    from tests.support import provider_events as provider

    requests = []
    for index, delivery in enumerate(deliveries):
        which, kind = index % 4, (index // 4) % 20
        if which == 0:
            event = "Bounce" if kind < 2 else "Complaint" if kind == 2 else "Delivery"
            requests.append(provider.ses(event, delivery, bounce_type="Transient" if kind == 1 else "Permanent"))
        elif which == 1:
            event = "failed" if kind < 2 else "complained" if kind == 2 else "delivered"
            requests.append(provider.mailgun(event, delivery))
        elif which == 2:
            event = (
                "HardBounce"
                if kind == 0
                else "SoftBounce"
                if kind == 1
                else "SpamComplaint"
                if kind == 2
                else "Delivery"
            )
            requests.append(provider.postmark(event, delivery))
        else:
            event = "bounce" if kind < 2 else "spamreport" if kind == 2 else "delivered"
            requests.append(provider.sendgrid([provider.sendgrid_event(event, delivery)]))
    return requests


def snapshot():
    from newsletter.models import ConsentEvent, Delivery, ProviderEvent, Subscriber

    return (
        ConsentEvent.objects.count(),
        ProviderEvent.objects.count(),
        tuple(Subscriber.objects.order_by("pk").values_list("status", flat=True)),
        Delivery.objects.exclude(bounce="").count(),
        Delivery.objects.filter(complained_at__isnull=False).count(),
    )


def run(args) -> None:
    from django.db import connection
    from django.test import Client

    from newsletter.claims import enqueue_deliveries
    from newsletter.models import Delivery
    from newsletter.sending import get_or_create_edition
    from tests.support import provider_events as provider
    from tests.support.builders import build_site
    from tests.support.newsletter import make_newsletter, make_subscribers

    tree = build_site()
    newsletter = make_newsletter(tree.site)
    make_subscribers(newsletter, args.deliveries)
    edition = get_or_create_edition(newsletter, datetime.date(2026, 12, 4))
    enqueue_deliveries(edition)
    for delivery in Delivery.objects.filter(edition=edition).only("pk"):
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.SENT,
            message_id=f"<morning-ledger.20261204.{delivery.pk}@ledger.example>",
            provider_message_id=f"0100018c-bench-{delivery.pk:08d}",
        )
    deliveries = list(Delivery.objects.filter(edition=edition).select_related("subscriber").order_by("pk"))
    requests = build_requests(deliveries)
    client = Client()

    def post_all(label):
        counter = QueryCounter()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            for request in requests:
                response = provider.post(client, request)
                assert response.status_code == 200, (label, response.status_code, response.content[:200])
        elapsed = time.perf_counter() - start
        print(
            f"{label:<10} {len(requests):,} events in {elapsed:.2f}s: {len(requests) / elapsed:,.0f} events/s, "
            f"{counter.count / len(requests):.1f} queries per event"
        )

    post_all("new")
    after_first = snapshot()
    post_all("replayed")
    assert snapshot() == after_first, "a replay changed something"
    consent, recorded, _statuses, bounced, complained = after_first
    print(
        f"changed once: {recorded} events recorded, {bounced} deliveries bounced, {complained} complained, "
        f"{consent} consent events; the replay changed nothing"
    )


def main() -> None:
    warnings.filterwarnings("ignore", "django-anymail has dropped official support for SendGrid")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-webhooks-") as tmp:
        from bench._django import setup_throwaway_django

        setup_throwaway_django(tmp)
        run(args)


if __name__ == "__main__":
    main()

"""Benchmark: send one edition to N confirmed subscribers through an aiosmtpd sink on loopback.

Prints, from the same run: messages per second; the time against a floor (a bare smtplib loop sending
one pre-rendered message N times over one connection; goal at most 1.5x); database queries per batch;
peak Python memory (tracemalloc, measured in a second, separate send so it does not slow the timing).

    python bench/bench_newsletter.py [--subscribers 10000] [--batch-size 100]

Uses a throwaway SQLite database in a temporary directory.
"""

from __future__ import annotations

import argparse
import datetime
import os
import smtplib
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(tmp: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["TEST_MEDIA_ROOT"] = f"{tmp}/media"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _serve(port, counter, ready, stop):
    """The SMTP sink, in its own process so it never competes with the sender for the GIL."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class SinkProcess:
    def __init__(self):
        import multiprocessing

        from tests.smtp import free_port

        context = multiprocessing.get_context("spawn")
        self.host, self.port = "127.0.0.1", free_port()
        self.counter = context.Value("i", 0)
        self.ready, self.stop = context.Event(), context.Event()
        self.process = context.Process(target=_serve, args=(self.port, self.counter, self.ready, self.stop))

    @property
    def count(self) -> int:
        return self.counter.value

    def __enter__(self):
        self.process.start()
        if not self.ready.wait(30):
            raise RuntimeError("SMTP sink did not start")
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.process.join(10)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-newsletter-") as tmp:
        setup_django(tmp)
        from django.db import connection
        from django.test import override_settings

        from newsletter.models import Delivery, Edition
        from newsletter.sending import MessageFactory, freeze, get_or_create_edition, send_edition
        from tests.builders import build_site, make_article, make_image
        from tests.newsletter_fixtures import make_newsletter, make_subscribers
        from tests.smtp import email_settings_for

        tree = build_site()
        newsletter = make_newsletter(tree.site)
        today = newsletter.local_today()
        photo = make_image("Bench photo", caption="A photo.", credit="Bench/Ledger")
        for index in range(8):
            make_article(tree.section, f"Bench story {index}", lead_image=photo if index == 0 else None,
                         publication_date=newsletter.send_datetime(today) - datetime.timedelta(hours=index + 1))
        start = time.perf_counter()
        make_subscribers(newsletter, args.subscribers)
        print(f"{args.subscribers} confirmed subscribers created in {time.perf_counter() - start:.1f}s")

        settings = {"NEWSLETTER": {"BATCH_SIZE": args.batch_size, "BASE_URL": "https://ledger.example"}}
        with SinkProcess() as sink, override_settings(**email_settings_for(sink), **settings):
            # The floor: one pre-rendered message, a bare smtplib loop over one connection.
            edition = get_or_create_edition(newsletter, today)
            rendered = freeze(edition)
            send_edition(edition, max_batches=0)  # enqueue only
            sample = Delivery.objects.select_related("subscriber").filter(edition=edition).first()
            factory = MessageFactory(Edition.objects.select_related("newsletter").get(pk=edition.pk), rendered)
            assert factory.template is not None  # the fast path is what gets timed below
            payload = factory.build(sample, fast=True).message().as_bytes()  # the wire bytes, on any Django
            recipient = sample.subscriber.email
            start = time.perf_counter()
            smtp = smtplib.SMTP(sink.host, sink.port)
            for _ in range(args.subscribers):
                smtp.sendmail("headlines@ledger.example", [recipient], payload)
            smtp.quit()
            floor = time.perf_counter() - start

            counter = QueryCounter()
            floor_count = sink.count
            start = time.perf_counter()
            with connection.execute_wrapper(counter):
                result = send_edition(edition)
            elapsed = time.perf_counter() - start
            assert result.sent == args.subscribers == sink.count - floor_count, (result, sink.count)

            # Peak memory, in a second edition (tracemalloc slows Python down, so not timed).
            second = get_or_create_edition(newsletter, today + datetime.timedelta(days=1))
            tracemalloc.start()
            memory_result = send_edition(second)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            assert memory_result.sent == args.subscribers

        print(f"message size:            {len(payload):,} bytes")
        print(f"bare smtplib floor:      {floor:.2f}s  ({args.subscribers / floor:,.0f} msgs/s)")
        print(f"send_edition:            {elapsed:.2f}s  ({args.subscribers / elapsed:,.0f} msgs/s)")
        print(f"ratio vs floor:          {elapsed / floor:.2f}x  (goal <= 1.5x)")
        print(f"batches:                 {result.batches} of {args.batch_size}")
        print(f"queries per batch:       {counter.count / max(result.batches, 1):.1f}  "
              f"(one UPDATE per accepted message + {counter.count / max(result.batches, 1) - args.batch_size:.1f})")
        print(f"peak traced memory:      {peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()

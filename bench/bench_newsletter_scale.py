"""``send_daily_headlines`` at size: N subscribers, 1, 2 and 4 worker processes, one killed mid-send.

    python bench/bench_newsletter_scale.py --database-url postgres://postgres@127.0.0.1:5432/NAME \\
        [--subscribers 20000] [--workers 1,2,4] [--kill-at 0.3] [--create 1000000]

Creates the subscribers in batches (``bulk_create``, 5,000 rows a statement) and times it; then, for
each worker count, an edition of its own (another date): its delivery rows enqueued (timed), then
that many ``manage.py send_daily_headlines --newsletter SLUG --date D`` processes against an
aiosmtpd sink in its own process, which writes each accepted recipient to a file. Meanwhile the
bench requests an article page (the page cache off: the database answers) every 0.2 s and reports
its latency against the same page before the send. In the run with the most workers, one worker
is SIGKILLed once ``--kill-at`` of the messages went out; once the others finish, a last
``send_daily_headlines`` (claims older than ``CLAIM_TIMEOUT``, here 5 s, are taken over) finishes
the edition. Each run then checks: every delivery row sent, every subscriber in the sink's file,
and the duplicates (at most one per killed worker: a message accepted in the instant before it died).

``--create N`` also times creating N more subscribers and enqueueing an edition's N rows (the
database side of a million-subscriber send) without sending it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLAIM_TIMEOUT = 5


def _serve(port, path, counter, ready, stop):
    """The SMTP sink: accepts everything, appends each recipient to ``path`` (its own process)."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    out = open(path, "a", buffering=1)  # noqa: SIM115 - closed when the sink stops

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            for address in envelope.rcpt_tos:
                out.write(address + "\n")
            with counter.get_lock():
                counter.value += 1
                number = counter.value
            return f"250 2.0.0 Ok: queued as {number:012X}"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    out.close()


class Sink:
    def __init__(self, path: str) -> None:
        import multiprocessing

        from tests.support.smtp import free_port

        context = multiprocessing.get_context("spawn")
        self.port = free_port()
        self.counter = context.Value("l", 0)
        self.ready, self.stop = context.Event(), context.Event()
        self.process = context.Process(target=_serve, args=(self.port, path, self.counter, self.ready, self.stop))

    def __enter__(self):
        self.process.start()
        if not self.ready.wait(30):
            raise RuntimeError("SMTP sink did not start")
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.process.join(10)


def setup(database_url: str, tmp: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ["TEST_MEDIA_ROOT"] = f"{tmp}/media"
    os.environ["PAGE_CACHE_ENABLED"] = "false"
    import django
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def create_subscribers(newsletter, count: int, start: int = 0) -> float:
    """``count`` confirmed subscribers in statements of 5,000 rows; the seconds it took."""
    from django.db import transaction
    from django.utils import timezone

    from newsletter.models import Subscriber

    started = time.perf_counter()
    now = timezone.now()
    batch = 5000
    with transaction.atomic():
        for first in range(start, start + count, batch):
            Subscriber.objects.bulk_create(
                Subscriber(
                    newsletter=newsletter,
                    email=f"reader{n}@mail.example",
                    mailbox=f"reader{n}@mail.example",
                    status=Subscriber.Status.CONFIRMED,
                    confirmed_at=now,
                )
                for n in range(first, min(first + batch, start + count))
            )
    return time.perf_counter() - started


def page_latency(client, path: str, stop: threading.Event, samples: list[float]) -> None:
    from django.db import connection

    try:
        while not stop.is_set():
            started = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            stop.wait(0.2)
    finally:
        connection.close()


def summary(samples: list[float]) -> dict:
    if not samples:
        return {}
    ordered = sorted(samples)
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1),
    }


def send_run(args, newsletter, workers: int, date: datetime.date, path_to_check: str, kill: bool, tmp: str) -> dict:
    from django.test import Client

    from newsletter.models import Delivery, Edition
    from newsletter.sending import get_or_create_edition, send_edition

    edition = get_or_create_edition(newsletter, date)
    started = time.perf_counter()
    send_edition(edition, max_batches=0)  # freeze and enqueue only
    enqueue_s = time.perf_counter() - started
    total = Delivery.objects.filter(edition=edition).count()
    client = Client(HTTP_HOST="localhost")
    before: list[float] = []
    stop = threading.Event()
    for _ in range(10):
        started = time.perf_counter()
        client.get(path_to_check)
        before.append(time.perf_counter() - started)
    recipients_file = f"{tmp}/recipients-{workers}.txt"
    env = {  # the workers run as in production: real SMTP (the test settings keep mail in memory)
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DEBUG": "false",
        "NEWSLETTER_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
    }
    during: list[float] = []
    with Sink(recipients_file) as sink:
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{sink.port}"
        command = [sys.executable, "manage.py", "send_daily_headlines", "--newsletter", newsletter.slug,
                   "--date", date.isoformat()]  # fmt: skip
        watcher = threading.Thread(target=page_latency, args=(client, path_to_check, stop, during))
        started = time.perf_counter()
        processes = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for _ in range(workers)
        ]
        watcher.start()
        killed = 0
        if kill:
            while sink.counter.value < total * args.kill_at and processes[0].poll() is None:
                time.sleep(0.05)
            processes[0].send_signal(signal.SIGKILL)
            killed = 1
        for process in processes:
            process.wait()
        main_done = time.perf_counter() - started
        resumed = 0.0
        if Delivery.objects.filter(edition=edition).exclude(status="sent").exists():
            time.sleep(CLAIM_TIMEOUT + 1)  # the dead worker's claims go stale
            resume_started = time.perf_counter()
            subprocess.run(
                command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
            )
            resumed = time.perf_counter() - resume_started
        elapsed = time.perf_counter() - started
        stop.set()
        watcher.join()
        accepted = sink.counter.value
    counts = Counter(Path(recipients_file).read_text().split())
    duplicates = sum(count - 1 for count in counts.values() if count > 1)
    sent_rows = Delivery.objects.filter(edition=edition, status="sent").count()
    result = {
        "workers": workers, "subscribers": total, "enqueue_s": round(enqueue_s, 1),
        "send_s": round(main_done, 1), "resume_s": round(resumed, 1), "total_s": round(elapsed, 1),
        "messages_per_s": round(accepted / main_done, 1) if not kill else round(accepted / elapsed, 1),
        "accepted": accepted, "distinct_recipients": len(counts), "duplicates": duplicates, "killed": killed,
        "rows_sent": sent_rows, "lost": total - len(counts),
        "page_before": summary(before), "page_during": summary(during),
        "edition_status": Edition.objects.get(pk=edition.pk).status,
    }  # fmt: skip
    return result


def run(args, tmp: str) -> dict:
    setup(args.database_url, tmp)
    from django.db import connection

    from tests.support.builders import build_site, make_article
    from tests.support.newsletter import make_newsletter

    tree = build_site()
    newsletter = make_newsletter(tree.site)
    today = newsletter.local_today()
    article = None
    for index in range(8):
        article = make_article(
            tree.section, f"Scale story {index}",
            publication_date=newsletter.send_datetime(today) - datetime.timedelta(hours=index + 1),
        )  # fmt: skip
    results: dict = {"database": connection.vendor, "cores": os.cpu_count()}
    counts = [int(value) for value in args.workers.split(",")]
    runs = []
    for number, workers in enumerate(counts):
        # A newsletter of its own per run (the same stories, today's edition), its subscribers created anew.
        letter = (
            newsletter if number == 0 else make_newsletter(tree.site, name=f"Ledger {number}", slug=f"ledger-{number}")
        )
        seconds = create_subscribers(letter, args.subscribers)
        print(f"{args.subscribers:,} subscribers created in {seconds:.1f} s ({args.subscribers / seconds:,.0f}/s)")
        results.setdefault("create_subscribers", {"count": args.subscribers, "s": round(seconds, 1),
                                                  "per_s": round(args.subscribers / seconds)})  # fmt: skip
        row = send_run(args, letter, workers, today, article.url, kill=workers == max(counts) and args.kill_at > 0,
                       tmp=tmp)  # fmt: skip
        runs.append(row)
        print(
            f"{workers} worker(s): {row['accepted']:,} accepted in {row['send_s']} s ({row['messages_per_s']:,}/s), "
            f"enqueue {row['enqueue_s']} s, killed {row['killed']}, resume {row['resume_s']} s; rows sent "
            f"{row['rows_sent']:,}/{row['subscribers']:,}, lost {row['lost']}, duplicates {row['duplicates']}; page "
            f"{row['page_before'].get('median_ms')} ms before, {row['page_during'].get('median_ms')} ms "
            f"(p95 {row['page_during'].get('p95_ms')}) during"
        )
    results["sends"] = runs
    if args.create:
        from newsletter.claims import enqueue_deliveries
        from newsletter.sending import get_or_create_edition

        letter = make_newsletter(tree.site, name="Ledger at size", slug="ledger-at-size")
        seconds = create_subscribers(letter, args.create)
        edition = get_or_create_edition(letter, today)
        started = time.perf_counter()
        rows = enqueue_deliveries(edition)
        enqueue = time.perf_counter() - started
        results["create_only"] = {"subscribers": args.create, "create_s": round(seconds, 1),
                                  "enqueue_rows": rows, "enqueue_s": round(enqueue, 1)}  # fmt: skip
        print(f"{args.create:,} more subscribers created in {seconds:.1f} s; an edition's {rows:,} rows enqueued "
              f"in {enqueue:.1f} s")  # fmt: skip
    results["load_average"] = [round(value, 2) for value in os.getloadavg()]
    print(f"load average {results['load_average']} ({os.cpu_count()} cores)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database (flushed at the end)")
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--kill-at", type=float, default=0.3, help="share sent when a worker is killed (0: none)")
    parser.add_argument("--create", type=int, default=0, help="also time creating and enqueueing this many more")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-newsletter-scale-") as tmp:
        results = run(args, tmp)
        if not args.keep:
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()

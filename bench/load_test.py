"""Load test: article pages and newsletter signups, mixed, at a sustained concurrency, on loopback.

    python bench/load_test.py                      # PostgreSQL + Redis, 600 s, 16 concurrent clients
    python bench/load_test.py --duration 60        # a quick run
    python bench/load_test.py --sqlite             # the embedded default: SQLite (WAL), locmem cache

It starts the production stack itself (``bench/stack.py``): a throwaway PostgreSQL database
(``newsroom_load``, dropped afterwards), a private redis-server, ``collectstatic``, the demo content,
gunicorn with several workers (``newsroom.wsgi`` on production settings) and one ``db_worker`` that
sends the confirmation emails to an SMTP sink on loopback. Then ``--concurrency`` clients loop until
``--duration`` is up: each request is an article page GET or, with ``--signup-share``, a signup POST;
a third of the signups reuse a small pool of addresses in varying case, so the same address is
signed up by several clients at the same moment.

It prints throughput, p50/p95/p99 latency per kind, status counts, server errors (5xx and
connection failures), then counts duplicate subscribers (same newsletter, same address ignoring
case) in the database and "database is locked" / tracebacks in the server log. Exit status 1 if
any server error or duplicate was seen.

Why not locust: its load generator needs gevent and a web UI we don't use; a closed loop of
threads with urllib3 (already a dependency) measures the same thing here, and the server, not the
client, is what saturates the two cores. Keep ``--concurrency`` modest on a shared machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import urllib3

from bench.stack import Stack, postgres_available

SHARED_ADDRESSES = [f"shared{index}@load.example" for index in range(40)]


def random_case(address: str) -> str:
    return "".join(char.upper() if random.random() < 0.3 else char for char in address)


class Client(threading.Thread):
    def __init__(
        self, number: int, base: str, host: str, paths: list[str], signup_share: float, deadline: float, results: list
    ):
        super().__init__(daemon=True)
        self.number, self.base, self.paths = number, base, paths
        self.signup_share, self.deadline, self.results = signup_share, deadline, results
        self.http = urllib3.PoolManager(maxsize=1, retries=False, timeout=urllib3.Timeout(connect=5, read=60))
        self.headers = {"X-Forwarded-Proto": "https", "Host": host}

    def run(self):
        while time.monotonic() < self.deadline:
            if random.random() < self.signup_share:
                kind = "signup"
                address = (
                    random_case(random.choice(SHARED_ADDRESSES))
                    if random.random() < 1 / 3
                    else f"reader-{uuid.uuid4().hex[:12]}@load.example"
                )
                headers = {
                    **self.headers,
                    "Accept": "application/json",
                    "Origin": f"https://{self.headers['Host']}",
                    # A different reader each time, as behind the proxy (TEST-NET-3 addresses: header text only).
                    "X-Forwarded-For": f"203.0.113.{random.randint(1, 254)}, 198.51.100.{random.randint(1, 254)}",
                }
                call = (
                    "POST",
                    self.base + "/newsletter/subscribe/",
                    {"fields": {"email": address, "newsletter": "", "website": ""}, "encode_multipart": False},
                )
            else:
                kind = "article"
                headers = self.headers
                call = ("GET", self.base + random.choice(self.paths), {})
            started = time.perf_counter()
            try:
                method, url, extra = call
                if method == "POST":
                    response = self.http.request_encode_body(method, url, headers=headers, **extra)
                else:
                    response = self.http.request(method, url, headers=headers)
                status = response.status
            except Exception as error:  # a refused or reset connection is a server error too
                status = f"exception:{error.__class__.__name__}"
            self.results.append((kind, status, time.perf_counter() - started))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def is_server_error(status) -> bool:
    return isinstance(status, str) or status >= 500


def report(results: list, elapsed: float) -> int:
    by_kind = defaultdict(list)
    statuses = defaultdict(Counter)
    for kind, status, seconds in results:
        by_kind[kind].append(seconds)
        statuses[kind][status] += 1
    total = len(results)
    print(f"\n{total} requests in {elapsed:.1f} s: {total / elapsed:.1f} requests/s")
    print(f"{'kind':<9}{'count':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for kind in sorted(by_kind):
        values = by_kind[kind]
        print(
            f"{kind:<9}{len(values):>8}{len(values) / elapsed:>9.1f}{percentile(values, 0.5) * 1000:>9.1f}"
            f"{percentile(values, 0.95) * 1000:>9.1f}{percentile(values, 0.99) * 1000:>9.1f}  "
            + ", ".join(f"{status}: {count}" for status, count in sorted(statuses[kind].items(), key=str))
        )
    everything = [seconds for _kind, _status, seconds in results]
    print(
        f"{'all':<9}{total:>8}{total / elapsed:>9.1f}{percentile(everything, 0.5) * 1000:>9.1f}"
        f"{percentile(everything, 0.95) * 1000:>9.1f}{percentile(everything, 0.99) * 1000:>9.1f}  "
        f"mean {statistics.fmean(everything) * 1000:.1f} ms"
        if everything
        else ""
    )
    errors = sum(1 for _kind, status, _seconds in results if is_server_error(status))
    print(f"server errors (5xx or failed connections): {errors}")
    return errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=600, help="seconds of sustained load (default 600)")
    parser.add_argument("--concurrency", type=int, default=16, help="clients in flight at once (default 16)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--signup-share", type=float, default=0.2, help="share of requests that sign up (0.2)")
    parser.add_argument("--sqlite", action="store_true", help="the embedded default: SQLite and a locmem cache")
    parser.add_argument("--keep", action="store_true", help="keep the database and logs afterwards")
    options = parser.parse_args(argv)

    if not options.sqlite and not postgres_available():
        print("PostgreSQL is not reachable at 127.0.0.1:5432; use --sqlite", file=sys.stderr)
        return 2
    from tests.support.smtp import smtp_server

    mode = "SQLite (WAL, IMMEDIATE transactions), locmem cache" if options.sqlite else "PostgreSQL + Redis"
    with (
        smtp_server(keep=False) as sink,
        Stack(
            sqlite=options.sqlite,
            gunicorn_workers=options.workers,
            keep=options.keep,
            env={"EMAIL_URL": f"smtp://{sink.host}:{sink.port}"},
        ) as stack,
    ):
        print(f"Setting up {mode} (migrate, collectstatic, demo content)…", flush=True)
        stack.setup()
        stack.start_gunicorn()
        if not options.sqlite:
            stack.start_worker("worker")
        paths = stack.article_paths()
        assert paths, "the demo content has no articles"
        print(
            f"gunicorn: {options.workers} workers on {stack.url}; {len(paths)} article pages; "
            f"{options.concurrency} clients for {options.duration:.0f} s, {options.signup_share:.0%} signups",
            flush=True,
        )
        warm = time.perf_counter()
        for path in paths:  # renditions are made on first view: warm them, unmeasured
            stack.get(path, timeout=60)
        print(f"warm-up: {len(paths)} pages in {time.perf_counter() - warm:.1f} s", flush=True)
        results: list = []
        host = f"127.0.0.1:{stack.port}"
        deadline = time.monotonic() + options.duration
        started = time.monotonic()
        clients = [
            Client(number, stack.url, host, paths, options.signup_share, deadline, results)
            for number in range(options.concurrency)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join(options.duration + 120)
        elapsed = time.monotonic() - started
        errors = report(results, elapsed)

        if not options.sqlite:  # let the worker drain the confirmation emails (bounded wait)
            drain_deadline = time.monotonic() + 120
            while time.monotonic() < drain_deadline and stack.query(
                "from django_tasks_db.models import DBTaskResult\n"
                "result = DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).count()"
            ):
                time.sleep(2)
        counts = stack.query(
            "from django.db.models import Count\n"
            "from django.db.models.functions import Lower\n"
            "from newsletter.models import Subscriber\n"
            "rows = Subscriber.objects.annotate(address=Lower('email')).values('newsletter', 'address')"
            ".annotate(n=Count('pk')).filter(n__gt=1)\n"
            "result = {'subscribers': Subscriber.objects.count(), 'duplicates': sum(r['n'] - 1 for r in rows)}"
        )
        log = stack.log_text("gunicorn") + stack.log_text("worker")
        locked = log.count("database is locked")
        tracebacks = log.count("Traceback")
        signups_ok = sum(1 for kind, status, _ in results if kind == "signup" and status == 200)
        print(f"subscribers in the database: {counts['subscribers']}; duplicates: {counts['duplicates']}")
        print(f"signups answered 200: {signups_ok}; confirmation emails received by the SMTP sink: {sink.count}")
        print(f"server log: 'database is locked' {locked} times, {tracebacks} tracebacks")
        if tracebacks and options.keep:
            print(f"logs kept in {stack.tmp}")
    failed = errors or counts["duplicates"] or locked
    print("RESULT:", "FAIL" if failed else "PASS (0 server errors, 0 duplicate subscribers)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

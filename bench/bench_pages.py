"""Article pages under a spike: the application page cache and Varnish against /healthz and a static file.

    python bench/bench_pages.py                 # PostgreSQL + a private Redis, 6 s per measure
    python bench/bench_pages.py --sqlite        # the embedded default (SQLite, local-memory cache)
    python bench/bench_pages.py --duration 3    # shorter

Starts the production stack on loopback (``bench/stack.py``: production settings, gunicorn with
``--workers`` workers, demo content) and, where varnishd is installed, Varnish with the
repository's VCL in front of it (``bench/varnish.py``). Then, in one run, ``--connections``
closed-loop clients (threads in ``--processes`` processes, plain ``http.client``) request each
target for ``--duration`` seconds: ``/healthz`` (a view that touches the database and the cache),
a static file (WhiteNoise), an article page through the application cache, the same article
rendered every time (a signed-in editor's session makes the application cache step aside),
and, through Varnish, the article and the static file. Last, an article is published from another process
while both the application and Varnish are polled: publish-to-visible for each.

Goals (issue 14): article through the app cache >= 1/2 of /healthz's throughput, p99 <= 50 ms at
16 connections; through Varnish >= 1/2 of a static file's through Varnish; publish-to-visible
<= 1 s. The uncached render is ``bench/bench_structured_data.py``'s "full article page render".
The load generator shares the machine's cores with the server: compare ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import ROOT, Stack, free_port, postgres_available
from bench.varnish import start_varnish, varnishd


def _client(port: int, host: str, path: str, stop_at: float, latencies: list, errors: list, extra: dict) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host, "X-Forwarded-Proto": "https", **extra}
    while time.perf_counter() < stop_at:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
                continue
        except (OSError, http.client.HTTPException):
            errors.append("connection")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        latencies.append(time.perf_counter() - started)
    connection.close()


def _process(args: tuple) -> tuple[list[float], list]:
    port, host, path, threads, stop_at, extra = args
    latencies: list[float] = []
    errors: list = []
    workers = [
        threading.Thread(target=_client, args=(port, host, path, stop_at, latencies, errors, extra))
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, errors


def load(
    pool, port: int, host: str, path: str, *, connections: int, processes: int, duration: float, extra: dict
) -> dict:
    """``connections`` closed-loop clients for ``duration`` seconds: requests/s and latency percentiles."""
    stop_at = time.perf_counter() + duration
    per_process = [connections // processes + (1 if i < connections % processes else 0) for i in range(processes)]
    started = time.perf_counter()
    results = pool.map(_process, [(port, host, path, n, stop_at, extra) for n in per_process if n])
    elapsed = time.perf_counter() - started
    latencies = sorted(value for result in results for value in result[0])
    errors = [error for result in results for error in result[1]]

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000 if latencies else float("nan")

    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(0.50),
        "p99": percentile(0.99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "errors": len(errors),
    }


def fetch(port: int, host: str, path: str) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def publish_to_visible(stack: Stack, host: str, path: str, ports: dict[str, int]) -> dict[str, float]:
    """Publish a new headline from another process; seconds from the publish() call until each port shows it."""
    headline = f"Spike test headline {time.time():.0f}"
    script = (
        "import time\nfrom wagtail.models import Page\n"
        f"page = Page.objects.get(url_path__endswith={path.lstrip('/')!r}).specific\n"
        f"page.title = {headline!r}\nstarted = time.time()\npage.save_revision().publish()\n"
        "print('@@', started, time.time())\n"
    )
    publisher = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=stack.env, stdout=subprocess.PIPE, text=True
    )
    seen: dict[str, float] = {}
    give_up = time.time() + 120
    while len(seen) < len(ports) and time.time() < give_up:
        for name, port in ports.items():
            if name not in seen and headline.encode() in fetch(port, host, path)[2]:
                seen[name] = time.time()
        time.sleep(0.01)
    output, _ = publisher.communicate(timeout=120)
    started, returned = (float(value) for value in output.rsplit("@@", 1)[1].split())
    print(f"publish() took {(returned - started) * 1000:.0f} ms (revision, stored graph, purges)")
    return {name: at - started for name, at in seen.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite and local memory instead of PostgreSQL + Redis")
    parser.add_argument("--duration", type=float, default=6.0, help="seconds per measure")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args(argv)
    if not args.sqlite and not postgres_available():
        print("PostgreSQL is not available; running on SQLite (--sqlite)")
        args.sqlite = True
    stack = Stack(sqlite=args.sqlite, db_name="h_caching_bench_pages", gunicorn_workers=args.workers)
    if args.sqlite:  # one cache shared by gunicorn's workers and the publisher, as in production
        stack.redis_port = free_port()
        stack.env["CACHE_URL"] = f"rediscache://127.0.0.1:{stack.redis_port}/0"
    try:
        started = time.monotonic()
        if args.sqlite:
            stack.start_redis()
        stack.setup()
        varnish_port = None
        if varnishd() is not None:
            stack.start_gunicorn()
            varnish_port = start_varnish(stack)
            stack.env["FRONTEND_CACHE_PURGE_URL"] = f"http://127.0.0.1:{varnish_port}"
            stack.kill("gunicorn")  # restarted with the purge URL in its environment
        stack.start_gunicorn()
        host = f"127.0.0.1:{stack.port}"
        article = stack.article_paths()[0]
        static = "/static/css/newsroom.css"
        for port in filter(None, (stack.port, varnish_port)):
            for path in (article, static, "/healthz"):
                assert fetch(port, host, path)[0] == 200, path
        print(
            f"Setup {time.monotonic() - started:.0f} s; {'SQLite' if args.sqlite else 'PostgreSQL'} + Redis, "
            f"gunicorn {args.workers} workers, {args.connections} connections, {args.duration:.0f} s each"
            + ("" if varnish_port else "; varnishd not installed: no Varnish figures")
        )
        # A signed-in editor's session makes the app cache step aside: every request renders (a made-up
        # session cookie no longer does: it is served from the cache like any reader).
        session = stack.query(
            "from django.contrib.auth import get_user_model\n"
            "from django.test import Client\n"
            "client = Client()\n"
            "client.force_login(get_user_model().objects.filter(is_superuser=True).first())\n"
            "result = client.cookies['sessionid'].value\n"
        )
        rendered = {"Cookie": f"sessionid={session}"}
        targets = [
            ("healthz (gunicorn)", stack.port, "/healthz", {}),
            ("static file (gunicorn)", stack.port, static, {}),
        ]
        targets.append(("article, app cache (gunicorn)", stack.port, article, {}))
        targets.append(("article, rendered (gunicorn)", stack.port, article, rendered))
        if varnish_port:
            targets += [
                ("static file (Varnish)", varnish_port, static, {}),
                ("article (Varnish)", varnish_port, article, {}),
            ]
        results = {}
        with multiprocessing.get_context("fork").Pool(args.processes) as pool:
            for name, port, path, extra in targets:
                results[name] = load(
                    pool, port, host, path, connections=args.connections, processes=args.processes,
                    duration=args.duration, extra=extra,
                )  # fmt: skip
        print(f"{'target':<32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, result in results.items():
            print(f"{name:<32} {result['rps']:>9.0f} {result['p50']:>8.2f} {result['p99']:>8.2f} {result['errors']:>7}")
        healthz, cached = results["healthz (gunicorn)"], results["article, app cache (gunicorn)"]
        print(f"article (app cache) / healthz throughput: {cached['rps'] / healthz['rps']:.2f} (goal >= 0.5)")
        print(f"article (app cache) p99: {cached['p99']:.1f} ms (goal <= 50 ms)")
        rendered_rps = results["article, rendered (gunicorn)"]["rps"]
        print(f"article rendered every time / healthz throughput: {rendered_rps / healthz['rps']:.2f}")
        if varnish_port:
            ratio = results["article (Varnish)"]["rps"] / results["static file (Varnish)"]["rps"]
            print(f"article / static file through Varnish: {ratio:.2f} (goal >= 0.5)")
        ports = {"app cache": stack.port, **({"Varnish": varnish_port} if varnish_port else {})}
        for name, seconds in publish_to_visible(stack, host, article, ports).items():
            print(f"publish-to-visible (from the publish() call), {name}: {seconds * 1000:.0f} ms (goal <= 1000 ms)")
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())

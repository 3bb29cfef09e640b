"""Fault injection against the production stack on loopback (``bench/stack.py``).

    python bench/faults.py                 # all three
    python bench/faults.py worker-kill --kills 20 --subscribers 4000
    python bench/faults.py postgres-restart
    python bench/faults.py redis-down

worker-kill
    A daily edition is sent by ``db_worker`` (django-tasks-db on PostgreSQL, ``send_edition_task``)
    to an aiosmtpd sink. The worker is killed with SIGKILL at a random point after it has started
    sending, ``--kills`` times. Each time its task row is left RUNNING; ``manage.py
    requeue_stale_tasks`` (the cron line in docs/operations/deploy.md, with the timeout shortened: the bench knows the
    worker is dead) puts that same row back in the queue and a new worker resumes it. A killed
    worker's claimed deliveries are taken over once their claim is older than ``CLAIM_TIMEOUT``
    (shortened to 3 s here); if the last run ends before they are stale, the send is enqueued again
    as the digest's cron lines do. Prints lost deliveries (confirmed subscribers who got nothing),
    duplicates (messages beyond one per subscriber), and task rows left RUNNING.
    Goal: 0 lost, at most 1 duplicate per kill, no task row left RUNNING.

postgres-restart
    Requests arrive at gunicorn while PostgreSQL restarts. By default a private PostgreSQL cluster
    is created for this on a free port (``pg_createcluster``, dropped afterwards), so the shared
    cluster other people use is left alone; ``--shared-cluster`` restarts the shared ``main`` cluster of
    the newest installed PostgreSQL instead (``pg_ctlcluster --skip-systemctl-redirect 15 main restart``
    for 15). Goal: only 200 or a clear 503 (never a 500 or a traceback), and the site answers 200 again
    by itself within 8 s.

redis-down
    A private redis-server is killed while pages are read and signups posted. Goal: pages still
    200, signups still answered (rate limits degrade), and the degradation is logged.

Exit status 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import urllib3

from bench.stack import Stack, free_port, postgres_available, wait_for_port

# The throwaway database on the shared cluster; the test suite gives each xdist worker its own
# (tests/production/test_faults.py), since a Stack drops its database before creating it.
FAULTS_DB = "newsroom_faults"
#: Publishing makes each photo's AVIF and WebP renditions ahead of time in production (articles/
#: rendition_making.py): most of a stack's set-up, and nothing a fault run looks at.
NO_RENDITIONS_AHEAD = {"ARTICLES_RENDITIONS_AHEAD": "false"}

# worker kills ------------------------------------------------------------------------------------


def worker_kill(
    kills: int = 20,
    subscribers: int = 4000,
    batch_size: int = 25,
    seed: int | None = None,
    log=print,
    db_name: str = FAULTS_DB,
) -> dict:
    from tests.support.smtp import smtp_server

    rng = random.Random(seed)
    claim_timeout = 3
    with (
        smtp_server() as sink,
        Stack(
            db_name=db_name,
            redis=False,
            env={
                **NO_RENDITIONS_AHEAD,
                "EMAIL_URL": f"smtp://{sink.host}:{sink.port}",
                "BENCH_CLAIM_TIMEOUT": str(claim_timeout),
                "BENCH_BATCH_SIZE": str(batch_size),
            },
        ) as stack,
    ):
        stack.setup()
        edition_id = stack.query(
            "from django.utils import timezone\n"
            "from newsletter.models import Newsletter, Subscriber\n"
            "from newsletter.sending import get_or_create_edition\n"
            "newsletter = Newsletter.objects.filter(is_active=True).order_by('pk').first()\n"
            "Subscriber.objects.filter(newsletter=newsletter).delete()\n"
            f"Subscriber.objects.bulk_create([Subscriber(newsletter=newsletter, email=f'r{{i}}@faults.example', "
            f"status='confirmed', confirmed_at=timezone.now()) for i in range({subscribers})])\n"
            "result = get_or_create_edition(newsletter, newsletter.local_today()).pk"
        )
        enqueue = (
            f"from newsletter.tasks import send_edition_task\nresult = str(send_edition_task.enqueue({edition_id}).id)"
        )
        status = f"from newsletter.models import Edition\nresult = Edition.objects.get(pk={edition_id}).status"
        tasks = (
            "from django_tasks_db.models import DBTaskResult\n"
            "rows = DBTaskResult.objects.filter(task_path='newsletter.tasks.send_edition_task')\n"
            "result = {'running': rows.running().count(), 'failed': rows.failed().count(), "
            "'rows': rows.count(), 'attempts': sum(len(row.worker_ids) for row in rows)}"
        )

        # What cron does after a kill, in one process: the requeue_stale_tasks line of
        # docs/operations/deploy.md (--timeout 0 because the bench knows the worker is dead; enough attempts
        # for every deliberate kill), and
        # the digest's next send_daily_headlines line if no send of the edition is queued or running.
        resume = (
            "import io\n"
            "from django.core.management import call_command\n"
            "from django_tasks_db.models import DBTaskResult\n"
            "from newsletter.tasks import send_edition_task\n"
            "out = io.StringIO()\n"
            f"call_command('requeue_stale_tasks', '--timeout', '0', '--max-attempts', '{kills + 2}',"
            " stdout=out)\n"
            "result = {'requeued': int(out.getvalue().split()[0]), 'enqueued': 0}\n"
            "if not DBTaskResult.objects.filter(task_path='newsletter.tasks.send_edition_task', "
            "status__in=['READY', 'RUNNING']).exists():\n"
            f"    send_edition_task.enqueue({edition_id})\n"
            "    result['enqueued'] = 1"
        )

        counts = Counter()

        def requeue_stale() -> int:
            outcome = stack.query(resume)
            counts["enqueued"] += outcome["enqueued"]
            return outcome["requeued"]

        log(
            f"edition {edition_id}: {subscribers} confirmed subscribers, batches of {batch_size}; "
            f"{kills} SIGKILLs at random points"
        )
        stack.query(enqueue)
        done_kills = requeued = 0
        for number in range(kills):
            if number:
                requeued += requeue_stale()  # the killed worker's task, READY again
            before = sink.count
            worker = stack.start_worker(f"worker{number}")
            deadline = time.monotonic() + 60
            while sink.count == before and worker.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)  # wait until this worker is sending…
            if worker.poll() is not None or sink.count == before:
                stack.kill(f"worker{number}")
                log(f"  kill {number + 1}: the worker sent nothing (edition {stack.query(status)}); stopping")
                break
            time.sleep(rng.uniform(0, 0.6))  # …then kill it at a random point of the send
            stack.kill(f"worker{number}", signal.SIGKILL)
            done_kills += 1
            time.sleep(rng.uniform(0, claim_timeout * 1.5))  # sometimes the claims are stale on resume, sometimes not
        # Resume until the edition is finished (claims of the last killed worker go stale first).
        for _attempt in range(10):
            if stack.query(status) == "sent":
                break
            time.sleep(claim_timeout + 0.5)
            requeued += requeue_stale()
            stack.start_worker("final", "--batch")
            stack.processes["final"].wait(300)
            stack.kill("final")
        final_status = stack.query(status)
        task_rows = stack.query(tasks)
        received = Counter(address.lower() for address in sink.recipients())
    expected = {f"r{index}@faults.example" for index in range(subscribers)}
    lost = len(expected - set(received))
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    result = {
        "kills": done_kills,
        "subscribers": subscribers,
        "messages": sum(received.values()),
        "lost": lost,
        "duplicates": duplicates,
        "edition": final_status,
        "requeued": requeued,
        "enqueued_again": counts["enqueued"],
        "task_rows": task_rows["rows"],
        "task_attempts": task_rows["attempts"],
        "left_running": task_rows["running"],
        "tasks_failed": task_rows["failed"],
    }
    log(
        f"worker-kill: {done_kills} kills; {result['messages']} messages to {subscribers} subscribers; "
        f"lost {lost}, duplicates {duplicates} (goal 0 lost, ≤ {done_kills}); edition {final_status}"
    )
    log(
        f"  task rows: {task_rows['rows']} ({task_rows['attempts']} attempts; {counts['enqueued']} enqueued again "
        f"after a run ended), {requeued} requeued by requeue_stale_tasks; left running {task_rows['running']}, "
        f"failed {task_rows['failed']}"
    )
    result["ok"] = (
        lost == 0
        and duplicates <= done_kills
        and final_status == "sent"
        and done_kills == kills
        and task_rows["running"] == 0
        and task_rows["failed"] == 0
    )
    return result


# traffic -----------------------------------------------------------------------------------------


class Traffic(threading.Thread):
    """A steady stream of GETs (and optional signups) recording (time, path, status, body excerpt)."""

    def __init__(self, stack: Stack, paths: list[str], *, signups: bool = False, interval: float = 0.05):
        super().__init__(daemon=True)
        self.stack, self.paths, self.signups, self.interval = stack, paths, signups, interval
        self.stopped = threading.Event()
        self.records: list[tuple[float, str, object, bytes]] = []
        self.http = urllib3.PoolManager(maxsize=2, retries=False, timeout=urllib3.Timeout(connect=3, read=30))
        self.host = f"127.0.0.1:{stack.port}"

    def run(self):
        number = 0
        while not self.stopped.is_set():
            number += 1
            headers = {"X-Forwarded-Proto": "https", "Host": self.host}
            try:
                if self.signups and number % 4 == 0:
                    path = "/newsletter/subscribe/"
                    response = self.http.request_encode_body(
                        "POST",
                        self.stack.url + path,
                        fields={"email": f"fault{number}@faults.example"},
                        encode_multipart=False,
                        headers={
                            **headers,
                            "Accept": "application/json",
                            "Origin": f"https://{self.host}",
                            "X-Forwarded-For": f"203.0.113.{number % 250 + 1}",
                        },
                    )
                else:
                    path = "/healthz" if number % 5 == 0 else random.choice(self.paths)
                    response = self.http.request("GET", self.stack.url + path, headers=headers)
                status, body = response.status, response.data
            except Exception as error:
                status, body = f"exception:{error.__class__.__name__}", b""
            self.records.append((time.monotonic(), path, status, body[:4000]))
            time.sleep(self.interval)

    def stop(self):
        self.stopped.set()
        self.join(30)


def start_traffic(stack: Stack, settle: float) -> Traffic:
    """Set the stack up, start gunicorn, warm every article page, then let steady traffic run ``settle`` s."""
    stack.setup()
    stack.start_gunicorn()
    paths = stack.article_paths()
    for path in paths:  # renditions are made on first view
        stack.get(path, timeout=60)
    traffic = Traffic(stack, paths, signups=True)
    traffic.start()
    time.sleep(settle)
    return traffic


def summarise(records, since: float = 0.0, until: float = float("inf")) -> Counter:
    return Counter(str(status) for at, _path, status, _body in records if since <= at < until)


# PostgreSQL restart ------------------------------------------------------------------------------


class PrivateCluster:
    """A throwaway PostgreSQL cluster on a free loopback port, trust auth, for restarting at will."""

    def __init__(self, version: str, name: str = "newsroom_faults"):
        self.version, self.name, self.port = version, name, free_port()

    def __enter__(self):
        subprocess.run(["pg_dropcluster", "--stop", self.version, self.name], capture_output=True, check=False)
        subprocess.run(
            [
                "pg_createcluster",
                self.version,
                self.name,
                "--port",
                str(self.port),
                "--start",
                "-o",
                "fsync=off",  # listens on localhost only (the default)
                "--",
                "--auth-host=trust",
                "--auth-local=trust",
            ],
            capture_output=True,
            check=True,
        )
        wait_for_port(self.port, 30)
        return self

    def restart(self):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "restart"],
            capture_output=True,
            check=True,
        )

    def __exit__(self, *exc):
        subprocess.run(["pg_dropcluster", "--stop", self.version, self.name], capture_output=True, check=False)


def postgres_restart(shared_cluster: bool = False, log=print) -> dict:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    if shared_cluster:
        cluster = contextlib.nullcontext()
        admin_url = None  # the shared cluster, BENCH_PG_ADMIN_URL
    else:
        cluster = PrivateCluster(version)
    with cluster as private:
        if private is not None:
            admin_url = f"postgres://postgres@127.0.0.1:{private.port}/postgres"
        with Stack(
            db_name="newsroom_faults",
            env={**NO_RENDITIONS_AHEAD, "EMAIL_URL": "dummymail://"},
            pg_admin_url=admin_url,
        ) as stack:
            traffic = start_traffic(stack, settle=5)
            restart_at = time.monotonic()
            log(
                f"restarting PostgreSQL ({f'shared {version}/main' if shared_cluster else 'private cluster'}) "
                "while requests arrive…"
            )
            if shared_cluster:
                subprocess.run(
                    ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                    capture_output=True,
                    check=True,
                )
            else:
                private.restart()
            restarted_at = time.monotonic()
            time.sleep(10)
            traffic.stop()
            log_text = stack.log_text("gunicorn")
        records = traffic.records
    during = summarise(records, restart_at)
    bad = [(status, body) for _at, _path, status, body in records if str(status) not in ("200", "503")]
    unclear_503 = [
        body
        for _at, _path, status, body in records
        if status == 503 and not (b"Back in a moment" in body or b'"status": "unavailable"' in body)
    ]
    tracebacks = sum(1 for *_rest, body in records if b"Traceback" in body)
    # Recovered: every response after the last non-200 is a 200, within 8 s of the restart.
    last_bad = max((at for at, _path, status, _body in records if status != 200), default=restart_at)
    tail = summarise(records, last_bad + 0.001)
    recovered = bool(tail) and set(tail) == {"200"} and last_bad < restarted_at + 8
    result = {
        "requests": len(records),
        "from_restart": dict(during),
        "bad": len(bad),
        "unclear_503": len(unclear_503),
        "tracebacks": tracebacks,
        "recovered_after_s": round(max(0.0, last_bad - restarted_at), 2),
        "restart_took_s": round(restarted_at - restart_at, 2),
        "log_tracebacks": log_text.count("Traceback"),
    }
    log(
        f"postgres-restart: {len(records)} requests; from the restart on: {dict(during)}; "
        f"restart took {result['restart_took_s']} s; all 200 again {result['recovered_after_s']} s after it; "
        f"non-200/503 answers {len(bad)}, unclear 503s {len(unclear_503)}, tracebacks in responses {tracebacks}"
    )
    if bad:
        log(f"  e.g. {bad[0][0]}: {bad[0][1][:300]!r}")
    result["ok"] = not bad and not unclear_503 and not tracebacks and recovered
    return result


# Redis down --------------------------------------------------------------------------------------


def redis_down(log=print, db_name: str = FAULTS_DB) -> dict:
    with Stack(
        db_name=db_name,
        env={
            **NO_RENDITIONS_AHEAD,
            "EMAIL_URL": "dummymail://",
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        },
    ) as stack:
        traffic = start_traffic(stack, settle=4)
        down_at = time.monotonic()
        log("killing redis-server while requests arrive…")
        stack.stop_redis()
        time.sleep(8)
        traffic.stop()
        health = stack.get("/healthz")
        log_text = stack.log_text("gunicorn")
    records = traffic.records
    before, after = summarise(records, 0, down_at), summarise(records, down_at)
    pages_after = Counter(
        str(status)
        for at, path, status, _ in records
        if at >= down_at and path not in ("/healthz", "/newsletter/subscribe/")
    )
    signups_after = Counter(
        str(status) for at, path, status, _ in records if at >= down_at and path == "/newsletter/subscribe/"
    )
    logged = log_text.count("Exception ignored") + log_text.count("rate limit")
    result = {
        "before": dict(before),
        "after": dict(after),
        "pages_after": dict(pages_after),
        "signups_after": dict(signups_after),
        "health_after": health[0],
        "degradation_logged": logged,
    }
    log(
        f"redis-down: before {dict(before)}; after the kill: pages {dict(pages_after)}, signups {dict(signups_after)}, "
        f"/healthz {health[0]}; degradation logged {logged} times"
    )
    result["ok"] = set(pages_after) == {"200"} and set(signups_after) <= {"200"} and health[0] == 503 and logged > 0
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fault", nargs="*", help="worker-kill, postgres-restart, redis-down (default: all)")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--subscribers", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--shared-cluster",
        action="store_true",
        help="restart the shared PostgreSQL main cluster instead of a private one",
    )
    options = parser.parse_args(argv)
    known = ["worker-kill", "postgres-restart", "redis-down"]
    faults = options.fault or known
    if set(faults) - set(known):
        parser.error(f"unknown fault: {', '.join(sorted(set(faults) - set(known)))}")
    if not postgres_available():
        print("PostgreSQL is not reachable at 127.0.0.1:5432", file=sys.stderr)
        return 2
    if "postgres-restart" in faults and not options.shared_cluster and not shutil.which("pg_createcluster"):
        print("pg_createcluster not found: use --shared-cluster", file=sys.stderr)
        return 2
    results = {}
    for fault in faults:
        if fault == "worker-kill":
            results[fault] = worker_kill(options.kills, options.subscribers, seed=options.seed)
        elif fault == "postgres-restart":
            results[fault] = postgres_restart(options.shared_cluster)
        else:
            results[fault] = redis_down()
    failed = [name for name, result in results.items() if not result["ok"]]
    print("RESULT:", f"FAIL ({', '.join(failed)})" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

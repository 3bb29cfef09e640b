"""Benchmark: send one day's editions (one per language) to N confirmed subscribers through an aiosmtpd sink.

The subscribers are spread over ``--languages`` (default en, fr, es: the site's languages), one edition
per language as ``send_newsletter`` sends them, with CSS inlined (css-inline) when each edition is
rendered: once per edition and language, never per recipient (the run counts the inliner's calls: one
per edition before the timed send, none during it).

Prints, from the same run: messages per second; the time against a floor (a bare smtplib loop sending
one pre-rendered message, the size of ours, N times over one connection per round; goal at most 1.5x);
database queries per batch; peak Python memory (tracemalloc, measured in a second, separate send so it
does not slow the timing).

    python bench/bench_newsletter.py [--subscribers 10000] [--batch-size 100] [--rounds 5] [--languages en,fr,es]
                                     [--postgres] [--profile 25]

Uses a throwaway SQLite database in a temporary directory; ``--postgres`` a throwaway PostgreSQL
database instead (created and dropped through ``BENCH_PG_ADMIN_URL``, default
postgres://postgres@127.0.0.1:5432/postgres), where batches are claimed with SKIP LOCKED.
``--profile N`` also runs the timed send under cProfile afterwards (a third edition, not timed) and
prints its N most expensive functions, to show where the time beyond the floor goes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import math
import os
import smtplib
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(tmp: str, database_url: str | None = None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tmp}/bench.sqlite3"
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
                number = counter.value
            return f"250 2.0.0 Ok: queued as {number:012X}"  # a queue id, as Postfix or SES name one

    controller = Controller(Handler(), hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class SinkProcess:
    def __init__(self):
        import multiprocessing

        from tests.support.smtp import free_port

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
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="alternate floor and send in this many rounds (1: the whole floor, then the send)",
    )
    parser.add_argument(
        "--languages",
        default="en,fr,es",
        help="subscribers' languages, spread evenly, one edition each (the first is the site's default)",
    )
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL database instead of SQLite")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile a send (not timed) and print the N most expensive functions",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-newsletter-") as tmp, throwaway_database(args.postgres) as url:
        setup_django(tmp, url)
        run(args)
        from django.db import connections

        connections.close_all()


@contextlib.contextmanager
def throwaway_database(postgres: bool):
    """None (SQLite in the temporary directory), or the URL of a PostgreSQL database dropped afterwards."""
    if not postgres:
        yield None
        return
    from bench.stack import PG_ADMIN_URL, _pg_admin

    name = f"bench_newsletter_{os.getpid()}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class CallCounter:
    """Wraps a function and counts its calls (here: the CSS inliner, to show it runs per edition)."""

    def __init__(self, function):
        self.function = function
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


def build_content(args, languages: list[str]):
    """The site, its translations, the day's stories (each translated into every other language) and the
    subscribers, spread evenly over ``languages``. Returns the newsletter and its send date."""
    from newsletter.models import Subscriber
    from tests.support.builders import build_site, make_article, make_image, translate, translate_site
    from tests.support.newsletter import make_newsletter, make_subscribers

    tree = build_site()
    newsletter = make_newsletter(tree.site)
    today = newsletter.local_today()
    photo = make_image("Bench photo", caption="A photo.", credit="Bench/Ledger")
    translated_sites = [translate_site(tree, code) for code in languages[1:]]
    for index in range(8):
        article = make_article(
            tree.section,
            f"Bench story {index}",
            lead_image=photo if index == 0 else None,
            publication_date=newsletter.send_datetime(today) - datetime.timedelta(hours=index + 1),
        )
        for code, _site in zip(languages[1:], translated_sites, strict=True):
            translate(article, code, title=f"Bench story {index} ({code})")
    start = time.perf_counter()
    subscribers = make_subscribers(newsletter, args.subscribers)
    ids = [subscriber.pk for subscriber in subscribers]
    for offset, code in enumerate(languages):
        Subscriber.objects.filter(pk__in=ids[offset :: len(languages)]).update(language=code)
    took = time.perf_counter() - start
    print(f"{args.subscribers} confirmed subscribers ({', '.join(languages)}) created in {took:.1f}s")
    return newsletter, today


def run(args) -> None:
    from django.db import connection
    from django.test import override_settings

    from newsletter import digest
    from newsletter.claims import Claimed
    from newsletter.messages import MessageFactory, serialise
    from newsletter.models import Delivery, Edition
    from newsletter.sending import edition_languages, freeze, get_or_create_edition, send_edition
    from tests.support.smtp import email_settings_for

    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    newsletter, today = build_content(args, languages)
    inliner = CallCounter(digest.inline_css)
    digest.inline_css = inliner  # counted from here on: every edition rendered below

    settings = {"NEWSLETTER": {"BATCH_SIZE": args.batch_size, "BASE_URL": "https://ledger.example"}}
    with SinkProcess() as sink, override_settings(**email_settings_for(sink), **settings):
        assert set(edition_languages(newsletter, today)) == set(languages), edition_languages(newsletter, today)
        editions = {code: get_or_create_edition(newsletter, today, language=code) for code in languages}
        for edition in editions.values():
            send_edition(edition, max_batches=0)  # enqueue only; renders (and inlines) the edition once
        inlined_before_timing = inliner.calls
        for code, edition in editions.items():  # each edition speaks its language
            assert f'<html lang="{code}"' in freeze(edition).html, code
        # The floor: one pre-rendered message of the default language, a bare smtplib loop over one connection.
        edition = editions[languages[0]]
        rendered = freeze(edition)
        sample = Delivery.objects.select_related("subscriber").filter(edition=edition).first()
        claimed = Claimed(sample.pk, sample.subscriber_id, sample.subscriber.email, 1)
        factory = MessageFactory(Edition.objects.select_related("newsletter").get(pk=edition.pk), rendered)
        payload = factory.wire(claimed, factory.message_id(sample.pk))  # the bytes send_edition sends
        assert payload is not None  # substitution is what gets timed below
        built = serialise(factory.build(claimed, factory.message_id(sample.pk)))  # Django's own, in full
        assert abs(len(built) - len(payload)) < 64, (len(built), len(payload))  # the same size
        recipient = sample.subscriber.email
        per_language = {code: Delivery.objects.filter(edition=editions[code]).count() for code in languages}
        assert sum(per_language.values()) == args.subscribers, per_language

        # Send and floor alternate in --rounds rounds and their times are summed, so that load from other
        # processes on the machine falls on both alike. Each round sends a share of every language's
        # edition; the floor then sends as many messages as the round did.
        rounds = max(1, args.rounds)
        counter = QueryCounter()
        floor = elapsed = 0.0
        sent = batches = 0
        round_ratios = []
        results = {}
        for number in range(rounds):
            last = number == rounds - 1
            before = sink.count
            start = time.perf_counter()
            with connection.execute_wrapper(counter):
                for code in languages:
                    share = math.ceil(per_language[code] / args.batch_size / rounds)
                    results[code] = send_edition(editions[code], max_batches=None if last else share)
            send_time = time.perf_counter() - start
            round_sent = sum(result.sent for result in results.values())
            assert round_sent == sink.count - before, (results, sink.count)
            batches += sum(result.batches for result in results.values())

            start = time.perf_counter()
            smtp = smtplib.SMTP(sink.host, sink.port)
            for _ in range(round_sent):
                smtp.sendmail("headlines@ledger.example", [recipient], payload)
            smtp.quit()
            floor_time = time.perf_counter() - start

            floor, elapsed, sent = floor + floor_time, elapsed + send_time, sent + round_sent
            if round_sent:
                round_ratios.append(send_time / floor_time)
        assert sent == args.subscribers and all(result.finished for result in results.values()), (sent, results)
        # The sink names every message it accepts (a queue id, as Postfix or SES do): each one recorded.
        with_ids = Delivery.objects.filter(edition__in=editions.values()).exclude(provider_message_id="").count()
        assert with_ids == args.subscribers, with_ids
        by_language = per_language
        inlined_while_sending = inliner.calls - inlined_before_timing

        # Peak memory, in a second day's editions (tracemalloc slows Python down, so not timed).
        tomorrow = today + datetime.timedelta(days=1)
        tracemalloc.start()
        memory_sent = sum(
            send_edition(get_or_create_edition(newsletter, tomorrow, language=code)).sent for code in languages
        )
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert memory_sent == args.subscribers

        if args.profile:
            import cProfile
            import pstats

            later = today + datetime.timedelta(days=2)
            profiler = cProfile.Profile()
            profiler.enable()
            for code in languages:
                send_edition(get_or_create_edition(newsletter, later, language=code))
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)

    print(f"database:                {connection.vendor}")
    print(f"languages:               {', '.join(f'{code} {count:,}' for code, count in by_language.items())}")
    print(f"editions rendered:       {len(editions)} (CSS inlined {inlined_before_timing} time(s) for "
          f"{args.subscribers:,} recipients; {inlined_while_sending} more while sending)")  # fmt: skip
    print(f"message size:            {len(payload):,} bytes")
    print(f"bare smtplib floor:      {floor:.2f}s  ({args.subscribers / floor:,.0f} msgs/s)")
    print(f"send_edition:            {elapsed:.2f}s  ({args.subscribers / elapsed:,.0f} msgs/s)")
    print(f"ratio vs floor:          {elapsed / floor:.2f}x  (goal <= 1.5x)")
    if len(round_ratios) > 1:
        print(
            f"  per round ({rounds}):        min {min(round_ratios):.2f}x, "
            f"median {statistics.median(round_ratios):.2f}x, max {max(round_ratios):.2f}x"
        )
    print(f"provider message ids:    {with_ids:,} of {args.subscribers:,} deliveries")
    print(f"batches:                 {batches} of {args.batch_size}")
    print(
        f"queries per batch:       {counter.count / max(batches, 1):.1f}  "
        f"(one UPDATE per accepted message + {counter.count / max(batches, 1) - args.batch_size:.1f})"
    )
    print(f"peak traced memory:      {peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()

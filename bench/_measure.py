"""Timing loops the in-process benchmarks share, so that every script measures and reports a figure alike.

Figures are read against a baseline measured in the same run (``/healthz`` for requests): the machine's
speed and load change between runs, a ratio much less.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
import timeit
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Timed:
    """The wall times (seconds) and query counts of repeated requests, and the last response."""

    times: list[float]
    queries: list[int]
    response: Any


def time_requests(client, path: str, repeat: int) -> Timed:
    """``repeat`` GETs of ``path`` after one that warms what requests share (renditions, sites, caches).

    Each must answer 200: a benchmark that times an error page measures nothing.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)
    times: list[float] = []
    counts: list[int] = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        counts.append(len(queries))
        assert response.status_code == 200, (path, response.status_code)
    return Timed(times, counts, response)


def median_ms(samples: Sequence[float], digits: int = 1) -> float:
    return round(statistics.median(samples) * 1000, digits)


def best_per_call(fn: Callable[[], object], number: int, repeat: int) -> float:
    """Best CPU time per call, in seconds (timeit's advice: the minimum is the least noisy).

    For what runs in this process and is CPU-bound (SQLite's file sits in the page cache): the
    process's CPU time is the cost, where wall time would also count other processes on the cores.
    """
    return min(timeit.Timer(fn, timer=time.process_time).repeat(repeat=repeat, number=number)) / number


def best_of_rounds(measures: Mapping[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """The least of each measure over ``rounds`` interleaved rounds.

    Interleaved, because a busy machine then slows every measure of a round alike.
    """
    best = dict.fromkeys(measures, float("inf"))
    for _ in range(rounds):
        for name, measure in measures.items():
            best[name] = min(best[name], measure())
    return best


def add_ratios(rows: Mapping[str, dict], baseline: str = "healthz") -> None:
    """Set each row's ``ratio``: its ``ms`` over the baseline row's, from the same run."""
    base = rows[baseline]["ms"] or 0.001
    for row in rows.values():
        row["ratio"] = round(row["ms"] / base, 1)


#: A column of :func:`print_table`: its heading, its width, and the row's key (or a function of the row).
Column = tuple[str, int, "str | Callable[[dict], object]"]


def print_table(rows: Mapping[str, dict], columns: Sequence[Column], *, first: tuple[str, int]) -> None:
    """A heading line, then a line a row: the row's name left-aligned, then each column right-aligned."""
    heading, width = first
    print(f"{heading:<{width}}" + "".join(f"{title:>{size}}" for title, size, _value in columns))
    for name, row in rows.items():
        line = f"{name:<{width}}"
        for _title, size, value in columns:
            cell = value(row) if callable(value) else row.get(value, "")
            line += f"{cell:>{size}}"
        print(line)


def run_in_scratch_folder(run: Callable[[Any, str], dict], args: Any, prefix: str, *, keep: bool = False) -> None:
    """``run(args, folder)`` in a temporary folder (left in place with ``keep``); then ``--json``'s figures."""
    if keep:
        tmp = tempfile.mkdtemp(prefix=prefix)
        print(f"kept in {tmp}")
        results = run(args, tmp)
    else:
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            results = run(args, tmp)
    if args.json:
        print(json.dumps(results))


def finish(results: dict, *, flush: bool) -> dict:
    """Record and print the load average (timings mean little without it), then empty the database the run
    built when asked (a PostgreSQL database given with ``--database-url``: the schema stays)."""
    results["load_average"] = [round(value, 2) for value in os.getloadavg()]
    print(f"load average {results['load_average']} ({os.cpu_count()} cores)")
    if flush:
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
    return results

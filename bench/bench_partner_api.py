"""The partner API's list page with 10,000 articles, uncached, against /healthz in the same run.

    python bench/bench_partner_api.py [--pages 10000] [--number 30] [--repeat 5]

Builds a throwaway SQLite database (test settings) with ``--pages`` articles as
``bench_export.py`` makes them (2 authors, 2 photos each; every tenth subscriber-only), stores
their graphs as publishing does (one export run), makes two partner keys (every section and
subscriber bodies; one section without them), then measures in-process with Django's test
client, interleaved rounds, best of ``--repeat`` rounds of ``--number`` requests:

* ``/healthz`` (a view that touches the database and the cache): the baseline;
* the list's first page (20 ninjs items, no ``If-None-Match``: built every time), a later page
  (``?cursor=``), a ``?section=`` page for the scoped key (which also gets paywalled stories cut
  at the wall, built afresh) and ``?since=``;
* one article in ninjs and in NewsML-G2;
* a revalidation (``If-None-Match``: 304).

Goal (issue 29): the list page <= 30 ms uncached with 10,000 articles. Queries per request are
counted too. Ratios against /healthz say what the machine cannot: compare them across runs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_throwaway_django
from bench._measure import best_of_rounds
from bench.bench_export import add_articles, build_base, export


def build(pages: int, tmp: str) -> tuple[str, str, int, str]:
    from articles.models import ArticlePage
    from partners.models import PartnerKey

    tree, authors, photos = build_base()
    started = time.perf_counter()
    for start in range(0, pages, 2000):
        add_articles(tree, authors, photos, start, min(2000, pages - start))
    # Every tenth story subscriber-only, the wall after its first paragraph (of two blocks).
    ids = list(ArticlePage.objects.order_by("pk").values_list("pk", flat=True)[::10])
    ArticlePage.objects.filter(pk__in=ids).update(access="subscribers", free_paragraphs=1)
    print(f"generated {pages} articles in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    started = time.perf_counter()
    export(f"{tmp}/warm.ndjson", 1000)  # stores every graph, as publishing does
    print(f"stored their graphs in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    everything = PartnerKey(name="Wire", subscriber_bodies=True, requests_per_minute=10**6)
    everything.save()
    scoped = PartnerKey(name="Local daily", requests_per_minute=10**6)
    scoped.save()
    scoped.sections.set([tree.sections[0]])
    return everything.raw_key, scoped.raw_key, ids[0], tree.sections[0].slug


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--number", type=int, default=30, help="requests per timing")
    parser.add_argument("--repeat", type=int, default=5, help="timings per measure (the best is kept)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-partners-")
    try:
        setup_throwaway_django(tmp, ALLOWED_HOSTS=["*"])
        run(args, *build(args.pages, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, wire: str, local: str, gated_pk: int, section: str) -> None:
    import json

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    list_url = "/api/partners/v1/articles/"
    first = client.get(list_url, headers={"authorization": f"Bearer {wire}"})
    assert first.status_code == 200, first.content[:300]
    page = json.loads(first.content)
    assert len(page["items"]) == 20 and page["next"]
    etag = first["ETag"]
    targets = {
        "healthz": ("/healthz", None, {}),
        "list, first page": (list_url, wire, {}),
        "list, a later page (cursor)": (page["next"], wire, {}),
        f"list, ?section={section}, cut paywalls": (f"{list_url}?section={section}", local, {}),
        "list, ?since= (a day ago)": (f"{list_url}?since=2000-01-01", wire, {}),
        "article, ninjs": (f"{list_url}{gated_pk}/", wire, {}),
        "article, NewsML-G2": (f"{list_url}{gated_pk}/?format=newsml", wire, {}),
        "list, revalidated (304)": (list_url, wire, {"if-none-match": etag}),
    }

    def request(url, key, headers):
        if key:
            headers = {"authorization": f"Bearer {key}", **headers}
        response = client.get(url, headers=headers)
        assert response.status_code in (200, 304), (url, response.status_code, response.content[:300])
        return response

    queries = {}
    for name, (url, key, headers) in targets.items():
        request(url, key, headers)  # warm: imports, caches, renditions
        with CaptureQueriesContext(connection) as captured:
            request(url, key, headers)
        queries[name] = len(captured)

    def per_request(url, key, headers) -> float:
        started = time.perf_counter()
        for _ in range(args.number):
            request(url, key, headers)
        return (time.perf_counter() - started) / args.number

    best = best_of_rounds({name: partial(per_request, *target) for name, target in targets.items()}, args.repeat)
    healthz = best["healthz"]
    print(f"{args.pages} articles (SQLite, in-process test client). Best of {args.repeat} x {args.number} requests.")
    width = max(map(len, targets))
    print(f"{'request':<{width}}  {'per request':>12}  {'x healthz':>9}  queries")
    for name, seconds in best.items():
        print(f"{name:<{width}}  {seconds * 1000:>9.2f} ms  {seconds / healthz:>8.1f}x  {queries[name]}")
    listing = best["list, first page"]
    print(f"Goal: list page <= 30 ms uncached: {listing * 1000:.1f} ms ({'met' if listing <= 0.030 else 'NOT met'}).")


if __name__ == "__main__":
    main()

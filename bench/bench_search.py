"""Reader search at archive size: search p95 through the test client (uncached) and the cost of
indexing one publication.

    python bench/bench_search.py                        # 10,000 articles on a throwaway SQLite database
    python bench/bench_search.py --articles 2000 --repeat 10
    python bench/bench_search.py --database-url postgres://postgres@127.0.0.1:5432/NAME
    python bench/bench_search.py --json                 # the figures as one JSON object on the last line

Builds the archive as ``bench_archive.py`` does (sections, authors, tags, articles over 20 years,
a few translated), gives each article a demo-like body (paragraphs drawn from a fixed vocabulary),
indexes everything in batches (the bulk path: Wagtail's index signal is set aside while building),
then requests ``/healthz`` (the baseline) and a mix of searches (a common word, a rare one, two
words, a filter, newest first, a deep page) with the page cache off, and prints each one's median
and p95 and the ratio to the baseline. Last, it publishes articles one at a time with the index
update on and off (alternating) and prints the median extra cost of the index update.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._measure import add_ratios, finish, median_ms, print_table, run_in_scratch_folder, time_requests
from bench.bench_archive import analyze, build, setup

COMMON = ["harbor", "council", "budget", "school", "ferry", "election", "storm", "market", "bridge", "river"]
RARE = ["zeppelin", "quarantine", "lighthouse", "referendum", "tramway"]
FILLER = [
    "the", "city", "said", "residents", "week", "plan", "report", "state", "water", "public", "officials",
    "new", "year", "county", "people", "local", "board", "vote", "members", "project", "million", "road",
    "workers", "police", "court", "families", "season", "team", "museum", "festival", "weather", "coast",
]  # fmt: skip
QUERIES = [
    ("common_word", "/search/?q=harbor"),
    ("rare_word", "/search/?q=zeppelin"),
    ("two_words", "/search/?q=budget+council"),
    ("headline_words", "/search/?q=story+archive"),
    ("section_filter", "/search/?q=election&section=section-03"),
    ("newest_first", "/search/?q=storm&sort=newest"),
    ("page_5", "/search/?q=market&page=5"),
    ("no_match", "/search/?q=xylophonist"),
]


def paragraph(rng: random.Random) -> str:
    words = [rng.choice(FILLER) for _ in range(rng.randint(30, 60))]
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(COMMON)
    if rng.random() < 0.01:
        words[rng.randrange(len(words))] = rng.choice(RARE)
    return "<p>" + " ".join(words).capitalize() + ".</p>"


def add_bodies(seed: int = 26) -> float:
    """Four to six paragraphs per article, written in bulk; seconds taken."""
    from wagtail.rich_text import RichText

    from articles.models import ArticlePage

    rng = random.Random(seed)
    started = time.perf_counter()
    pages = list(ArticlePage.objects.only("pk"))
    for page in pages:
        page.body = [("paragraph", RichText(paragraph(rng))) for _ in range(rng.randint(4, 6))]
    ArticlePage.objects.bulk_update(pages, ["body"], batch_size=500)
    return time.perf_counter() - started


def index_all(batch: int = 500) -> float:
    """Every article into the search index in batches (what ``update_index`` does); seconds taken."""
    from wagtail.search.backends import get_search_backend

    from articles.models import ArticlePage

    started = time.perf_counter()
    backend = get_search_backend()
    index = backend.get_index_for_model(ArticlePage)
    queryset = ArticlePage.objects.select_related("section_page", "lead_image").prefetch_related(
        "tags", "article_authors__author"
    )
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        index.add_items(ArticlePage, list(queryset.filter(pk__in=ids[start : start + batch])))
    return time.perf_counter() - started


def measure(client, path: str, repeat: int) -> dict:
    timed = time_requests(client, path, repeat)
    times = sorted(timed.times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"ms": median_ms(times), "p95_ms": round(p95 * 1000, 1), "queries": timed.queries[-1]}


def publish_cost(rounds: int) -> dict:
    """Median ms to publish one new article with the index update and without it (alternating)."""
    from django.db.models.signals import post_save
    from modelsearch import signal_handlers
    from wagtail.search import index

    from articles.models import ArticlePage, SectionPage
    from tests.support.builders import make_article

    section = SectionPage.objects.filter(depth=4).order_by("path").first() or SectionPage.objects.first()
    timings: dict[str, list[float]] = {"indexed": [], "unindexed": [], "index_only": []}
    for number in range(rounds * 2):
        indexed = number % 2 == 0
        article = make_article(section, f"Bench publication {number} about the harbor", publish=False)
        revision = article.save_revision()
        if not indexed:
            post_save.disconnect(signal_handlers.post_save_signal_handler, sender=ArticlePage)
        try:
            started = time.perf_counter()
            revision.publish()
            timings["indexed" if indexed else "unindexed"].append(time.perf_counter() - started)
        finally:
            if not indexed:
                post_save.connect(signal_handlers.post_save_signal_handler, sender=ArticlePage)
        if indexed:
            article.refresh_from_db()
            started = time.perf_counter()
            index.insert_or_update_object(article)
            timings["index_only"].append(time.perf_counter() - started)
    figures = {name: round(statistics.median(values) * 1000, 1) for name, values in timings.items()}
    figures["extra_ms"] = round(figures["indexed"] - figures["unindexed"], 1)
    return figures


def run(args: argparse.Namespace, tmp: str) -> dict:
    # The header's and footer's fragments cached as in production (the page cache stays off).
    os.environ.setdefault("PAGE_CACHE_FRAGMENT_TIMEOUT", "600")
    setup(args.database_url, tmp)
    from django.conf import settings
    from django.test import Client

    settings.SITE_SEARCH = {**getattr(settings, "SITE_SEARCH", {}), "RATE_LIMIT": 0}
    results: dict = {"build": build(args.articles)}
    results["bodies_s"] = round(add_bodies(), 1)
    results["index_s"] = round(index_all(), 1)
    results["database"] = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    results["analyze_s"] = analyze()
    print(f"built {args.articles} articles; bodies in {results['bodies_s']} s; indexed in {results['index_s']} s "
          f"({round(args.articles / max(results['index_s'], 0.001))} articles/s) on {results['database']}")  # fmt: skip
    client = Client(HTTP_HOST="localhost")
    results["healthz"] = measure(client, "/healthz", args.repeat)
    for name, path in QUERIES:
        results[name] = measure(client, path, args.repeat)
    rows = {name: results[name] for name in ("healthz", *(name for name, _path in QUERIES))}
    add_ratios(rows)
    print_table(rows, first=("what", 16), columns=[
        ("median ms", 10, "ms"), ("p95 ms", 9, "p95_ms"), ("queries", 9, "queries"), ("x healthz", 11, "ratio"),
    ])  # fmt: skip
    worst = max(results[name]["p95_ms"] for name, _path in QUERIES)
    results["search_p95_ms"] = worst
    results["publish"] = publish_cost(args.publish_rounds)
    publish = results["publish"]
    print(f"search p95 (worst query): {worst} ms")
    print(f"publish one article: {publish['indexed']} ms indexed, {publish['unindexed']} ms without the index "
          f"(extra {publish['extra_ms']} ms; the index update alone {publish['index_only']} ms)")  # fmt: skip
    return finish(results, flush=args.database_url and not args.keep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--database-url", help="build into this (PostgreSQL) database instead of a throwaway SQLite")
    parser.add_argument("--keep", action="store_true", help="leave the database (and the SQLite folder) in place")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--publish-rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON object")
    args = parser.parse_args()
    run_in_scratch_folder(run, args, "bench-search-")


if __name__ == "__main__":
    main()

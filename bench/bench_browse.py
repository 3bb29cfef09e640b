"""Topic pages and date archives at size: render time and queries at two archive sizes, in one run.

    python bench/bench_browse.py                          # 1,000 then 10,000 articles, throwaway SQLite
    python bench/bench_browse.py --sizes 2000 20000
    python bench/bench_browse.py --database-url postgres://postgres@127.0.0.1:5432/NAME
    python bench/bench_browse.py --json                   # the figures as one JSON object on the last line

Builds demo-like articles through the models (sections, a byline, two or three of 60 tags each, a
lead photo from a small pool, three years of dates; pages inserted in tree order as
bench/bench_archive.py does), then requests uncached with Django's test client (page cache off):
``/healthz`` (the baseline, measured in the same run), the busiest topic's first page, the same
topic 40 pages deep (``?before=``), the busiest day, its month and its year, and a section page (an
existing listing) for comparison. Then grows the archive
to the next size and measures again: the query counts must not change. Goal (issue 26): topic page
and day page <= 15 ms on 10,000 articles.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._measure import add_ratios, finish, median_ms, print_table, run_in_scratch_folder, time_requests
from bench.bench_archive import analyze, setup

SECTIONS = 8
AUTHORS = 60
TAGS = 60
PHOTOS = 12
YEARS = 3


def build(tree, count: int, start: int, rng: random.Random, pool: dict) -> None:
    """``count`` more articles (numbered from ``start``) below the tree's sections, in one transaction."""
    from django.db import transaction
    from django.db.models.signals import post_save
    from django.utils import timezone
    from wagtail.search import signal_handlers

    from articles.models import ArticleAuthor, ArticlePage, ArticleTag
    from tests.support.archive import insert_pages

    now = timezone.now()
    span = YEARS * 365 * 86400
    post_save.disconnect(signal_handlers.post_save_signal_handler, sender=ArticlePage)
    try:
        with transaction.atomic():
            by_section: dict[int, list] = {}
            for number in range(start, start + count):
                date = now - datetime.timedelta(seconds=rng.uniform(0, span))
                page = ArticlePage(
                    title=f"Story {number:06d} from the newsroom",
                    slug=f"story-{number:06d}",
                    standfirst=f"What happened in story {number}, in a sentence or two.",
                    live=True,
                    has_unpublished_changes=False,
                    publication_date=date,
                    first_published_at=date,
                    last_published_at=date,
                    listing_date=date,  # what ArticlePage.save sets; insert_pages does not save
                    lead_image=pool["photos"][number % PHOTOS],
                )
                by_section.setdefault(number % SECTIONS, []).append(page)
            for index, pages in by_section.items():
                insert_pages(tree.sections[index], pages)
            everything = [page for pages in by_section.values() for page in pages]
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(page=page, author=pool["authors"][rng.randrange(AUTHORS)], sort_order=0)
                for page in everything
            )
            # A few busy tags (the way "harbor" or "elections" are) and many quiet ones.
            weights = [1 / (rank + 1) for rank in range(TAGS)]
            ArticleTag.objects.bulk_create(
                ArticleTag(content_object=page, tag=tag)
                for page in everything
                for tag in set(rng.choices(pool["tags"], weights=weights, k=rng.choice((2, 3))))
            )
    finally:
        post_save.connect(signal_handlers.post_save_signal_handler, sender=ArticlePage)


def measure(client, path: str, repeat: int) -> dict:
    """The median of ``repeat`` uncached requests (after one that makes renditions and fills caches)."""
    timed = time_requests(client, path, repeat)
    return {"ms": median_ms(timed.times, 2), "queries": timed.queries[-1]}


def targets() -> dict[str, str]:
    """The busiest topic (first page, and 40 pages deep), the busiest day, its month and its year."""
    from django.db.models import Count
    from django.db.models.functions import TruncDay
    from django.utils import timezone

    from articles.models import ArticlePage, ArticleTag
    from topics.listing import PER_PAGE

    tag = ArticleTag.objects.values("tag__slug").annotate(n=Count("pk")).order_by("-n").first()["tag__slug"]
    zone = timezone.get_default_timezone()
    busiest = (
        ArticlePage.objects.order_by()
        .annotate(day=TruncDay("listing_date", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("-n", "day")
        .first()["day"]
    ).astimezone(zone)
    deep = (
        ArticlePage.objects.filter(tagged_items__tag__slug=tag)
        .order_by("-listing_date", "-pk")
        .values_list("pk", flat=True)[PER_PAGE * 40 - 1 : PER_PAGE * 40]
    )
    paths = {
        "healthz": "/healthz",
        "topic": f"/topics/{tag}/",
        "day": busiest.strftime("/%Y/%m/%d/"),
        "month": busiest.strftime("/%Y/%m/"),
        "year": busiest.strftime("/%Y/"),
        "section": "/section-0/",  # an existing listing, for comparison
    }
    if deep:
        paths["topic_page_40"] = f"/topics/{tag}/?before={deep[0]}"
    return paths


def run(args: argparse.Namespace, tmp: str) -> dict:
    # As in production: the site-wide fragments (header, footer) cached; the page cache stays off, so
    # every GET is a full, uncached render.
    os.environ.setdefault("PAGE_CACHE_FRAGMENT_TIMEOUT", "600")
    setup(args.database_url, tmp)
    from django.conf import settings
    from django.test import Client
    from taggit.models import Tag

    from articles.models import Author
    from tests.support.builders import build_site, make_image

    rng = random.Random(26)
    tree = build_site(sections=tuple(f"Section {n}" for n in range(SECTIONS)))
    pool = {
        "authors": Author.objects.bulk_create(
            Author(name=f"Writer {n:03d}", slug=f"writer-{n:03d}") for n in range(AUTHORS)
        ),
        "tags": Tag.objects.bulk_create(Tag(name=f"subject {n:02d}", slug=f"subject-{n:02d}") for n in range(TAGS)),
        "photos": [make_image(f"Photo {n}", 1600, 900, caption=f"Caption {n}", credit="Bench") for n in range(PHOTOS)],
    }
    client = Client(HTTP_HOST="localhost")
    results: dict = {"database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1], "sizes": {}}
    built = 0
    for size in args.sizes:
        started = time.perf_counter()
        build(tree, size - built, built, rng, pool)
        built = size
        analyzed = analyze()
        print(f"{size} articles ({time.perf_counter() - started:.0f} s to build, planner statistics in {analyzed} s)")
        rows = {name: measure(client, path, args.repeat) for name, path in targets().items()}
        add_ratios(rows)
        print_table(
            rows, first=("what", 15), columns=[("ms", 9, "ms"), ("queries", 9, "queries"), ("x healthz", 11, "ratio")]
        )
        results["sizes"][size] = rows
    counts = [{name: row["queries"] for name, row in rows.items()} for rows in results["sizes"].values()]
    common = set.intersection(*(set(c) for c in counts))  # "topic_page_40" needs 40 pages of the topic
    results["queries_constant"] = len({tuple(sorted((n, c[n]) for n in common)) for c in counts}) == 1
    print(f"query counts the same at every size: {results['queries_constant']}")
    return finish(results, flush=args.database_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--database-url", help="build into this (PostgreSQL) database (emptied afterwards)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON object")
    args = parser.parse_args()
    if sorted(args.sizes) != args.sizes or args.sizes[0] < 100:
        parser.error("--sizes: growing, at least 100")
    run_in_scratch_folder(run, args, "bench-browse-")


if __name__ == "__main__":
    main()

"""Renaming an author who signs thousands of stories: what the editor's save costs, and the
background re-index that makes search find the new name (search/reindex.py).

    python bench/bench_rename.py                        # 10,000 articles, all signed by one author, SQLite
    python bench/bench_rename.py --articles 20000 --carrying 10000
    python bench/bench_rename.py --database-url postgres://postgres@127.0.0.1:5432/NAME
    python bench/bench_rename.py --json                 # the figures as one JSON object on the last line

Builds the archive as ``bench_archive.py`` does, adds one author to the byline of ``--carrying``
of its stories, indexes everything in batches (as ``bench_search.py`` does), then renames that
author with the tasks held in a queue (django_tasks' dummy backend): the save and its commit are
what the editor waits for. Then it runs the queued tasks as a worker would, the planning task and
each batch, timed, and checks that a search finds every story by the new name and none by the old.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._measure import finish
from bench.bench_archive import build, setup
from bench.bench_search import index_all

QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def sign_stories(count: int) -> Any:
    """A new author on the byline of the first ``count`` stories (by id), after their own authors."""
    from articles.models import ArticleAuthor, ArticlePage, Author

    author = Author.objects.create(name="Casey Wireservice", slug="casey-wireservice")
    ids = ArticlePage.objects.filter(language="en").order_by("pk").values_list("pk", flat=True)[:count]
    ArticleAuthor.objects.bulk_create(
        (ArticleAuthor(page_id=page_id, author=author, sort_order=9) for page_id in ids), batch_size=1000
    )
    return author


def found(word: str) -> int:
    from wagtail.search.backends import get_search_backend

    from articles.models import ArticlePage

    return get_search_backend().search(word, ArticlePage.objects.live()).count()


def run(args: argparse.Namespace, tmp: str) -> dict:
    setup(args.database_url, tmp)
    from django.conf import settings
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext, override_settings
    from django_tasks import task_backends

    from search.tasks import reindex_articles, reindex_renamed

    results: dict = {"build": build(args.articles), "carrying": args.carrying}
    results["database"] = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    author = sign_stories(args.carrying)
    results["index_all_s"] = round(index_all(), 1)
    before = found("wireservice")
    print(f"{args.articles} articles on {results['database']}, {before} signed by {author}; "
          f"whole index built in {results['index_all_s']} s")  # fmt: skip
    with override_settings(TASKS=QUEUED, SITE_SEARCH={**getattr(settings, "SITE_SEARCH", {}),
                                                      "REINDEX_BATCH_SIZE": args.batch}):  # fmt: skip
        queue: Any = task_backends["default"]  # the dummy backend: results and clear()
        author.name = "Casey Newsdesk"
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            with transaction.atomic():
                author.save()
            results["save_ms"] = round((time.perf_counter() - started) * 1000, 1)
        results["save_queries"] = len(queries)
        ours = {reindex_renamed.name, reindex_articles.name}
        planned = [result for result in queue.results if result.task.name in ours]
        results["tasks_after_save"] = len(planned)
        results["other_tasks_after_save"] = len(queue.results) - len(planned)
        queue.clear()
        started = time.perf_counter()
        for result in planned:
            result.task.call(*result.args)
        results["plan_ms"] = round((time.perf_counter() - started) * 1000, 1)
        batches = [result for result in queue.results if result.task.name == reindex_articles.name]
        timings = []
        for result in batches:
            started = time.perf_counter()
            result.task.call(*result.args)
            timings.append(time.perf_counter() - started)
    results["batches"] = len(batches)
    results["batch_size"] = args.batch
    results["batch_median_s"] = round(statistics.median(timings), 2) if timings else 0
    results["reindex_s"] = round(sum(timings), 1)
    results["articles_per_s"] = round(args.carrying / max(sum(timings), 1e-9))
    results["found_new"], results["found_old"] = found("newsdesk"), found("wireservice")
    print(
        f"save (the editor's request): {results['save_ms']} ms, {results['save_queries']} queries, "
        f"{results['tasks_after_save']} search task queued ({results['other_tasks_after_save']} others)"
    )
    print(f"planning task: {results['plan_ms']} ms for {len(batches)} batches of {args.batch}")
    print(
        f"batches: {results['reindex_s']} s in all, median {results['batch_median_s']} s "
        f"({results['articles_per_s']} articles/s)"
    )
    print(f"search: {results['found_new']} by the new name, {results['found_old']} by the old (expected "
          f"{args.carrying} and 0)")  # fmt: skip
    assert results["found_new"] == args.carrying and results["found_old"] == 0, results
    return finish(results, flush=args.database_url and not args.keep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--carrying", type=int, default=None, help="stories the renamed author signs (all)")
    parser.add_argument("--batch", type=int, default=500, help="SITE_SEARCH['REINDEX_BATCH_SIZE']")
    parser.add_argument("--database-url", help="build into this (PostgreSQL) database instead of a throwaway SQLite")
    parser.add_argument("--keep", action="store_true", help="leave the database in place")
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON object")
    args = parser.parse_args()
    args.carrying = args.carrying or args.articles
    with tempfile.TemporaryDirectory(prefix="bench-rename-") as tmp:
        results = run(args, tmp)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()

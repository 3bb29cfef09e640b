"""The editor's side of an archive at size: renames, background rebuilds, the admin's listings.

    python bench/bench_archive_writes.py --database-url postgres://postgres@127.0.0.1:5432/NAME \\
        --cache-url rediscache://127.0.0.1:6379/14 [--articles 20000] [--prolific 5000] [--children 50000]

Builds the archive with ``bench_archive.build`` (imported, not copied), gives one author
``--prolific`` articles and one section ``--children`` more, stores those graphs, then:

* renames the author, a section and the publisher the way the admin's save does (the model save or
  the publication, its signals and the commit) with the page cache on (Redis) and a key purge
  backend pointed at a loopback sink: the save's time, the key purges it sent, the pages it
  enqueued for rebuilding;
* starts ``--workers`` ``manage.py db_worker`` processes (django-tasks-db) and times until every
  rebuild finished (the stored graphs right again), checking each affected graph and a sample of
  cached pages (refreshed at once, by key);
* requests, as a signed-in superuser, the section's admin page listing, the page search and the
  author snippet chooser (and its search): the median time of ``--repeat`` requests and queries.

``--baseline`` also renames a second prolific author with cache keys off (every page's URLs worked
out inside the save), the behaviour before. ``--json`` ends with the figures on one line.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._measure import finish, median_ms, run_in_scratch_folder, time_requests  # noqa: E402
from bench.bench_archive import build  # noqa: E402 - the other bench's build, shared


class PurgeSink:
    """A loopback server counting the PURGE requests (and the keys) Varnish would receive."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                sink.requests.append({"keys": self.headers.get("xkey-purge"), "path": self.path})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.location = f"http://127.0.0.1:{self.server.server_address[1]}"


def setup(args, tmp: str, sink: PurgeSink) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["CACHE_URL"] = args.cache_url
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ["TEST_MEDIA_ROOT"] = f"{tmp}/media"
    import django
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE = {
        **settings.PAGE_CACHE,
        "ENABLED": True,
        "KEY_PURGE_BACKENDS": {"pagecache.backends.VarnishKeyBackend": {"LOCATION": sink.location}},
    }
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    cache.clear()


def make_prolific(count: int, offset: int = 0):
    """The author of ``count`` articles (a real byline: their other authors' links moved to them)."""
    from articles.models import ArticleAuthor, Author

    author = Author.objects.order_by("pk")[offset]
    # One link a page, and none on a page the author already signs: a byline names an author once.
    taken = set(ArticleAuthor.objects.filter(author=author).values_list("page_id", flat=True))
    links = []
    for pk, page_id in ArticleAuthor.objects.order_by("page_id", "sort_order", "pk").values_list("pk", "page_id"):
        if page_id not in taken:
            taken.add(page_id)
            links.append(pk)
    ArticleAuthor.objects.filter(pk__in=links[offset * count : (offset + 1) * count]).update(author=author)
    return author


def add_big_section(children: int):
    """A section with ``children`` articles (inserted as ``bench_archive`` does)."""
    import datetime

    from django.db import transaction
    from django.db.models.signals import post_save
    from django.utils import timezone
    from wagtail.models import Page
    from wagtail.search import signal_handlers

    from articles.models import ArticlePage, HomePage, SectionPage
    from tests.support.archive import insert_pages

    post_save.disconnect(signal_handlers.post_save_signal_handler, sender=ArticlePage)  # indexed in bulk later
    started = time.perf_counter()
    home = HomePage.objects.get(locale__language_code="en")
    with transaction.atomic():
        section = SectionPage(title="Wire archive", slug="wire-archive", live=True)
        home.add_child(instance=section)
        section = Page.objects.get(pk=section.pk)
        now = timezone.now()
        pages = [
            ArticlePage(
                title=f"Wire story {n:06d}",
                slug=f"wire-story-{n:06d}",
                standfirst="From the wire.",
                live=True,
                has_unpublished_changes=False,
                publication_date=now - datetime.timedelta(hours=n),
                first_published_at=now - datetime.timedelta(hours=n),
                listing_date=now - datetime.timedelta(hours=n),  # what ArticlePage.save sets
                last_published_at=now,
            )
            for n in range(children)
        ]
        for start in range(0, len(pages), 5000):
            insert_pages(section, pages[start : start + 5000])
    post_save.connect(signal_handlers.post_save_signal_handler, sender=ArticlePage)
    return section, round(time.perf_counter() - started, 1)


def store_graphs(page_ids: list[int]) -> dict:
    from structured_data import rebuild_graphs

    started = time.perf_counter()
    stored = rebuild_graphs(page_ids)
    elapsed = time.perf_counter() - started
    return {
        "pages": len(page_ids),
        "stored": stored,
        "s": round(elapsed, 1),
        "pages_per_s": round(len(page_ids) / elapsed, 1),
    }


PROFILE_ROWS = 0


def timed_save(change) -> float:
    """``change()`` in a transaction and its commit (the on-commit purges included), as the admin runs it."""
    import cProfile
    import pstats

    from django.db import transaction

    profiler = cProfile.Profile() if PROFILE_ROWS else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    with transaction.atomic():
        change()
    elapsed = time.perf_counter() - started
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(PROFILE_ROWS)
    return elapsed


def run_workers(count: int, env: dict, deadline: float) -> tuple[float, list[subprocess.Popen]]:
    from newsroom.rebuilds.models import Rebuild

    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    try:
        while Rebuild.objects.filter(finished_at__isnull=True).exists():
            if time.perf_counter() - started > deadline:
                raise SystemExit(f"rebuilds not finished within {deadline} s")
            time.sleep(0.25)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
    return time.perf_counter() - started, workers


def cached_sample(client, pages) -> list[str]:
    states = []
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)
        states.append(response["X-Page-Cache"])
    return states


def graphs_naming(page_ids: list[int], text: str) -> int:
    from structured_data.models import StoredGraph

    return StoredGraph.objects.filter(pk__in=page_ids, text__contains=text).count()


def admin_figures(section, repeat: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("bench-editor", "editor@example.com", "pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    figures = {}
    for name, path in (
        ("page_listing", f"/admin/pages/{section.pk}/"),
        ("page_listing_last", f"/admin/pages/{section.pk}/?p=999999"),
        ("page_search", "/admin/pages/search/?q=wire+story+4242"),
        ("author_chooser", "/admin/snippets/choose/articles/author/"),
        ("author_chooser_search", "/admin/snippets/choose/articles/author/results/?q=author+0042"),
        ("author_listing", "/admin/snippets/articles/author/"),
    ):
        timed = time_requests(client, path, repeat)
        figures[name] = {"ms": median_ms(timed.times), "queries": timed.queries[-1]}
    return figures


def run(args, tmp: str) -> dict:
    sink = PurgeSink()
    setup(args, tmp, sink)
    from django.conf import settings
    from django.test import Client
    from wagtail.models import Site

    from articles.models import ArticlePage, SectionPage
    from newsroom.rebuilds.models import Rebuild
    from structured_data import PublisherSettings, pages_built_from

    results: dict = {"database": "postgresql", "cores": os.cpu_count()}
    results["build"] = build(args.articles)
    print(f"built {args.articles} articles in {results['build']['build_s']} s")
    author = make_prolific(args.prolific)
    section, big_s = add_big_section(args.children)
    results["big_section"] = {"children": args.children, "build_s": big_s}
    print(f"section with {args.children} children built in {big_s} s")
    author_pages = sorted(
        ArticlePage.objects.live().filter(article_authors__author=author).values_list("pk", flat=True)
    )
    small = SectionPage.objects.live().exclude(pk=section.pk).order_by("path").first()
    section_pages = sorted(ArticlePage.objects.live().child_of(small).values_list("pk", flat=True))
    results["store_graphs"] = store_graphs(sorted(set(author_pages) | set(section_pages)))
    print(f"stored graphs: {results['store_graphs']}")
    results["author_graph_dependants"] = len(pages_built_from(author))

    client = Client(HTTP_HOST="localhost")
    sample = ArticlePage.objects.filter(pk__in=author_pages[:: max(1, len(author_pages) // args.sample)])[: args.sample]
    cached_sample(client, sample)
    assert set(cached_sample(client, sample)) == {"hit"}

    renames = {}
    # The author: their 5,000 articles' graphs and cached pages.
    sink.requests.clear()
    author.name = "Renamed Reporter"
    seconds = timed_save(author.save)
    rebuild = Rebuild.objects.order_by("-pk").first()
    states = cached_sample(client, sample)
    renames["author"] = {
        "save_ms": round(seconds * 1000, 1), "pages": len(author_pages), "key_purges": len(sink.requests),
        "keys": sink.requests[0]["keys"] if sink.requests else None, "rebuild_pages": rebuild.total if rebuild else 0,
        "cached_pages_fresh": states.count("miss"), "cached_sample": len(states),
    }  # fmt: skip
    # A section: the breadcrumbs and graphs of every article in it.
    sink.requests.clear()
    small.title = f"{small.title} renamed"
    seconds = timed_save(lambda: small.save_revision().publish())
    rebuild = Rebuild.objects.order_by("-pk").first()
    renames["section"] = {
        "save_ms": round(seconds * 1000, 1), "pages": len(section_pages), "key_purges": len(sink.requests),
        "keys": sink.requests[0]["keys"] if sink.requests else None, "rebuild_pages": rebuild.total,
    }  # fmt: skip
    # The publisher: on every page of the site.
    sink.requests.clear()
    publisher = PublisherSettings.for_site(Site.objects.get(is_default_site=True))
    publisher.name = "The Renamed Ledger"
    seconds = timed_save(publisher.save)
    renames["publisher"] = {
        "save_ms": round(seconds * 1000, 1), "pages": ArticlePage.objects.live().count(),
        "key_purges": len(sink.requests), "keys": sink.requests[0]["keys"] if sink.requests else None,
    }  # fmt: skip
    results["renames"] = renames
    for name, row in renames.items():
        print(f"rename {name:<10} save {row['save_ms']:>8} ms  pages {row['pages']:>7}  key purges {row['key_purges']} "
              f"({row['keys']})  rebuild {row.get('rebuild_pages', '-')}")  # fmt: skip

    env = {**os.environ, "PAGE_CACHE_ENABLED": "true"}
    elapsed, _ = run_workers(args.workers, env, deadline=args.deadline)
    pending = list(Rebuild.objects.values("label", "total", "done", "stored", "batches"))
    results["rebuild"] = {
        "workers": args.workers, "s": round(elapsed, 1), "pages": sum(row["total"] for row in pending),
        "pages_per_s": round(sum(row["total"] for row in pending) / elapsed, 1), "rebuilds": pending,
        "author_graphs_renamed": graphs_naming(author_pages, "Renamed Reporter"),
        "section_graphs_renamed": graphs_naming(section_pages, small.title),
    }  # fmt: skip
    rebuilt = results["rebuild"]
    print(
        f"rebuilt {rebuilt['pages']} graphs with {args.workers} worker(s) in {elapsed:.1f} s; "
        f"{rebuilt['author_graphs_renamed']}/{len(author_pages)} author graphs and "
        f"{rebuilt['section_graphs_renamed']}/{len(section_pages)} section graphs name the new name"
    )

    if args.baseline:
        second = make_prolific(args.prolific, offset=1)
        settings.PAGE_CACHE = {**settings.PAGE_CACHE, "KEYS": False}
        second.name = "Renamed Without Keys"
        seconds = timed_save(second.save)
        settings.PAGE_CACHE = {**settings.PAGE_CACHE, "KEYS": True}
        results["baseline_author_rename_without_keys_ms"] = round(seconds * 1000, 1)
        print(f"baseline: the same rename with keys off (URLs worked out in the save): {seconds * 1000:.0f} ms")

    if not args.skip_admin:
        results["admin"] = admin_figures(section, args.repeat)
        print(f"{'admin view':<24}{'ms':>9}{'queries':>9}")
        for name, row in results["admin"].items():
            print(f"{name:<24}{row['ms']:>9}{row['queries']:>9}")
    return finish(results, flush=not args.keep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database to build into")
    parser.add_argument("--cache-url", default="rediscache://127.0.0.1:6379/14")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--prolific", type=int, default=1000, help="articles of the renamed author")
    parser.add_argument("--children", type=int, default=2000, help="articles in the big section")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--skip-admin", action="store_true", help="no admin figures")
    parser.add_argument("--sample", type=int, default=20, help="cached pages checked after the rename")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--deadline", type=float, default=600)
    parser.add_argument("--baseline", action="store_true", help="also rename with cache keys off")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--profile", type=int, default=0, help="print each rename's N most expensive calls")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    global PROFILE_ROWS
    PROFILE_ROWS = args.profile
    if args.prolific * 2 > args.articles:
        parser.error("--prolific: at most half of --articles")
    run_in_scratch_folder(run, args, "bench-writes-")


if __name__ == "__main__":
    main()

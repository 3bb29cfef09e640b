"""A live blog with 500 updates against one with 25: page, poll endpoint and publishing an update.

    python bench/bench_liveblog.py [--number N] [--repeat R]

Builds a throwaway SQLite database (test settings) with two live blogs under one section, 25 and
500 updates (every fifth with a photo, every third with an author), warms the renditions, then
measures in the same run, best of R rounds of N requests each:

* the page render (Django test client GET, middleware included) and its query count;
* the updates endpoint the page's script polls (``updates/``);
* publishing one more update as the quick action does (a revision of the live page, published).

The goal (issue 18): the reader's side does not grow with the number of updates (ratio near 1.0,
same queries). Publishing does grow: a revision holds every update, and publishing saves each.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import tempfile
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_throwaway_django


def build(count: int, section, photo, author):
    from django.utils import timezone

    from tests.support.builders import make_live_blog

    start = timezone.now() - datetime.timedelta(days=2)
    updates = [
        {
            "published_at": start + datetime.timedelta(minutes=5 * i),
            "headline": f"Update {i}" if i % 2 else "",
            "body": f"<p>Crews reported progress on the levee, report {i}.</p>",
            "image": photo if i % 5 == 0 else None,
            "authors": [author] if i % 3 == 0 else [],
        }
        for i in range(count)
    ]
    return make_live_blog(section, f"Live with {count}", coverage_start=start, publication_date=start, updates=updates)


def best(fn, number: int, repeat: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-liveblog-")
    try:
        setup_throwaway_django(tmp, ALLOWED_HOSTS=["*"])
        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections, connection, reset_queries
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from articles.models import LiveBlogPage, LiveBlogUpdate
        from tests.support.builders import build_site, make_author, make_image

        # As the test runner does: requests neither reset nor close the connection whose queries are counted.
        request_finished.disconnect(close_old_connections)
        request_started.disconnect(reset_queries)
        request_started.disconnect(close_old_connections)
        tree = build_site()
        photo = make_image("Levee", 1600, 900, caption="The levee.", credit="Bench/Ledger")
        author = make_author("Dana Whitfield", photo=make_image("Dana", 400, 400))
        blogs = {count: build(count, tree.section, photo, author) for count in (25, 500)}
        client = Client()
        results = {}
        for size, blog in blogs.items():
            for suffix in ("", "updates/"):
                client.get(blog.url + suffix)  # renditions exist
                executed = []

                def record(execute, sql, params, many, context):
                    executed.append(sql)  # noqa: B023
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(record):
                    assert client.get(blog.url + suffix).status_code == 200
                seconds = best(lambda: client.get(blog.url + suffix), args.number, args.repeat)  # noqa: B023
                results[(size, suffix)] = (seconds, len(executed))

            def publish():
                page = LiveBlogPage.objects.prefetch_related("updates__authors").get(pk=blog.pk)  # noqa: B023
                page.updates.add(LiveBlogUpdate(body="<p>One more.</p>"))
                page.save_revision().publish()

            with CaptureQueriesContext(connection) as queries:
                publish()
            results[(size, "publish")] = (best(publish, 1, args.repeat), len(queries))
        print(f"{'':28}{'25 updates':>14}{'500 updates':>14}{'ratio':>8}")
        for label, key in (("page", ""), ("poll endpoint (updates/)", "updates/"), ("publish one update", "publish")):
            small, large = results[(25, key)], results[(500, key)]
            queries = f"  queries {small[1]} / {large[1]}"
            print(
                f"{label:28}{small[0] * 1000:>11.1f} ms{large[0] * 1000:>11.1f} ms{large[0] / small[0]:>8.2f}{queries}"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

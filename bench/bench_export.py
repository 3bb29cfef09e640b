"""How fast, how many queries and how much memory ``export_structured_data`` takes, against a floor.

    python bench/bench_export.py [--pages 10000] [--batch-size 1000]

Builds a throwaway SQLite database in a temporary directory (test settings), generates articles
with 2 authors and 2 photos each (a lead photo and a body photo; renditions made once up front),
then measures in the same run:

* the export (NDJSON to a file) of ``--pages`` articles with their graphs stored (what every export
  after the first finds: graphs are stored when pages are published, by the first export, or by
  ``rebuild_structured_data``): wall time, queries per 1,000 pages;
* the first (cold) export, with nothing stored: it builds every graph and stores it;
* the floor: the same article rows fetched with one ``values()`` query and ``json.dumps`` of dicts
  padded to the same size as the exported graphs, written to a file;
* peak traced memory (tracemalloc) of both at 1,000 pages and at ``--pages`` pages.

Goals (issue 4): export at most 3x the floor; at most 15 queries per 1,000 pages; peak memory flat.
The cold export is reported too, against the same floor, and is not expected to meet the goal.

Rows are generated fast: pages are inserted with computed tree paths and ``Model.save`` (page and
article rows only: no revisions, no treebeard walks), bylines with ``bulk_create``.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_throwaway_django

AUTHORS = 40
PHOTOS = 40


def build_base():
    from articles.renditions import body_specs, lead_specs, portrait_specs
    from structured_data.models import PublisherSettings
    from tests.support.builders import build_site, make_author, make_image

    tree = build_site(sections=("Local", "Business", "Sports", "Culture"))
    PublisherSettings.objects.create(site=tree.site, name="The Bench Ledger", logo=make_image("Logo", 300, 300))
    authors = []
    for i in range(AUTHORS):
        photo = make_image(f"Portrait {i}", 200, 200)
        for spec in portrait_specs():
            photo.get_rendition(spec)
        authors.append(make_author(f"Writer {i}", photo=photo, job_title="Reporter"))
    photos = []
    for i in range(PHOTOS):
        photo = make_image(f"Photo {i}", 1300, 900, caption=f"Caption {i}", credit=f"Credit {i}")
        for spec in {*lead_specs(), *body_specs()}:
            photo.get_rendition(spec)
        photos.append(photo)
    return tree, authors, photos


def add_articles(tree, authors, photos, start: int, count: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import models, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from articles.models import ArticleAuthor, ArticlePage

    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    with transaction.atomic():
        links = []
        sections = [Page.objects.get(pk=section.pk) for section in tree.sections]
        for i in range(start, start + count):
            section = sections[i % len(sections)]
            slug = f"story-{i}"
            lead, body_photo = photos[i % PHOTOS], photos[(i + 7) % PHOTOS]
            article = ArticlePage(
                title=f"Story {i}: the harbor in the morning", draft_title=f"Story {i}", slug=slug,
                standfirst=f"What happened in story {i}, in one sentence.", dateline="PORTLAND, Maine",
                path=ArticlePage._get_path(section.path, section.depth + 1, section.numchild + 1),
                depth=section.depth + 1, numchild=0, url_path=f"{section.url_path}{slug}/", live=True,
                first_published_at=now, last_published_at=now, content_type=content_type, locale=locale,
                section_page_id=section.pk, lead_image=lead,
                body=[
                    {"type": "paragraph", "value": "<p>The ferry left at six. " * 20 + "</p>", "id": str(uuid.uuid4())},
                    {"type": "image", "value": {"image": body_photo.pk, "caption": "", "credit": "", "alt_text": ""},
                     "id": str(uuid.uuid4())},
                ],
            )  # fmt: skip
            models.Model.save(article)  # the page and article rows only: no revision, no tree walk
            section.numchild += 1
            links += [
                ArticleAuthor(page=article, author=authors[i % AUTHORS], sort_order=0),
                ArticleAuthor(page=article, author=authors[(i + 1) % AUTHORS], sort_order=1),
            ]
        ArticleAuthor.objects.bulk_create(links, batch_size=1000)
        for section in sections:
            Page.objects.filter(pk=section.pk).update(numchild=section.numchild)


def export(path: str, batch_size: int) -> None:
    from django.core.management import call_command

    call_command("export_structured_data", "--format", "ndjson", "--output", path, "--no-progress",
                 "--batch-size", str(batch_size), "--type", "NewsArticle", verbosity=0)  # fmt: skip


def floor(path: str, graph_bytes: int) -> int:
    """One ``values()`` query over the same rows, ``json.dumps`` of dicts as large as the graphs."""
    from articles.models import ArticlePage

    rows = ArticlePage.objects.values(
        "id", "title", "standfirst", "dateline", "url_path", "first_published_at", "last_published_at",
        "lead_image__file", "lead_image__width", "lead_image__height", "lead_image__caption", "lead_image__credit",
        "section_page__title", "article_authors__author__name",
    ).order_by("id")  # fmt: skip
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for row in rows.iterator(chunk_size=2000):
            row = {key: str(value) for key, value in row.items()}
            size = len(json.dumps(row))
            row["padding"] = "x" * max(0, graph_bytes // 2 - size)  # two rows per article (two authors)
            out.write(json.dumps(row))
            out.write("\n")
            count += 1
    return count


def cold(fn, *args):
    """``fn(*args)`` with no stored graph (the export builds and stores every one)."""
    from structured_data.stored import drop_all

    drop_all()
    return fn(*args)


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def queries_of(fn, *args) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn(*args)
    return len(captured)


def peak_memory(fn, *args) -> int:
    tracemalloc.start()
    try:
        fn(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    options = parser.parse_args()
    small = min(1000, options.pages)
    tmp = tempfile.mkdtemp(prefix="bench-export-")
    try:
        setup_throwaway_django(tmp)
        out = f"{tmp}/export.ndjson"
        started = time.perf_counter()
        tree, authors, photos = build_base()
        add_articles(tree, authors, photos, 0, small)
        print(f"generated {small} articles in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        export(out, options.batch_size)  # warm: the site-wide nodes' cache, imports; stores the graphs
        memory_small = peak_memory(export, out, options.batch_size)
        memory_small_cold = cold(peak_memory, export, out, options.batch_size)
        if options.pages > small:
            started = time.perf_counter()
            add_articles(tree, authors, photos, small, options.pages - small)
            print(f"generated {options.pages - small} more in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        cold_time = cold(timed, export, out, options.batch_size)  # the first export: builds and stores all
        export_time = min(timed(export, out, options.batch_size) for _ in range(2))  # graphs stored
        lines = Path(out).read_text(encoding="utf-8").splitlines()
        assert len(lines) == options.pages, (len(lines), options.pages)
        graph_bytes = sum(len(line) for line in lines) // len(lines)
        del lines
        floor_time = min(timed(floor, f"{tmp}/floor.ndjson", graph_bytes) for _ in range(2))
        queries = queries_of(export, out, options.batch_size)
        memory_large = peak_memory(export, out, options.batch_size)
        cold_queries = cold(queries_of, export, out, options.batch_size)
        memory_large_cold = cold(peak_memory, export, out, options.batch_size)

        report = io.StringIO()
        pages = options.pages
        report.write(f"pages exported:            {pages} (batch size {options.batch_size})\n")
        report.write(f"average graph:             {graph_bytes} bytes\n")
        report.write(f"floor (values + dumps):    {floor_time:.2f}s\n")
        ratio = export_time / floor_time
        report.write(f"export, graphs stored:     {export_time:.2f}s ({pages / export_time:.0f} pages/s); "
                     f"{ratio:.2f}x the floor (goal <= 3x: {'met' if ratio <= 3 else 'NOT met'})\n")  # fmt: skip
        report.write(f"first export (cold):       {cold_time:.2f}s ({pages / cold_time:.0f} pages/s); "
                     f"{cold_time / floor_time:.2f}x the floor (builds and stores every graph)\n")  # fmt: skip
        for label, count in (("stored", queries), ("cold", cold_queries)):
            per_thousand = count * 1000 / pages
            report.write(f"queries per 1,000 pages:   {per_thousand:.1f} {label} ({count} in all; goal <= 15: "
                         f"{'met' if per_thousand <= 15 else 'NOT met'})\n")  # fmt: skip
        for label, at_small, at_large in (("stored", memory_small, memory_large),
                                          ("cold", memory_small_cold, memory_large_cold)):  # fmt: skip
            report.write(f"peak memory, {label + ':':<8}     {at_small / 1e6:.1f} MB at {small}, "
                         f"{at_large / 1e6:.1f} MB at {pages} ({at_large / at_small:.2f}x; goal flat)\n")  # fmt: skip
        print(report.getvalue(), end="")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

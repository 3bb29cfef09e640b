"""A newsroom's archive at size: built in bulk through the models, then every reader's path measured.

    python bench/bench_archive.py                       # 2,000 articles on a throwaway SQLite database
    python bench/bench_archive.py --articles 20000
    python bench/bench_archive.py --articles 200000 --database-url postgres://postgres@127.0.0.1:5432/NAME --keep
    python bench/bench_archive.py --database-url ... --reuse   # measure again what a --keep run left
    python bench/bench_archive.py --json                # the figures as one JSON object on the last line

Builds 40 sections, 2,000 authors (one of them on one story in 40: the prolific author), 5,000 tags,
a photo for every 20 stories (shared, as agency pictures are), corrections on 1%, articles spread
over 20 years (48 of them in the last 48 hours) and French versions of 5%. Pages go in by the
thousand: tree paths worked out here, page rows then article rows in bulk inserts, no signals (a
bulk import reindexes once at the end). Then every visible page's graph is stored
(``rebuild_structured_data``), and it measures, with Django's test client, uncached and then
through the application page cache: the home page, a section's first and 500th page (or its last),
an article, the prolific author's first and last pages, the corrections page, the sitemap index
and its files, the news sitemap, the feeds and an article's ``?format=jsonld``; each as the median
time, its query count and its ratio to ``/healthz``. Last, in child processes (their peak memory is
their own): the bulk export of every graph (graphs/s, peak RSS) and ``check_structured_data --site``
(pages/s, peak RSS) over ``--check-pages`` pages. CI runs it small to keep it working.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_throwaway_django
from bench._measure import add_ratios, median_ms, print_table, run_in_scratch_folder, time_requests

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = 40
AUTHORS = 2000
TAGS = 5000
TRANSLATED = 0.05
YEARS = 20
NEWS = 48
PROLIFIC_EVERY = 40  # author-0000 writes one story in 40: 5,000 of 200,000, 50 of 2,000
PHOTO_EVERY = 20  # one photo for 20 stories, each story showing one of them
CORRECTED = 0.01
BATCH = 2000  # rows per bulk insert
BODY = json.dumps([
    {"type": "paragraph", "value": f"<p>Paragraph {n} of the story, with the few dozen words a news paragraph has: a "
     "name, a place, a number such as 1,250 and a quote from someone who was there.</p>"}
    for n in range(6)
])  # fmt: skip

#: Reader paths of optional apps (topic pages, date archives): name -> a function of the archive's facts
#: giving the path, or None where the site has no such view.
EXTRA_PATHS: dict = {
    "topic_page": lambda facts: facts.get("topic_url"),  # the most used tag's /topics/<slug>/
    "day_archive": lambda facts: facts.get("day_url"),  # the measured article's day, /<yyyy>/<mm>/<dd>/
}


def setup(database_url: str | None, tmp: str, media_root: str | None = None) -> None:
    os.environ.setdefault("PAGE_CACHE_ENABLED", "false")
    if media_root:
        tmp = str(Path(media_root).parent)
    if database_url is None:
        setup_throwaway_django(tmp, ALLOWED_HOSTS=["*"])
        return
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ["TEST_MEDIA_ROOT"] = f"{tmp}/media"
    import django
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


class Progress:
    """A line on stderr every few seconds: how far a long build has come."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.done = total, what, 0
        self.started = self.shown = time.perf_counter()

    def __call__(self, count: int) -> None:
        self.done += count
        now = time.perf_counter()
        if now - self.shown > 5 or self.done == self.total:
            self.shown = now
            rate = self.done / max(now - self.started, 1e-9)
            print(f"  {self.what}: {self.done:,}/{self.total:,} ({rate:,.0f}/s)", file=sys.stderr, flush=True)


def shared_photos(count: int) -> list:
    """``count`` image rows sharing one real JPEG file (each gets its own renditions when first shown)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from wagtail.images import get_image_model

    from tests.support.builders import jpeg_bytes

    name = default_storage.save("original_images/archive-photo.jpg", ContentFile(jpeg_bytes(1600, 900)))
    size = default_storage.size(name)
    model = get_image_model()
    return model.objects.bulk_create(
        (model(title=f"Archive photo {n}", file=name, width=1600, height=900, file_size=size,
               caption=f"What photo {n} shows.", credit="Archive/Agency") for n in range(count)),
        batch_size=BATCH,
    )  # fmt: skip


def build(articles: int, seed: int = 27) -> dict:
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag
    from wagtail.models import Locale, Page

    from articles.models import ArticleAuthor, ArticleCorrection, ArticlePage, ArticleTag, Author, CorrectionsPage
    from structured_data import PublisherSettings
    from tests.support.archive import insert_pages
    from tests.support.builders import build_site

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    progress = Progress(articles, "articles")
    with transaction.atomic():
        tree = build_site(sections=tuple(f"Section {n:02d}" for n in range(SECTIONS)))
        tree.home.refresh_from_db()
        tree.home.add_child(instance=CorrectionsPage(title="Corrections", slug="corrections"))
        photos = shared_photos(max(articles // PHOTO_EVERY, 1))
        PublisherSettings.objects.update_or_create(site=tree.site, defaults={"name": "The Archive Ledger",
                                                                             "logo": photos[0]})  # fmt: skip
        authors = Author.objects.bulk_create(
            (Author(name=f"Author {n:04d}", slug=f"author-{n:04d}", job_title="Reporter",
                    short_bio=f"Author {n} covers the city.") for n in range(AUTHORS)),
            batch_size=BATCH,
        )  # fmt: skip
        tags = Tag.objects.bulk_create(
            (Tag(name=f"topic {n:04d}", slug=f"topic-{n:04d}") for n in range(TAGS)), batch_size=BATCH
        )
        by_section: dict[int, list] = {}
        span = YEARS * 365 * 86400
        for number in range(articles):
            age = rng.uniform(0, 47 * 3600) if number < NEWS else rng.uniform(48 * 3600, span)
            date = now - datetime.timedelta(seconds=age)
            title = f"Story {number:06d} of the archive"
            page = ArticlePage(
                title=title, slug=slugify(title), standfirst=f"What happened in story {number}.", live=True,
                has_unpublished_changes=False, publication_date=date, first_published_at=date,
                last_published_at=date, listing_date=date, lead_image_id=photos[number % len(photos)].pk, body=BODY,
                dateline="PORTLAND, Maine",
            )  # fmt: skip
            by_section.setdefault(number % SECTIONS, []).append(page)
        for index, pages in by_section.items():
            section = tree.sections[index]
            for page in pages:
                page.section_page_id = section.pk
            insert_pages(section, pages, progress)
        everything = [page for pages in by_section.values() for page in pages]
        links, tagged, corrections = [], [], []
        for number, page in enumerate(everything):
            first = authors[0] if number % PROLIFIC_EVERY == 0 else authors[rng.randrange(1, AUTHORS)]
            byline = [first] + ([authors[rng.randrange(1, AUTHORS)]] if rng.random() < 0.3 else [])
            for order, author in enumerate(dict.fromkeys(byline)):
                links.append(ArticleAuthor(page_id=page.pk, author=author, sort_order=order))
            for tag in {tags[rng.randrange(TAGS)] for _ in range(rng.randint(1, 3))}:
                tagged.append(ArticleTag(content_object_id=page.pk, tag=tag))
            if rng.random() < CORRECTED:
                when = page.first_published_at + datetime.timedelta(hours=3)
                corrections.append(
                    ArticleCorrection(page_id=page.pk, sort_order=0, text="A name was misspelt.", date=when)
                )
        ArticleAuthor.objects.bulk_create(links, batch_size=BATCH)
        ArticleTag.objects.bulk_create(tagged, batch_size=BATCH)
        ArticleCorrection.objects.bulk_create(corrections, batch_size=BATCH)
        built = time.perf_counter() - started
        # French versions of the home page, the sections and 5% of the stories (same translation keys).
        french, _ = Locale.objects.get_or_create(language_code="fr")

        def version(page, model, **fields):
            return model(
                title=f"{page.title} (fr)", slug=fields.pop("slug", page.slug), live=True, locale=french,
                translation_key=page.translation_key, first_published_at=page.first_published_at,
                last_published_at=page.last_published_at, has_unpublished_changes=False, **fields,
            )  # fmt: skip

        home_fr = version(tree.home, type(tree.home), slug="fr")
        insert_pages(Page.get_first_root_node(), [home_fr])
        sections_fr = {s.pk: version(s, type(s), show_in_menus=True) for s in tree.sections}
        insert_pages(home_fr, list(sections_fr.values()))
        chosen = rng.sample(everything, int(len(everything) * TRANSLATED))
        below: dict[int, list] = {}
        for page in chosen:
            below.setdefault(page.section_page_id, []).append(page)
        translated = 0
        for section_pk, pages in below.items():
            versions = [
                version(page, ArticlePage, standfirst=page.standfirst, publication_date=page.publication_date,
                        listing_date=page.listing_date,
                        lead_image_id=page.lead_image_id, body=BODY, language="fr",
                        section_page_id=sections_fr[section_pk].pk)
                for page in pages
            ]  # fmt: skip
            insert_pages(sections_fr[section_pk], versions)
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(page_id=v.pk, author_id=authors[rng.randrange(1, AUTHORS)].pk, sort_order=0)
                for v in versions
            )
            translated += len(versions)
    total = time.perf_counter() - started
    return {
        "articles": articles,
        "translations": translated,
        "corrections": len(corrections),
        "photos": len(photos),
        "build_s": round(total, 1),
        "articles_per_s": round(articles / built, 1),
        "translations_s": round(total - built, 1),
    }


def store_graphs() -> dict:
    """Every visible page's graph built and stored (what ``rebuild_structured_data`` does): the export reads them."""
    from django.core.management import call_command

    from structured_data.models import StoredGraph

    started = time.perf_counter()
    call_command("rebuild_structured_data", verbosity=0, no_progress=True)
    seconds = time.perf_counter() - started
    count = StoredGraph.objects.count()
    return {"graphs": count, "seconds": round(seconds, 1), "graphs_per_s": round(count / max(seconds, 1e-9), 1)}


def archive_facts() -> dict:
    """What the measured paths name: a section, the prolific author, an article in the middle of the archive."""
    from articles.models import ArticlePage, AuthorIndexPage, CorrectionsPage, HomePage, SectionPage
    from articles.models.listings import ARTICLES_PER_PAGE
    from structured_data import visible_pages

    home = HomePage.objects.filter(depth=2).order_by("path").first()
    section = SectionPage.objects.child_of(home).order_by("path").first()
    in_section = ArticlePage.objects.child_of(section).visible().count()
    authors_index = AuthorIndexPage.objects.child_of(home).first()
    prolific = ArticlePage.objects.visible().filter(
        article_authors__author__slug="author-0000", locale_id=home.locale_id).count()  # fmt: skip
    articles = visible_pages(ArticlePage.objects.child_of(section)).order_by("path")
    article = articles[in_section // 2]
    return {
        "section_url": section.url,
        "section_pages": -(-in_section // ARTICLES_PER_PAGE),
        "article_url": article.url,
        "author_url": f"{authors_index.url}author-0000/",
        "author_slug": "author-0000",
        "section_slug": section.slug,
        "author_articles": prolific,
        "author_pages": max(-(-prolific // ARTICLES_PER_PAGE), 1),
        "corrections_url": CorrectionsPage.objects.child_of(home).first().url,
        **optional_facts(article),
    }


def optional_facts(article) -> dict:
    """The topic and day archive paths, where the site routes them."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone
    from taggit.models import Tag

    facts = {}
    tag = Tag.objects.annotate(uses=Count("articles_articletag_items")).order_by("-uses", "pk").first()
    day = timezone.localdate(article.listing_date) if article.listing_date else None
    for key, name, args in (
        ("topic_url", "topics:topic", [tag.slug] if tag else None),
        ("day_url", "articles:archive_day", [day.year, day.month, day.day] if day else None),
    ):
        try:
            facts[key] = reverse(name, args=args) if args else None
        except NoReverseMatch:
            facts[key] = None
    return facts


def reader_paths(facts: dict) -> list[tuple[str, str]]:
    """(name, path) of every reader path measured; ``EXTRA_PATHS`` whose view exists are added."""
    section_page = min(500, facts["section_pages"])
    paths = [
        ("healthz", "/healthz"),
        ("home", "/"),
        ("section_p1", facts["section_url"]),
        (f"section_p{section_page}", f"{facts['section_url']}?page={section_page}"),
        ("article", facts["article_url"]),
        ("author_p1", facts["author_url"]),
        (f"author_p{facts['author_pages']}", f"{facts['author_url']}?page={facts['author_pages']}"),
        ("corrections", facts["corrections_url"]),
    ]
    for name, path_of in EXTRA_PATHS.items():
        path = path_of(facts)
        if path:
            paths.append((name, path))
    paths += [
        ("sitemap_index", "/sitemap.xml"),
        ("sitemap_pages", "/sitemap-pages.xml"),
        ("sitemap_authors", "/sitemap-authors.xml"),
        ("news_sitemap", "/news-sitemap.xml"),
        ("feed_rss", "/feeds/rss/"),
        ("feed_atom", "/feeds/atom/"),
        ("feed_section", f"/feeds/sections/{facts['section_slug']}/rss/"),
        ("feed_author", f"/feeds/authors/{facts['author_slug']}/rss/"),
        ("article_jsonld", f"{facts['article_url']}?format=jsonld"),
    ]
    return paths


def sitemap_files(client) -> list[str]:
    """Every file the sitemap index names, as paths."""
    from urllib.parse import urlsplit

    from lxml import etree

    root = etree.fromstring(client.get("/sitemap.xml").content)
    locations = [element.text for element in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return [urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "") for url in locations]


def measure(client, path: str, repeat: int) -> dict:
    """The median of ``repeat`` requests (after one that warms what requests share): ms, queries, entries."""
    from lxml import etree

    timed = time_requests(client, path, repeat)
    response = timed.response
    figures = {"ms": median_ms(timed.times), "queries": max(timed.queries), "bytes": len(response.content)}
    if "xml" in response.get("Content-Type", "") and "sitemap" in path:
        root = etree.fromstring(response.content)
        count = sum(1 for element in root if etree.QName(element).localname in ("url", "sitemap"))
        figures["entries"] = count
        if count:
            figures["us_per_entry"] = round(statistics.median(timed.times) * 1e6 / count, 1)
    return figures


def measure_cached(client, path: str, repeat: int) -> dict:
    """The same path through the application page cache: a miss, then the median of ``repeat`` hits."""
    from django.conf import settings
    from django.core.cache import cache
    from django.test.utils import override_settings

    with override_settings(PAGE_CACHE={**settings.PAGE_CACHE, "ENABLED": True}):
        cache.clear()
        started = time.perf_counter()
        client.get(path)
        miss = time.perf_counter() - started
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
    return {"miss_ms": round(miss * 1000, 1), "hit_ms": median_ms(times, 2),
            "state": response.get("X-Page-Cache", "")}  # fmt: skip


#: Runs a management command in a child process and prints its peak resident memory (KiB) on stderr.
CHILD = """
import resource, sys, django
django.setup()
from django.core.management import call_command
import time
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started, cpu = time.perf_counter(), time.process_time()
try:
    call_command(*sys.argv[1:])
except SystemExit:
    pass
finally:
    print(f"peak_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} baseline_kib={baseline} "
          f"seconds={time.perf_counter() - started:.3f} cpu={time.process_time() - cpu:.3f}", file=sys.stderr)
"""


def run_command(args: list[str], tmp: str) -> dict:
    """``manage.py <args>`` in a child process on the same database: its own seconds (Django's start
    left out) and the process's peak RSS (MiB), with what it was after ``django.setup()``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=False)  # fmt: skip
    line = next((line for line in done.stderr.splitlines() if line.startswith("peak_kib=")), None)
    if line is None or done.returncode not in (0, 1):
        raise RuntimeError(f"{args[0]} failed:\n{done.stderr[-3000:]}")
    if done.returncode and "Traceback" in done.stderr:
        raise RuntimeError(f"{args[0]} failed:\n{done.stderr[-3000:]}")
    fields = dict(part.split("=") for part in line.split())
    return {
        "seconds": float(fields["seconds"]),
        "cpu_seconds": float(fields["cpu"]),
        "peak_mib": round(int(fields["peak_kib"]) / 1024, 1),
        "startup_mib": round(int(fields["baseline_kib"]) / 1024, 1),
        "stdout": done.stdout,
        "stderr": done.stderr,
    }


def measure_export(tmp: str) -> dict:
    """``export_structured_data`` of every graph (stored graphs warm) to a file: graphs/s and peak memory."""
    output = Path(tmp) / "export.ndjson"
    result = run_command(["export_structured_data", "--format", "ndjson", "--output", str(output)], tmp)
    with output.open() as file:
        graphs = sum(1 for _ in file)
    size = output.stat().st_size
    output.unlink()
    return {"graphs": graphs, "seconds": result["seconds"], "graphs_per_s": round(graphs / result["seconds"], 1),
            "graphs_per_cpu_s": round(graphs / max(result["cpu_seconds"], 1e-9), 1),
            "peak_mib": result["peak_mib"], "startup_mib": result["startup_mib"],
            "mib_written": round(size / 2**20, 1)}  # fmt: skip


def measure_check(tmp: str, pages: int) -> dict:
    """``check_structured_data --site`` over ``pages`` pages: pages/s and peak memory."""
    result = run_command(["check_structured_data", "--format", "json", "--max-pages", str(pages),
                          "--fail-on", "error", "--state", str(Path(tmp) / "check-state.jsonl")], tmp)  # fmt: skip
    try:
        summary = json.loads(result["stdout"])["summary"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(f"check_structured_data: {result['stderr'][-3000:]}") from error
    checked = summary["pages"]
    return {"pages": checked, "seconds": result["seconds"], "pages_per_s": round(checked / result["seconds"], 1),
            "peak_mib": result["peak_mib"], "startup_mib": result["startup_mib"],
            "errors": summary["errors"], "warnings": summary["warnings"]}  # fmt: skip


def analyze() -> float:
    """Refresh the planner's statistics after a bulk load, as a site would: on PostgreSQL ``ANALYZE``, as
    autovacuum would in time (and where it is off, never: with none, the planner takes the archive's
    tables for a few rows and picks nested loops over all of them); on SQLite by closing the loading
    connection, as the command that loaded an archive does when it ends (``newsroom.sqlite3`` runs
    ``PRAGMA optimize`` then; Django's test client never closes it). Returns the seconds it took."""
    from django.db import connection

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        connection.close()
    return round(time.perf_counter() - started, 1)


def run(args: argparse.Namespace, tmp: str) -> dict:
    setup(args.database_url, tmp, args.media_root)
    from django.conf import settings
    from django.test import Client

    from articles.models import ArticlePage

    results: dict = {"database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]}
    if args.reuse:
        results["build"] = {"articles": ArticlePage.objects.filter(locale__language_code="en").count(), "reused": True}
        print(f"reusing {results['build']['articles']} articles")
    else:
        built = results["build"] = build(args.articles)
        print(f"built {built['articles']} articles in {built['build_s']} s ({built['articles_per_s']} articles/s; "
              f"{built['translations']} translations in {built['translations_s']} s)", flush=True)  # fmt: skip
    analyzed = results["analyze_s"] = analyze()
    print(f"planner statistics (ANALYZE; on SQLite PRAGMA optimize) in {analyzed} s", flush=True)
    if args.build_only:
        return results
    if not args.reuse or args.store_graphs:
        results["store_graphs"] = store_graphs()
        print(f"stored {results['store_graphs']['graphs']} graphs in {results['store_graphs']['seconds']} s "
              f"({results['store_graphs']['graphs_per_s']}/s)", flush=True)  # fmt: skip
    results["load_average"] = [round(value, 2) for value in os.getloadavg()]
    facts = results["facts"] = archive_facts()
    client = Client(HTTP_HOST="localhost")
    paths = reader_paths(facts)
    files = [path for path in sitemap_files(client) if path not in dict(paths).values()]
    paths += [(f"sitemap_file_{n}", path) for n, path in enumerate(files, start=2)]
    missing = [name for name, path_of in EXTRA_PATHS.items() if not path_of(facts)]
    results["not_measured"] = missing
    pages = results["pages"] = {}
    for name, path in paths:
        pages[name] = {"path": path, **measure(client, path, args.repeat)}
        if name != "healthz":
            pages[name]["cache"] = measure_cached(client, path, args.repeat)
        print(f"  {name}: {pages[name]['ms']} ms, {pages[name]['queries']} queries", file=sys.stderr, flush=True)
    add_ratios(pages)
    print_table(pages, first=("what", 18), columns=[
        ("ms", 9, "ms"), ("queries", 9, "queries"), ("entries", 9, "entries"), ("µs/entry", 10, "us_per_entry"),
        ("x healthz", 11, "ratio"), ("cached ms", 11, lambda row: row.get("cache", {}).get("hit_ms", "")),
    ])  # fmt: skip
    if missing:
        print(f"not measured (no view on this branch; see EXTRA_PATHS): {', '.join(missing)}")
    if not args.no_export:
        results["export"] = measure_export(tmp)
        print(
            "export: {graphs} graphs in {seconds} s, {graphs_per_s} graphs/s, peak {peak_mib} MiB "
            "(startup {startup_mib} MiB), {mib_written} MiB written".format(**results["export"]),
            flush=True,
        )
    if args.check_pages:
        results["check"] = measure_check(tmp, args.check_pages)
        print(
            "check --site: {pages} pages in {seconds} s, {pages_per_s} pages/s, peak {peak_mib} MiB "
            "(startup {startup_mib} MiB); {errors} errors, {warnings} warnings".format(**results["check"])
        )
    print(f"load average {list(os.getloadavg())} ({os.cpu_count()} cores)")
    if args.database_url and not args.keep and not args.reuse:  # a reused archive is the caller's to drop
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)  # the archive goes; the schema stays
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--database-url", help="build into this (PostgreSQL) database instead of a throwaway SQLite")
    parser.add_argument("--keep", action="store_true", help="leave the database (and the SQLite folder) in place")
    parser.add_argument("--reuse", action="store_true", help="measure what a --keep run left (no build)")
    parser.add_argument("--store-graphs", action="store_true", help="with --reuse: store every graph again")
    parser.add_argument(
        "--media-root", help="with --reuse: the media folder of the --keep run (its 'kept in' folder/media)"
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build (with --keep) and stop: measure later with --reuse"
    )
    parser.add_argument("--no-export", action="store_true", help="skip the bulk export")
    parser.add_argument(
        "--check-pages", type=int, default=500, help="pages check_structured_data --site reads (0: skip; default 500)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON object")
    args = parser.parse_args()
    if args.reuse and not args.database_url:
        parser.error("--reuse needs --database-url")
    if args.articles < NEWS:
        parser.error(f"--articles: at least {NEWS}")
    run_in_scratch_folder(run, args, "bench-archive-", keep=args.keep)


if __name__ == "__main__":
    main()

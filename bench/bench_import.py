"""Benchmark: the importer on the real-world corpus (tests/importer/realworld), against trafilatura alone.

Prints, from the same run:
* body F1 (word 4-gram shingles; per-page precision and recall, averaged) of the importer's body and of
  ``trafilatura.extract`` alone on the same pages;
* byline accuracy (pages whose authors are exactly the expected clean names and organisations), dates,
  pages recognised under their own URL, crashes;
* pages per second of the whole extraction and mapping (no database), of trafilatura alone, and of the
  structured-data reading with the HTML walker the importer used before it had trafilatura.

    python bench/bench_import.py [--rounds 3] [--dir SAVED_PAGES] [--before REV]
    python bench/bench_import.py --wordpress 2000 [--images 50]

``--wordpress N [--read-only]`` instead generates an export of N posts (classic and Gutenberg, a featured photo and a
captioned one each, photos read from a generated ``--uploads`` folder) and reports posts/s of reading and
mapping alone and of the whole import into a throwaway SQLite database, with the peak memory of each
(resident set size): reading must stay flat as N grows.

"Today" is the importer as it was at ``--before`` (default 6391ef6, before issue #15), loaded from git into
a temporary package and timed (and scored) on the same pages in the same run.

``--dir`` also imports every ``*.html`` under a directory (no expectations: crashes, empty bodies,
pages without a URL, pages/s), e.g. pages saved from the web and kept outside the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_throwaway_django


def load_importer_at(revision: str, into: Path):
    """The importer's extract and mapping modules as they were at ``revision`` (a package of their own)."""
    import importlib
    import subprocess

    root = Path(__file__).resolve().parent.parent
    package = into / "importing_before"
    package.mkdir()
    (package / "__init__.py").write_text("")
    # The importer is the app importer/; before issue 28 it was the package articles/importing/.
    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", revision, "importer/"], cwd=root, capture_output=True, check=True
    ).stdout
    folder = "importer" if listed.strip() else "articles/importing"
    for name in ("conf", "errors", "values", "extract", "mapping"):
        source = subprocess.run(
            ["git", "show", f"{revision}:{folder}/{name}.py"], cwd=root, capture_output=True, check=True
        ).stdout
        (package / f"{name}.py").write_bytes(source)
    sys.path.insert(0, str(into))
    return importlib.import_module("importing_before.extract"), importlib.import_module("importing_before.mapping")


def best_rate(function, items, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, time.perf_counter() - started)
    return len(items) / best


def write_export(path: Path, uploads: Path, posts: int, images: int) -> None:
    """A WXR file of ``posts`` posts and ``images`` attachments, written as a stream."""
    import io

    from PIL import Image

    for number in range(images):
        target = uploads / "2025" / "01" / f"photo-{number}.jpg"
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (number % 256, (number * 7) % 256, (number * 13) % 256)).save(buffer, "JPEG")
        target.write_bytes(buffer.getvalue())
    base = "https://bench.example"
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            f"<channel><title>Bench Gazette</title><link>{base}</link><language>en-US</language>\n"
        )
        for login in ("ana", "ben", "chloe"):
            out.write(
                f"<wp:author><wp:author_login>{login}</wp:author_login>"
                f"<wp:author_display_name>{login.title()} Writer</wp:author_display_name></wp:author>\n"
            )
        for number in range(images):
            url = f"{base}/wp-content/uploads/2025/01/photo-{number}.jpg"
            out.write(
                f"<item><title>photo {number}</title><wp:post_id>{900000 + number}</wp:post_id>"
                f"<wp:post_type>attachment</wp:post_type><wp:attachment_url>{url}</wp:attachment_url>"
                f"<excerpt:encoded><![CDATA[Caption of photo {number}.]]></excerpt:encoded>"
                "<wp:postmeta><wp:meta_key>_media_credit</wp:meta_key><wp:meta_value>Bench Photo</wp:meta_value>"
                "</wp:postmeta></item>\n"
            )
        for number in range(1, posts + 1):
            photo = number % images
            inline = (number + 1) % images
            words = " ".join(f"word{(number * 31 + i) % 997}" for i in range(60))
            if number % 2:
                content = (
                    f"{words}.\n\nSecond paragraph of post {number}, with a line\nbreak.\n\n"
                    f'[caption id="attachment_{900000 + inline}"]<img class="wp-image-{900000 + inline}" '
                    f'src="{base}/wp-content/uploads/2025/01/photo-{inline}.jpg" /> Inline photo.[/caption]\n\n'
                    "Last words of the story."
                )
            else:
                content = (
                    f"<!-- wp:paragraph --><p>{words}.</p><!-- /wp:paragraph -->\n\n"
                    f'<!-- wp:image {{"id":{900000 + inline}}} --><figure class="wp-block-image"><img '
                    f'src="{base}/wp-content/uploads/2025/01/photo-{inline}.jpg" class="wp-image-{900000 + inline}"/>'
                    "<figcaption>Inline photo. Photo: Bench Desk</figcaption></figure><!-- /wp:image -->\n\n"
                    "<!-- wp:list --><ul><li>one</li><li>two</li></ul><!-- /wp:list -->"
                )
            out.write(
                f"<item><title>Bench story number {number}</title>"
                f"<link>{base}/2025/01/bench-story-{number}/</link><guid>{base}/?p={number}</guid>"
                f"<dc:creator>{('ana', 'ben', 'chloe')[number % 3]}</dc:creator>"
                f"<content:encoded><![CDATA[{content}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[Summary of story {number}.]]></excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id><wp:post_date>2025-01-01 10:00:00</wp:post_date>"
                "<wp:post_date_gmt>2025-01-01 15:00:00</wp:post_date_gmt>"
                f"<wp:post_name>bench-story-{number}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="s{number % 5}"><![CDATA[Section {number % 5}]]></category>'
                f'<category domain="post_tag" nicename="t{number % 40}"><![CDATA[tag {number % 40}]]></category>'
                f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{900000 + photo}"
                "</wp:meta_value></wp:postmeta></item>\n"
            )
        out.write("</channel></rss>\n")


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_wordpress(posts: int, images: int, read_only: bool = False, per_page: bool = False) -> None:
    """Generate an export, read and map it (no database), then import it; posts/s and peak memory."""
    with tempfile.TemporaryDirectory(prefix="bench-wp-") as tmp:
        setup_throwaway_django(tmp)
        import zoneinfo

        from importer.bulk import bulk_import
        from importer.report import Report
        from importer.save import resolve_parent
        from importer.wordpress import import_wordpress, wordpress_draft
        from importer.wxr import items, scan
        from tests.support.builders import build_site

        export, uploads = Path(tmp) / "export.xml", Path(tmp) / "uploads"
        write_export(export, uploads, posts, images)
        print(f"export: {posts} posts, {images} photos, {export.stat().st_size / 1e6:.1f} MB")
        before = peak_rss_mb()
        started = time.perf_counter()
        site = scan(export)
        zone = zoneinfo.ZoneInfo("UTC")
        mapped = sum(1 for item in items(export) if item.post_type == "post" and wordpress_draft(item, site, zone))
        elapsed = time.perf_counter() - started
        print(
            f"read + map (both passes, no database): {mapped / elapsed:.0f} posts/s; "
            f"peak RSS {peak_rss_mb():.0f} MB (before: {before:.0f} MB)"
        )
        if read_only:
            return
        build_site()
        report = Report()
        run = contextlib.nullcontext() if per_page else bulk_import()
        started = time.perf_counter()
        with run:
            import_wordpress(export, parent=resolve_parent(None), report=report, uploads=uploads, time_zone="UTC")
            imported_at = time.perf_counter()
        elapsed = time.perf_counter() - started
        counts = report.counts()
        how = "each page indexed as published" if per_page else "bulk: indexes and graphs once at the end"
        print(f"import (SQLite, published, redirects, photos from --uploads; {how}): {report.summary()}")
        print(f"posts/s, whole import: {counts['imported'] / elapsed:.1f}; peak RSS {peak_rss_mb():.0f} MB")
        if not per_page:
            print(
                f"  of which saving {imported_at - started:.1f} s ({counts['imported'] / (imported_at - started):.1f}"
                f" posts/s), catching up (search, references, graphs, purge) {time.perf_counter() - imported_at:.1f} s"
            )
        for row in report.failed[:5]:
            print(f"  failed: {row.source}: {row.reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="a directory of saved HTML pages to import as well")
    parser.add_argument("--before", default="6391ef6", help="the revision whose importer is today's baseline")
    parser.add_argument("--wordpress", type=int, metavar="N", help="bench a generated WordPress export of N posts")
    parser.add_argument("--images", type=int, default=50, help="with --wordpress: how many distinct photos")
    parser.add_argument("--read-only", action="store_true", help="with --wordpress: read and map only, no database")
    parser.add_argument(
        "--per-page",
        action="store_true",
        help="with --wordpress: index, store and purge as each page is published (no importer.bulk), to compare",
    )
    args = parser.parse_args()
    if args.wordpress:
        bench_wordpress(args.wordpress, max(1, args.images), args.read_only, args.per_page)
        return
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        setup_throwaway_django(tmp)
        import trafilatura

        from importer import shingles
        from importer.errors import ArticleImportError
        from importer.extract import extract
        from importer.mapping import body_text_of
        from tests.importer.realworld.corpus import pages
        from tests.importer.realworld.score import import_draft, score

        corpus = pages()
        scores, crashes = [], []
        for page in corpus:
            try:
                scores.append(score(page, import_draft(page)))
            except Exception as error:  # counted and shown, never hidden
                crashes.append(f"{page.name}: {error.__class__.__name__}: {error}")
        alone = [
            shingles.precision_recall(trafilatura.extract(page.html) or "", page.story.body_text) for page in corpus
        ]

        def mean_f1(pairs) -> tuple[float, float, float]:
            precision = statistics.mean(p for p, _r in pairs)
            recall = statistics.mean(r for _p, r in pairs)
            return statistics.mean(shingles.f1(p, r) for p, r in pairs), precision, recall

        ours = mean_f1([(s.precision, s.recall) for s in scores])
        theirs = mean_f1(alone)
        print(f"corpus: {len(corpus)} pages, {len(crashes)} crashes")
        for crash in crashes:
            print(f"  crash: {crash}")
        print(f"body F1, importer:          {ours[0]:.3f} (precision {ours[1]:.3f}, recall {ours[2]:.3f})")
        print(f"body F1, trafilatura alone: {theirs[0]:.3f} (precision {theirs[1]:.3f}, recall {theirs[2]:.3f})")
        print(f"authors exactly right:      {sum(s.authors_ok for s in scores)}/{len(scores)}")
        print(f"publication date right:     {sum(s.date_ok for s in scores)}/{len(scores)}")
        print(f"recognised under own URL:   {sum(s.canonical_ok for s in scores)}/{len(scores)}")
        worst = sorted(scores, key=lambda s: s.f1)[:5]
        print("lowest F1: " + ", ".join(f"{s.page} {s.f1:.3f}" for s in worst))

        old_extract, old_mapping = load_importer_at(args.before, Path(tmp))

        def before(page):
            return old_mapping.map_article(old_extract.extract(page.html.encode("utf-8"), page.canonical))

        old, old_authors = [], 0
        for page in corpus:
            draft = before(page)
            old.append(shingles.precision_recall(body_text_of(draft.body), page.story.body_text))
            old_authors += [a.name for a in draft.authors] == list(page.story.authors)
        old_f1 = mean_f1(old)
        print(
            f"body F1, importer at {args.before}: {old_f1[0]:.3f} (precision {old_f1[1]:.3f}, recall {old_f1[2]:.3f})"
        )
        print(f"authors exactly right, importer at {args.before}: {old_authors}/{len(corpus)}")

        rates = {
            "importer (extract + map)": best_rate(import_draft, corpus, args.rounds),
            f"importer at {args.before} (today's)": best_rate(before, corpus, args.rounds),
            "trafilatura alone": best_rate(lambda page: trafilatura.extract(page.html), corpus, args.rounds),
        }
        for name, rate in rates.items():
            print(f"pages/s, {name}: {rate:.1f}")

        if args.dir:
            from importer.mapping import map_article

            files = sorted(args.dir.rglob("*.htm*"))
            failed, empty, no_url, started = 0, 0, 0, time.perf_counter()
            for path in files:
                try:
                    draft = map_article(extract(path.read_bytes(), ""))
                except ArticleImportError:
                    failed += 1
                    continue
                except Exception as error:
                    print(f"  crash: {path}: {error.__class__.__name__}: {error}")
                    failed += 1
                    continue
                empty += not draft.body
                no_url += not draft.source_url
            elapsed = time.perf_counter() - started
            print(
                f"{args.dir}: {len(files)} pages, {failed} failed, {empty} empty bodies, {no_url} without a URL, "
                f"{len(files) / elapsed if elapsed else 0:.1f} pages/s"
            )


if __name__ == "__main__":
    main()

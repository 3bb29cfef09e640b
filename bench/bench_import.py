"""Benchmark: the importer on the real-world corpus (tests/importer/realworld), against trafilatura alone.

Prints, from the same run:
* body F1 (word 4-gram shingles; per-page precision and recall, averaged) of the importer's body and of
  ``trafilatura.extract`` alone on the same pages;
* byline accuracy (pages whose authors are exactly the expected clean names and organisations), dates,
  pages recognised under their own URL, crashes;
* pages per second of the whole extraction and mapping (no database), of trafilatura alone, and of the
  structured-data reading with the HTML walker the importer used before it had trafilatura.

    python bench/bench_import.py [--rounds 3] [--dir SAVED_PAGES] [--before REV]

"Today" is the importer as it was at ``--before`` (default 6391ef6, before issue #15), loaded from git into
a temporary package and timed (and scored) on the same pages in the same run.

``--dir`` also imports every ``*.html`` under a directory (no expectations: crashes, empty bodies,
pages without a URL, pages/s), e.g. pages saved from the web and kept outside the repository.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="a directory of saved HTML pages to import as well")
    parser.add_argument("--before", default="6391ef6", help="the revision whose importer is today's baseline")
    args = parser.parse_args()
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

"""Benchmark: check real-layout pages over loopback, and the demo site's structured data.

Prints, from the same run:
* other sites' pages: a folder of real-layout pages (default: ``structured_data/tests/checker_layouts.py``'s
  41 layouts and their 49 planted defects, written to a temporary folder; ``--folder DIR`` checks
  yours) served on 127.0.0.1 and checked as ``check_structured_data --urls-from`` does (robots.txt,
  4 at a time, no delay); pages/s against fetching the same pages alone, false errors on clean pages,
  planted defects caught, and the histogram of rules reported; goal: at least 20 pages/s;
* pages per second for the whole in-process check (render + check) of every visible page of the demo;
* the checker alone against ``extruct.extract`` alone (json-ld, microdata, rdfa, opengraph) on the same
  rendered HTML, best of several rounds; goal: at most 1.5x.

    python bench/bench_checker.py [--rounds 5] [--folder DIR] [--layouts-only]

Uses a throwaway SQLite database and media folder in a temporary directory (load_demo_content).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_throwaway_django


def serve_folder(directory: str):
    """A quiet threading HTTP server for ``directory`` on a free loopback port (``shutdown()`` it)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=directory))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def bench_layouts(folder: str | None, concurrency: int) -> None:
    """Check a folder of real-layout pages over loopback, as the command does for another site."""
    import json
    from collections import Counter

    from structured_data.checker.crawl import RemoteOptions, check_remote
    from structured_data.checker.fetch import HttpFetcher
    from structured_data.tests.checker_layouts import write_layouts

    with tempfile.TemporaryDirectory(prefix="bench-layouts-") as tmp:
        if folder is None:
            server = serve_folder(tmp)
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            # Images and author pages are asked of the same loopback server (404s: warnings, no DNS waits).
            manifest = write_layouts(Path(tmp), rebase=base)
        else:
            manifest_file = Path(folder) / "manifest.json"
            manifest = (
                json.loads(manifest_file.read_text())
                if manifest_file.exists()
                else {p.name: {"expect": None} for p in sorted(Path(folder).glob("*.html"))}
            )
            server = serve_folder(folder)
            base = f"http://127.0.0.1:{server.server_address[1]}/"
        urls = [base + name for name in manifest]
        try:
            fetcher = HttpFetcher(allow_private=True)  # the pages are served on loopback
            check_remote(urls[:2], RemoteOptions(concurrency=concurrency, delay=0), fetcher=fetcher)  # warm-up

            from concurrent.futures import ThreadPoolExecutor

            started = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                list(pool.map(fetcher.get, urls))
            fetch_only = time.perf_counter() - started

            started = time.perf_counter()
            results, notes = check_remote(urls, RemoteOptions(concurrency=concurrency, delay=0), fetcher=fetcher)
            elapsed = time.perf_counter() - started
        finally:
            server.shutdown()
            server.server_close()
    histogram: Counter[tuple[str, str]] = Counter()
    false_errors, caught, missed = [], 0, []
    for name, result in zip(manifest, results, strict=True):
        for issue in result.issues:
            histogram[(issue.severity, issue.code)] += 1
        expected = manifest[name].get("expect")
        errors = sorted({issue.code for issue in result.issues if issue.severity == "error"})
        if expected is None and errors:
            false_errors.append((name, errors))
        elif expected is not None:
            if expected in {issue.code for issue in result.issues}:
                caught += 1
            else:
                missed.append(name)
    for issue in notes:
        histogram[(issue.severity, issue.code)] += 1
    clean = sum(1 for entry in manifest.values() if entry.get("expect") is None)
    print(f"real-layout pages over loopback: {len(urls)} ({clean} clean, {len(urls) - clean} with a planted defect)")
    print(
        f"  checked: {len(urls) / elapsed:.1f} pages/s ({elapsed * 1000 / len(urls):.1f} ms/page, concurrency "
        f"{concurrency}); fetching alone: {len(urls) / fetch_only:.1f} pages/s; goal >= 20 pages/s"
    )
    print(f"  false errors on clean pages: {len(false_errors)} {false_errors or ''}")
    print(f"  planted defects caught: {caught} of {len(urls) - clean} {missed or ''}")
    print("  rules reported (issues):")
    for (severity, code), count in sorted(histogram.items(), key=lambda item: (item[0][0] != "error", -item[1])):
        print(f"    {severity:7} {code:24} {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--folder", help="Check this folder of .html pages (manifest.json optional) instead.")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--layouts-only", action="store_true", help="Skip the demo-site part.")
    args = parser.parse_args()
    bench_layouts(args.folder, args.concurrency)
    if args.layouts_only:
        return
    with tempfile.TemporaryDirectory(prefix="bench-checker-") as tmp:
        setup_throwaway_django(tmp)
        import extruct
        from django.core.management import call_command
        from wagtail.models import Site

        from structured_data.checker import check_document, get_vocabulary
        from structured_data.checker.site import SiteRenderer

        call_command("load_demo_content", verbosity=0)
        site = Site.objects.get(is_default_site=True)
        renderer = SiteRenderer(site)
        urls = renderer.page_urls()
        get_vocabulary()  # loaded once per process; timed separately below

        # Warm-up: renditions are generated on first view.
        pages = {}
        for url in urls:
            pages[url] = renderer.get(url).content.decode()
            renderer.remember(url, pages[url])

        started = time.perf_counter()
        errors = 0
        for url in urls:
            html = renderer.get(url).content.decode()
            result = check_document(html, url, fetch_image_size=renderer.image_size, fetch_page=renderer.page)
            errors += len(result.errors)
        whole = time.perf_counter() - started
        print(f"pages: {len(urls)}, errors: {errors}")
        print(f"render + check, whole site: {len(urls) / whole:.1f} pages/s ({whole * 1000 / len(urls):.1f} ms/page)")

        syntaxes = ["json-ld", "microdata", "rdfa", "opengraph"]

        def time_extruct() -> float:
            started = time.perf_counter()
            for url, html in pages.items():
                extruct.extract(html, base_url=url, syntaxes=syntaxes)
            return time.perf_counter() - started

        def time_checker() -> float:
            started = time.perf_counter()
            for url, html in pages.items():
                check_document(html, url, fetch_image_size=renderer.image_size, fetch_page=renderer.page)
            return time.perf_counter() - started

        extruct_best = min(time_extruct() for _ in range(args.rounds))
        checker_best = min(time_checker() for _ in range(args.rounds))
        print(f"extruct alone:  {extruct_best * 1000 / len(pages):.2f} ms/page")
        print(
            f"checker:        {checker_best * 1000 / len(pages):.2f} ms/page (images read from storage, "
            "author pages from the in-process cache)"
        )
        print(f"checker / extruct: {checker_best / extruct_best:.2f}x (goal <= 1.5x)")

        get_vocabulary.cache_clear()
        started = time.perf_counter()
        get_vocabulary()
        print(f"vocabulary index, once per process: {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

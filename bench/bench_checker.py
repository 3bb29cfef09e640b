"""Benchmark: check the demo site's structured data.

Prints, from the same run:
* pages per second for the whole in-process check (render + check) of every visible page;
* the checker alone against ``extruct.extract`` alone (json-ld, microdata, rdfa, opengraph) on the same
  rendered HTML, best of several rounds; goal: at most 1.5x.

    python bench/bench_checker.py [--rounds 5]

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
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

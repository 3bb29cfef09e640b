"""``manage.py check_structured_data``: read pages back as a search engine would and report what is wrong.

Without ``--url``, every visible page of the site (``structured_data.visibility.visible_pages``) is
rendered in-process, at every URL its sitemap entry lists (so RoutablePage routes such as author
profiles are checked too). With ``--url``, the given pages are fetched over HTTP, from any site.

Exit status: 0 when nothing at the ``--fail-on`` level was found, 1 when something was, 2 for bad
arguments.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Site

from structured_data.checker import check_document
from structured_data.checker.fetch import FetchError, HttpFetcher
from structured_data.checker.issues import Issue, at_level
from structured_data.checker.site import SiteRenderer


class Command(BaseCommand):
    help = "Check the structured data (JSON-LD, microdata, RDFa, OpenGraph) of the site's pages or of given URLs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            metavar="URL",
            help="Fetch and check this page over HTTP (repeatable). Default: every visible page.",
        )
        parser.add_argument("--site", metavar="HOSTNAME", help="The Wagtail site to check (default: the default site).")
        parser.add_argument("--format", choices=("text", "json"), default="text", help="Report format.")
        parser.add_argument("--fail-on", choices=("error", "warning"), default="error",
                            help="Exit with status 1 when an issue at this level (or worse) is found.")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        urls: list[str] = options["url"]
        if urls and options["site"]:
            raise CommandError("Give either --url or --site, not both.", returncode=2)
        for url in urls:
            split = urlsplit(url)
            if split.scheme not in ("http", "https") or not split.netloc:
                raise CommandError(f"--url needs an absolute http(s) URL, not {url!r}.", returncode=2)
        started = time.perf_counter()
        results = self.check_urls(urls) if urls else self.check_site(self.get_site(options["site"]))
        elapsed = time.perf_counter() - started

        all_issues = [issue for _url, issues in results for issue in issues]
        errors = sum(issue.severity == "error" for issue in all_issues)
        warnings = sum(issue.severity == "warning" for issue in all_issues)
        summary = {
            "pages": len(results),
            "pages_with_issues": sum(bool(issues) for _url, issues in results),
            "errors": errors,
            "warnings": warnings,
            "seconds": round(elapsed, 3),
        }
        if options["format"] == "json":
            report = {
                "pages": [{"url": url, "issues": [issue.as_dict() for issue in issues]} for url, issues in results],
                "summary": summary,
            }
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            self.write_text(results, summary)
        failing = at_level(all_issues, options["fail_on"])
        if failing:
            raise CommandError(f"{len(failing)} issue(s) at --fail-on={options['fail_on']} level.", returncode=1)

    # Where pages come from ----------------------------------------------------------------------

    def get_site(self, hostname: str | None) -> Site:
        if hostname:
            site = Site.objects.filter(hostname=hostname).select_related("root_page").order_by("port").first()
            if site is None:
                known = ", ".join(Site.objects.values_list("hostname", flat=True)) or "none"
                raise CommandError(f"No Wagtail site has the hostname {hostname!r} (known: {known}).", returncode=2)
            return site
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("There is no default Wagtail site; name one with --site.", returncode=2)
        return site

    def progress(self, items: list[str]) -> Any:
        from tqdm import tqdm

        return tqdm(items, unit="page", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)

    def check_site(self, site: Site) -> list[tuple[str, list[Issue]]]:
        renderer = SiteRenderer(site)
        results = []
        for url in self.progress(renderer.page_urls()):
            try:
                response = renderer.get(url)
            except Exception as error:
                results.append((url, [Issue("error", "render-failed", f"The page could not be rendered: {error}")]))
                continue
            if response.status_code != 200:
                results.append(
                    (url, [Issue("error", "http-status", f"The page answered HTTP {response.status_code}.")])
                )
                continue
            content_type = response.get("Content-Type", "")
            if not content_type.startswith(("text/html", "application/xhtml+xml")):
                results.append((url, [Issue("error", "not-html", f"The page is not HTML ({content_type}).")]))
                continue
            html = response.content.decode(response.charset or "utf-8", "replace")
            renderer.remember(url, html)
            result = check_document(html, url, fetch_image_size=renderer.image_size, fetch_page=renderer.page)
            results.append((url, result.issues))
        return results

    def check_urls(self, urls: list[str]) -> list[tuple[str, list[Issue]]]:
        fetcher = HttpFetcher()
        pages: dict[str, str] = {}
        sizes: dict[str, tuple[int, int]] = {}

        def fetch_page(url: str) -> str:
            if url not in pages:
                pages[url] = fetcher.page(url)
            return pages[url]

        def fetch_image_size(url: str) -> tuple[int, int]:
            if url not in sizes:
                sizes[url] = fetcher.image_size(url)
            return sizes[url]

        results = []
        for url in self.progress(urls):
            try:
                fetched = fetcher.get(url)
            except FetchError as error:
                results.append((url, [Issue("error", "fetch-failed", f"The page could not be fetched: {error}")]))
                continue
            if fetched.status != 200:
                results.append((url, [Issue("error", "http-status", f"The page answered HTTP {fetched.status}.")]))
                continue
            if not fetched.is_html:
                kind = fetched.content_type or "no Content-Type"
                results.append((url, [Issue("error", "not-html", f"The page is not HTML ({kind}).")]))
                continue
            if fetched.truncated:
                message = f"The page is larger than {fetcher.max_bytes:,} bytes; it was not checked."
                results.append((url, [Issue("error", "too-large", message)]))
                continue
            html = fetched.text()
            pages[url] = html
            result = check_document(html, url, fetch_image_size=fetch_image_size, fetch_page=fetch_page)
            results.append((url, result.issues))
        return results

    # Output -------------------------------------------------------------------------------------

    def write_text(self, results: list[tuple[str, list[Issue]]], summary: dict[str, Any]) -> None:
        for url, issues in results:
            if not issues:
                continue
            self.stdout.write(url)
            for issue in issues:
                style = self.style.ERROR if issue.severity == "error" else self.style.WARNING
                line = f"  {style(issue.severity.ljust(7))} {issue.path or '(page)'}: {issue.message}"
                self.stdout.write(line)
                if issue.hint:
                    self.stdout.write(f"          hint: {issue.hint}")
        status = self.style.SUCCESS if not summary["errors"] else self.style.ERROR
        self.stdout.write(status(
            f"Checked {summary['pages']} page(s) in {summary['seconds']:.1f}s: {summary['errors']} error(s), "
            f"{summary['warnings']} warning(s) on {summary['pages_with_issues']} page(s)."
        ))  # fmt: skip

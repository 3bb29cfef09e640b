"""``manage.py check_structured_data`` (needs the ``[checker]`` extra): read pages back as a search engine would
and report what is wrong.

Without a source option, every visible page of the site (``structured_data.visibility.visible_pages``)
is rendered in-process, at every URL its sitemap entry lists (so RoutablePage routes such as author
profiles are checked too). ``--url``, ``--urls-from FILE`` and ``--sitemap URL`` check pages of any
site over HTTP, politely: robots.txt is respected, at most ``--concurrency`` pages at a time, at
least ``--delay`` seconds between two requests to one host, image sizes read at most
``--image-host-limit`` at a time per host within one ``--image-budget`` for the whole run, at most
``--max-pages`` pages (50,000 by default, the sitemap protocol's limit per file).

The URLs come from someone else's markup, so every fetch (sitemaps, robots.txt, pages, image and
author URLs) goes through the plugin's safe fetcher (``structured_data.safe_fetch``): an address that
is loopback, private, link-local, multicast, reserved or unspecified is refused after DNS and again on
every redirect (redirects are followed, at most 5, each hop checked; the connection goes to the
address checked) and reported as "refused: private address", unless ``--allow-private`` (a staging
site on an intranet) or ``--allow-address`` names it. Each fetch has a total ``--deadline``; sizes are
capped after decompression. A sitemap index is followed one level deep, each sitemap and page once.

``--store`` (with the site's own pages only) also keeps each page's findings for the admin's
structured-data report and dashboard panel (``structured_data.check_runs``); run it nightly.

The report ends with a summary by rule. Exit status: 0 when nothing at the ``--fail-on`` level was
found, 1 when something was, 2 for bad arguments.
"""

from __future__ import annotations

import json
import os
import sys
import time
from itertools import islice
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Site

from structured_data.checker.crawl import (
    MAX_PAGES,
    RemoteOptions,
    SitemapError,
    check_remote,
    read_sitemaps,
    unique_urls,
    urls_from_file,
)
from structured_data.checker.fetch import DEADLINE, HttpFetcher
from structured_data.checker.issues import Issue
from structured_data.checker.report import RunReport
from structured_data.checker.site import SiteRenderer


def read_state(path: str) -> list[tuple[str, list[Issue]]]:
    """The results a previous run recorded in ``path`` (none if it does not exist yet).

    A line cut short by a crash is ignored: that page is checked again.
    """
    results: list[tuple[str, list[Issue]]] = []
    try:
        file = open(path, encoding="utf-8")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return results
    except OSError as error:
        raise CommandError(f"--state: cannot read {path}: {error.strerror}.", returncode=2) from error
    with file:
        for line in file:
            try:
                entry = json.loads(line)
                results.append((entry["url"], [Issue(**issue) for issue in entry["issues"]]))
            except (ValueError, KeyError, TypeError):
                continue
    return results


def open_state(path: str) -> IO[str]:
    """``path`` for appending; a last line a crash cut short is ended first, so the next result gets its own line."""
    try:
        file = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - the caller closes it
    except OSError as error:
        raise CommandError(f"--state: cannot write {path}: {error.strerror}.", returncode=2) from error
    end = file.seek(0, os.SEEK_END)
    if end:
        with open(path, "rb") as existing:
            existing.seek(end - 1)
            if existing.read(1) != b"\n":
                file.write("\n")
    return file


def _absolute(url: str, option: str) -> str:
    split = urlsplit(url)
    if split.scheme not in ("http", "https") or not split.netloc:
        raise CommandError(f"{option} needs an absolute http(s) URL, not {url!r}.", returncode=2)
    return url


class Command(BaseCommand):
    help = (
        "Check the structured data (JSON-LD, microdata, RDFa, OpenGraph) of the site's pages or of another site's. "
        "Over HTTP, redirects are followed (at most 5, each hop checked) and private or internal addresses are "
        "refused unless --allow-private."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            metavar="URL",
            help="Fetch and check this page over HTTP (repeatable). Default: every visible page.",
        )
        parser.add_argument(
            "--urls-from", metavar="FILE", help="Fetch and check the URLs in FILE (one a line, # comments)."
        )
        parser.add_argument(
            "--sitemap", metavar="URL", help="Fetch and check the pages a sitemap (or sitemap index) lists."
        )
        parser.add_argument("--max-pages", type=int, default=None, metavar="N",
                            help=f"Check at most N pages (default: {MAX_PAGES:,} over HTTP, every page of the "
                                 "site otherwise).")  # fmt: skip
        parser.add_argument("--state", metavar="FILE",
                            help="Without a source option: record each page's result in FILE as it is checked "
                                 "(JSON lines); run again with the same FILE to resume where a run stopped "
                                 "(pages already recorded are not checked again).")  # fmt: skip
        parser.add_argument("--allow-private", action="store_true",
                            help="Also fetch loopback, private and other internal addresses (a staging site on an "
                                 "intranet). Without it they are refused and reported.")  # fmt: skip
        parser.add_argument("--allow-address", action="append", default=[], metavar="ADDRESS",
                            help="Also fetch this address or network (e.g. 10.0.0.5 or 10.1.0.0/16), while other "
                                 "internal addresses stay refused (repeatable).")  # fmt: skip
        parser.add_argument("--deadline", type=float, default=DEADLINE, metavar="SECONDS",
                            help=f"Time for one whole fetch, redirects included (default {DEADLINE:g}).")  # fmt: skip
        parser.add_argument(
            "--concurrency", type=int, default=4, metavar="N", help="Pages fetched at once (default 4)."
        )
        parser.add_argument("--delay", type=float, default=0.5, metavar="SECONDS",
                            help="At least this long between two requests to one host (default 0.5; robots.txt's "
                                 "Crawl-delay wins when longer).")  # fmt: skip
        parser.add_argument("--image-host-limit", type=int, default=2, metavar="N",
                            help="Images read at once from one host (default 2).")  # fmt: skip
        parser.add_argument("--image-budget", type=float, default=60.0, metavar="SECONDS",
                            help="Time for reading images in the whole run (default 60); "
                                 "later ones are skipped.")  # fmt: skip
        parser.add_argument("--no-images", action="store_true", help="Do not read image files over HTTP.")
        parser.add_argument("--site", metavar="HOSTNAME", help="The Wagtail site to check (default: the default site).")
        parser.add_argument("--store", action="store_true",
                            help="Keep this run's findings per page for the admin's structured-data report and "
                                 "dashboard panel (the site's pages only; run it nightly).")  # fmt: skip
        parser.add_argument("--format", choices=("text", "json", "junit"), default="text", help="Report format.")
        parser.add_argument("--fail-on", choices=("error", "warning"), default="error",
                            help="Exit with status 1 when an issue at this level (or worse) is found.")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        if options["site"] and any(options[name] for name in ("url", "urls_from", "sitemap")):
            raise CommandError("Give either --url, --urls-from or --sitemap, or --site, not both.", returncode=2)
        if options["store"] and any(options[name] for name in ("url", "urls_from", "sitemap")):
            raise CommandError("--store keeps the findings of the site's own pages: use it with --site.", returncode=2)
        if options["state"] and any(options[name] for name in ("url", "urls_from", "sitemap")):
            raise CommandError("--state resumes a check of the site's own pages; it needs no source option.",
                               returncode=2)  # fmt: skip
        for name in ("concurrency", "image_host_limit", "max_pages"):
            if options[name] is not None and options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.", returncode=2)
        if options["delay"] < 0 or options["image_budget"] < 0:
            raise CommandError("--delay and --image-budget cannot be negative.", returncode=2)
        if not 0 < options["deadline"] <= 3600:
            raise CommandError("--deadline must be more than 0 seconds and at most an hour.", returncode=2)
        fetcher = self.fetcher(options)
        started = time.perf_counter()
        remote = self.remote_urls(options, fetcher)
        if remote is None and options["store"]:
            report = self.store_site(self.get_site(options["site"]))
        elif remote is None:
            site = self.get_site(options["site"])
            report = RunReport(self.check_site(site, max_pages=options["max_pages"], state=options["state"]))
        else:
            urls, notes = remote
            options["max_pages"] = options["max_pages"] or MAX_PAGES
            report = self.check_urls(urls, options, fetcher)
            report.notes[:0] = notes
        report.seconds = time.perf_counter() - started

        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        elif options["format"] == "junit":
            self.stdout.write(report.as_junit(options["fail_on"]), ending="")
        else:
            self.write_text(report)
        failing = report.failing(options["fail_on"])
        if failing:
            raise CommandError(f"{len(failing)} issue(s) at --fail-on={options['fail_on']} level.", returncode=1)

    # Where pages come from ----------------------------------------------------------------------

    def fetcher(self, options: dict[str, Any]) -> HttpFetcher:
        try:
            return HttpFetcher(
                allow_private=options["allow_private"], allow=options["allow_address"], deadline=options["deadline"]
            )
        except ValueError as error:
            raise CommandError(f"--allow-address: {error}.", returncode=2) from error

    def remote_urls(self, options: dict[str, Any], fetcher: HttpFetcher) -> tuple[list[str], list[Issue]] | None:
        """The pages to fetch over HTTP and what reading the sitemaps found, or None to render the site."""
        sources = [name for name in ("url", "urls_from", "sitemap") if options[name]]
        if not sources:
            return None
        urls = [_absolute(url, "--url") for url in options["url"]]
        if options["urls_from"]:
            path = Path(options["urls_from"])
            try:
                with path.open(encoding="utf-8") as file:
                    listed = urls_from_file(file)
            except OSError as error:
                raise CommandError(f"--urls-from: cannot read {path}: {error.strerror}.", returncode=2) from error
            urls += [_absolute(url, f"--urls-from ({path})") for url in listed]
        notes: list[Issue] = []
        if options["sitemap"]:
            sitemap = _absolute(options["sitemap"], "--sitemap")
            try:
                found = read_sitemaps(fetcher, sitemap, limit=options["max_pages"] or MAX_PAGES)
            except SitemapError as error:
                raise CommandError(f"--sitemap: {error}", returncode=2) from error
            urls += found.urls
            notes += found.issues
        return unique_urls(urls)[: options["max_pages"] or MAX_PAGES], notes

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

    def progress(self, items: Any, total: int | None = None) -> Any:
        from tqdm import tqdm

        return tqdm(items, total=total, unit="page", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)

    def check_site(
        self, site: Site, *, max_pages: int | None = None, state: str | None = None
    ) -> list[tuple[str, list[Issue]]]:
        """Render and check the site's pages one at a time (URLs read from the database in chunks).

        With ``state``, each result is appended to that file as soon as it is known (and flushed),
        and results already there are taken as they are: a run stopped for any reason resumes
        where it was.
        """
        renderer = SiteRenderer(site)
        results = read_state(state) if state else []
        done = {url for url, _issues in results}
        record = open_state(state) if state else None
        try:
            for url in self.progress(islice(renderer.iter_page_urls(), max_pages)):
                if url in done:
                    continue
                result = (url, renderer.check(url)[0])
                results.append(result)
                if record is not None:
                    record.write(json.dumps({"url": url, "issues": [i.as_dict() for i in result[1]]}) + "\n")
                    record.flush()
        finally:
            if record is not None:
                record.close()
        return results

    def store_site(self, site: Site) -> RunReport:
        from structured_data.check_runs import store_check_run

        run, pages = store_check_run(site, progress=lambda items: self.progress(items))
        results = []
        for page in pages:
            by_url: dict[str, list[Issue]] = {page.url: []}
            for issue, url in page.findings:
                by_url.setdefault(url or page.url, []).append(issue)
            results += list(by_url.items())
        self.stderr.write(f"Stored run {run.pk}: {run.pages_checked} page(s), {run.flagged} flagged.")
        return RunReport(results)

    def check_urls(self, urls: list[str], options: dict[str, Any], fetcher: HttpFetcher) -> RunReport:
        remote = RemoteOptions(
            concurrency=options["concurrency"],
            delay=options["delay"],
            image_budget=options["image_budget"],
            image_host_limit=options["image_host_limit"],
            check_images=not options["no_images"],
        )
        results, notes = check_remote(
            urls, remote, fetcher=fetcher, progress=lambda items: self.progress(items, total=len(urls))
        )
        return RunReport([(result.url, result.issues) for result in results], notes)

    # Output -------------------------------------------------------------------------------------

    def write_issue(self, issue: Issue) -> None:
        style = self.style.ERROR if issue.severity == "error" else self.style.WARNING
        self.stdout.write(f"  {style(issue.severity.ljust(7))} {issue.path or '(page)'}: {issue.message}")
        if issue.hint:
            self.stdout.write(f"          hint: {issue.hint}")

    def write_text(self, report: RunReport) -> None:
        for url, issues in report.pages:
            if not issues:
                continue
            self.stdout.write(url)
            for issue in issues:
                self.write_issue(issue)
        if report.notes:
            self.stdout.write("This run")
            for issue in report.notes:
                self.write_issue(issue)
        rows = report.by_rule()
        if rows:
            self.stdout.write("")
            self.stdout.write("By rule (issues, pages):")
            for row in rows:
                style = self.style.ERROR if row["severity"] == "error" else self.style.WARNING
                self.stdout.write(
                    f"  {style(row['severity'].ljust(7))} {row['rule'].ljust(24)} {row['issues']:>5} {row['pages']:>5}"
                    f"  {row['source']}"
                )
        summary = report.summary()
        status = self.style.SUCCESS if not summary["errors"] else self.style.ERROR
        self.stdout.write(status(
            f"Checked {summary['pages']} page(s) in {summary['seconds']:.1f}s: {summary['errors']} error(s), "
            f"{summary['warnings']} warning(s) on {summary['pages_with_issues']} page(s)."
        ))  # fmt: skip

"""Import articles from HTML pages (files, directories of them, or http(s) URLs) or a WordPress export.

    python manage.py import_articles SOURCE... [--parent PATH_OR_ID] [--publish | --draft]
                                     [--dry-run] [--update] [--update-authors] [--report FILE.csv|.json]
    python manage.py import_articles --wordpress export.xml [--uploads DIR] [--timezone ZONE] [...]

Each source is read, its structured data (JSON-LD, microdata, RDFa, OpenGraph, meta) extracted
field by field, and saved as an ArticlePage in its own transaction. One bad source never stops the
others; the exit status is non-zero if any failed.
"""

from __future__ import annotations

import logging
import zoneinfo
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importer import values
from importer.bulk import bulk_import
from importer.errors import ArticleImportError
from importer.pipeline import expand_sources, import_source
from importer.report import Report, ReportRow, check_report_path
from importer.save import resolve_parent

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Import articles from other sites' HTML (files, directories or http(s) URLs)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", metavar="SOURCE", help="An HTML file, a directory, or a URL.")
        parser.add_argument(
            "--wordpress",
            metavar="EXPORT.xml",
            help="A WordPress export (WXR). Its published posts are published (unless --draft); drafts, pending, "
            "scheduled and private posts are saved as drafts.",
        )
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="With --wordpress: the site's wp-content/uploads folder; images are read from it, never outside it.",
        )
        parser.add_argument(
            "--timezone",
            help="With --wordpress: the site's time zone, for posts without a UTC date (default: TIME_ZONE).",
        )
        parser.add_argument("--report", metavar="FILE", help="Write a per-item report, CSV or JSON by the suffix.")
        parser.add_argument(
            "--sitemap",
            metavar="URL",
            help="Crawl a live site's sitemap (or sitemap index): robots.txt obeyed, other hosts skipped.",
        )
        parser.add_argument("--urls-from", metavar="FILE", help="Import the page URLs listed in FILE, one a line.")
        parser.add_argument(
            "--since", metavar="DATE", help="With --sitemap/--urls-from: only articles published or changed since DATE."
        )
        parser.add_argument(
            "--delay", type=float, default=1.0, help="Seconds between requests to the site (default 1; "
            "robots.txt's Crawl-delay wins when longer)."
        )  # fmt: skip
        parser.add_argument("--concurrency", type=int, default=2, help="Pages fetched at once (default 2, at most 8).")
        parser.add_argument(
            "--parent",
            help="The home page or section to import into: a page id or a path like /news/. "
            "Defaults to the default site's home page, with sections matched (or created) by name.",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--publish", action="store_true", help="Publish the imported articles.")
        mode.add_argument("--draft", action="store_true", help="Save them as drafts (the default).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be imported; write nothing.")
        parser.add_argument(
            "--update", action="store_true", help="Update articles already imported from the same canonical URL."
        )
        parser.add_argument(
            "--update-authors",
            action="store_true",
            help="Let bylines fill blank fields of existing authors and add their profile links. Without it an "
            "existing author is never changed; what differs is reported.",
        )

    def handle(self, *args, **options):
        modes = [bool(options["sources"]), *(bool(options[m]) for m in ("wordpress", "sitemap", "urls_from"))]
        if sum(modes) != 1:
            raise CommandError("give one of SOURCE..., --wordpress EXPORT.xml, --sitemap URL or --urls-from FILE")
        try:
            report_path = check_report_path(options["report"])
            parent = resolve_parent(options["parent"])
        except (ArticleImportError, ValueError) as error:
            raise CommandError(str(error)) from None
        report = Report()
        # Search and reference indexes, stored graphs and one cache purge for the whole run, when it ends,
        # not once per page (importer/bulk.py).
        with bulk_import(self._catch_up_progress):
            if options["wordpress"]:
                self._wordpress(options, parent, report)
            elif options["sitemap"] or options["urls_from"]:
                self._crawl(options, parent, report)
            else:
                self._pages(options, parent, report)

        prefix = "Dry run, nothing written. Would have: " if options["dry_run"] else ""
        self.stdout.write(prefix + report.summary())
        for row in report.failed:
            self.stdout.write(f"  failed: {row.source}: {row.reason}")
        if report_path is not None:
            report.write(report_path)
            self.stdout.write(f"Report written to {report_path}")
        if report.failed:
            raise CommandError(f"{len(report.failed)} of {len(report.rows)} source(s) failed")

    def _wordpress(self, options, parent, report: Report) -> None:
        from importer.wordpress import import_wordpress

        export = Path(options["wordpress"])
        uploads = Path(options["uploads"]) if options["uploads"] else None
        if not export.is_file():
            raise CommandError(f"no such file: {export}")
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads: no such directory: {uploads}")
        if options["timezone"]:
            try:
                zoneinfo.ZoneInfo(options["timezone"])
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise CommandError(f"unknown time zone {options['timezone']!r}") from None
        progress_holder: list = []

        def progress_factory(total: int):
            progress = self._progress(total)
            progress_holder.append(progress)
            return progress

        def on_row(row: ReportRow) -> None:
            progress = progress_holder[0] if progress_holder else None
            self._show(progress, row, options)

        import_wordpress(
            export,
            parent=parent,
            report=report,
            uploads=uploads,
            publish=not options["draft"],
            update=options["update"],
            dry_run=options["dry_run"],
            time_zone=options["timezone"] or "",
            progress_factory=progress_factory,
            on_row=on_row,
        )

    def _crawl(self, options, parent, report: Report) -> None:
        from importer import crawl
        from importer.pipeline import Source, draft_for, load_image
        from importer.save import save_article

        since = None
        if options["since"]:
            since = values.date(options["since"])
            if since is None:
                raise CommandError(f"--since: not a date: {options['since']!r} (use YYYY-MM-DD)")
        robots_delay = 0.0
        try:
            if options["sitemap"]:
                if not values.url(options["sitemap"]):
                    raise CommandError(f"--sitemap: not an http(s) URL: {options['sitemap']}")
                planned = list(crawl.sitemap_entries(options["sitemap"], since))
                robots_delay = crawl.crawl_delay(options["sitemap"])
            else:
                path = Path(options["urls_from"])
                if not path.is_file():
                    raise CommandError(f"--urls-from: no such file: {path}")
                planned = crawl.urls_from(path)
        except ArticleImportError as error:
            raise CommandError(str(error)) from None
        todo = []
        for entry in planned:
            if isinstance(entry, crawl.Skip):
                report.add(ReportRow(entry.url, "skipped", entry.reason))
                continue
            done = None if options["update"] else crawl.already_imported(entry.url)
            if done is not None:
                report.add(ReportRow(entry.url, "skipped", f"already imported (id {done.pk})", done.title, done.pk))
            else:
                todo.append(entry.url)
        progress = self._progress(len(todo))
        fetched_pages = crawl.fetch_all(
            todo, delay=max(0.0, options["delay"]), concurrency=min(8, options["concurrency"]),
            robots_delay=robots_delay,
        )  # fmt: skip
        for url, page, error in fetched_pages:
            try:
                if error is not None:
                    raise error
                draft = draft_for(Source(url), page)
                newest = draft.date_modified or draft.date_published
                if since is not None and newest is not None and newest < since:
                    row = ReportRow(url, "skipped", "older than --since", draft.headline)
                else:
                    result = save_article(
                        draft, parent=parent, publish=options["publish"], update=options["update"],
                        dry_run=options["dry_run"], load_image=load_image, update_authors=options["update_authors"],
                    )  # fmt: skip
                    row = self._row(url, result, draft)
            except ArticleImportError as failure:
                row = ReportRow(url, "failed", str(failure))
            except Exception as failure:  # one bad page must not stop the others; say what it was
                logger.exception("unexpected error importing %s", url)
                row = ReportRow(url, "failed", f"unexpected error: {failure.__class__.__name__}: {failure}")
            report.add(row)
            self._show(progress, row, options)
            if progress is not None:
                progress.update(1)
        if progress is not None:
            progress.close()

    @staticmethod
    def _row(source: str, result, draft) -> ReportRow:
        return ReportRow(
            source,
            result.status,
            result.message if result.status == "skipped" else "",
            draft.headline,
            result.page.pk if result.page is not None else None,
            warnings=[*draft.warnings, *result.warnings],
            flags=list(draft.flags),
        )

    def _pages(self, options, parent, report: Report) -> None:
        try:
            sources = expand_sources(options["sources"])
        except ArticleImportError as error:
            raise CommandError(str(error)) from None
        if not sources:
            raise CommandError("no HTML files found in the given sources")
        progress = self._progress(len(sources))
        for source in sources:
            try:
                result, draft = import_source(
                    source,
                    parent=parent,
                    publish=options["publish"],
                    update=options["update"],
                    dry_run=options["dry_run"],
                    update_authors=options["update_authors"],
                )
            except ArticleImportError as error:
                row = ReportRow(str(source), "failed", str(error))
            except Exception as error:  # one bad source must not stop the others; say what it was
                logger.exception("unexpected error importing %s", source)
                row = ReportRow(str(source), "failed", f"unexpected error: {error.__class__.__name__}: {error}")
            else:
                row = ReportRow(
                    str(source),
                    result.status,
                    result.message if result.status == "skipped" else "",
                    draft.headline,
                    result.page.pk if result.page is not None else None,
                    warnings=[*draft.warnings, *result.warnings],
                    flags=list(getattr(draft, "flags", [])),
                )
                if options["verbosity"] >= 2 or options["dry_run"]:
                    fields = ", ".join(f"{name} ← {where}" for name, where in sorted(draft.provenance.items()))
                    row.detail = f"fields: {fields}"
                if draft.missing:
                    row.missing = draft.missing
            report.add(row)
            self._show(progress, row, options, message=result.message if row.status != "failed" else "")
            if progress is not None:
                progress.update(1)
        if progress is not None:
            progress.close()

    def _show(self, progress, row: ReportRow, options, message: str = "") -> None:
        if row.status == "failed":
            self._write(progress, self.style.ERROR(f"FAILED {row.source}: {row.reason}"))
            return
        if options["verbosity"] < 1:
            return
        said = message or row.reason or (f"“{row.title}”" + (f" (id {row.page_id})" if row.page_id else ""))
        self._write(progress, f"{row.status.upper()} {row.source}: {said}")
        if detail := getattr(row, "detail", ""):
            self._write(progress, f"    {detail}")
        if missing := getattr(row, "missing", None):
            self._write(progress, f"    missing: {', '.join(missing)}")
        for warning in row.warnings:
            self._write(progress, self.style.WARNING(f"    warning: {warning}"))
        for flag in row.flags:
            self._write(progress, self.style.WARNING(f"    uncertain: {flag}"))

    def _catch_up_progress(self, step: str, done: int, total: int) -> None:
        """After the import: a line per batch of what each page's publication left for the end."""
        self.stderr.write(f"Catching up, {step}: {done} of {total}")

    def _progress(self, total: int):
        stream = getattr(self.stderr, "_out", None)
        if total < 2 or stream is None or not getattr(stream, "isatty", lambda: False)():
            return None
        from tqdm import tqdm

        return tqdm(total=total, unit="page", file=stream, leave=False)

    def _write(self, progress, message: str) -> None:
        if progress is not None:
            progress.write(message, file=self.stdout._out)
        else:
            self.stdout.write(message)

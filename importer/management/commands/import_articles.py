"""Import articles from HTML pages: files, directories of them, or http(s) URLs.

    python manage.py import_articles SOURCE... [--parent PATH_OR_ID] [--publish | --draft]
                                     [--dry-run] [--update] [--update-authors]

Each source is read, its structured data (JSON-LD, microdata, RDFa, OpenGraph, meta) extracted
field by field, and saved as an ArticlePage in its own transaction. One bad source never stops the
others; the exit status is non-zero if any failed.
"""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError

from importer.errors import ArticleImportError
from importer.pipeline import expand_sources, import_source
from importer.save import resolve_parent

logger = logging.getLogger(__name__)
STATUS_COUNTS = {
    "imported": "imported", "would import": "imported", "updated": "updated", "would update": "updated",
    "skipped": "skipped",
}  # fmt: skip


class Command(BaseCommand):
    help = "Import articles from other sites' HTML (files, directories or http(s) URLs)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="SOURCE", help="An HTML file, a directory, or a URL.")
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
        verbosity = options["verbosity"]
        try:
            parent = resolve_parent(options["parent"])
            sources = expand_sources(options["sources"])
        except ArticleImportError as error:
            raise CommandError(str(error)) from None
        if not sources:
            raise CommandError("no HTML files found in the given sources")

        counts = {"imported": 0, "updated": 0, "skipped": 0}
        failures: list[tuple[str, str]] = []
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
                failures.append((str(source), str(error)))
                self._write(progress, self.style.ERROR(f"FAILED {source}: {error}"))
            except Exception as error:  # one bad source must not stop the others; say what it was
                logger.exception("unexpected error importing %s", source)
                failures.append((str(source), f"unexpected error: {error.__class__.__name__}: {error}"))
                self._write(progress, self.style.ERROR(f"FAILED {source}: {error.__class__.__name__}: {error}"))
            else:
                counts[STATUS_COUNTS[result.status]] += 1
                if verbosity >= 1:
                    self._write(progress, f"{result.status.upper()} {source}: {result.message}")
                    if verbosity >= 2 or options["dry_run"]:
                        fields = ", ".join(f"{name} ← {where}" for name, where in sorted(draft.provenance.items()))
                        self._write(progress, f"    fields: {fields}")
                    if draft.missing:
                        self._write(progress, f"    missing: {', '.join(draft.missing)}")
                    for warning in [*draft.warnings, *result.warnings]:
                        self._write(progress, self.style.WARNING(f"    warning: {warning}"))
            if progress is not None:
                progress.update(1)
        if progress is not None:
            progress.close()

        prefix = "Dry run, nothing written. Would have: " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{counts['imported']} imported, {counts['updated']} updated, {counts['skipped']} skipped, "
            f"{len(failures)} failed."
        )
        for source, reason in failures:
            self.stdout.write(f"  failed: {source}: {reason}")
        if failures:
            raise CommandError(f"{len(failures)} of {len(sources)} source(s) failed")

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

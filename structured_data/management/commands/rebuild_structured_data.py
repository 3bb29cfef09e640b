"""``manage.py rebuild_structured_data``: build and store every visible page's graph again.

    python manage.py rebuild_structured_data [--site HOSTNAME] [--batch-size N] [--no-progress]

Like Wagtail's ``update_index``: not needed in normal operation (pages store their graph when
published, and the export builds what is missing or stale), but after a deployment that changes a
schema, or to make the first export fast, run it once. Without ``--site`` every stored graph is
forgotten first, so graphs of pages no longer visible go too.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from structured_data import stored
from structured_data.export import ExportError, ExportOptions, iter_items

from .export_structured_data import Command as ExportCommand
from .export_structured_data import usage_error


class Command(BaseCommand):
    help = "Build and store the schema.org graph of every public, live page (used by export_structured_data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", help="Only this site's pages (hostname, or hostname:port). Default: every site.")
        parser.add_argument("--batch-size", type=int, default=None, help="Pages loaded together.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")

    def handle(self, *args: Any, **options: Any) -> None:
        from tqdm import tqdm

        export = ExportOptions(sites=ExportCommand().parse_sites(options["site"]))
        if options["batch_size"] is not None:
            if options["batch_size"] < 1:
                raise usage_error("--batch-size must be at least 1.")
            export.batch_size = options["batch_size"]
        if options["site"] is None:
            stored.drop_all()
        show = not options["no_progress"] and sys.stderr.isatty() and options["verbosity"] >= 1
        progress = tqdm(total=export.count() if show else None, unit="page", file=sys.stderr, disable=not show)
        count = 0
        try:
            for item in iter_items(export, progress, rebuild=True):
                count += item.own_text is not None
        except ExportError as error:
            raise CommandError(f"Rebuild failed on {error}") from error
        finally:
            progress.close()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Stored {count} page graph(s).")

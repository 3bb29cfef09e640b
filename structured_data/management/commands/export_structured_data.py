"""``manage.py export_structured_data``: every visible page's schema.org graph, streamed.

    python manage.py export_structured_data --format ndjson --output pages.ndjson
    python manage.py export_structured_data --format jsonld --site www.example.com --type NewsArticle -o - | gzip

Bad input (a malformed ``--since``, an unwritable ``--output``, an unknown ``--site`` or
``--type``) exits with status 2 before anything is written. The output file is written to a
temporary file beside it and renamed into place only when the export succeeded, so a failed run
leaves the previous file (or none) and never a partial one.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.models import Site

from structured_data.export import WRITERS, ExportError, ExportOptions, iter_items, page_models_for_type
from structured_data.registry import registry

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

USAGE_ERROR = 2


def usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


class Command(BaseCommand):
    help = "Export the schema.org graph of every public, live page as NDJSON or one JSON-LD document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=sorted(WRITERS),
            default="ndjson",
            help="ndjson: one page's graph a line (default); jsonld: one document, each node once.",
        )
        parser.add_argument("--output", "-o", default="-", help="File to write (atomically), or - for stdout.")
        parser.add_argument("--since", help="Only pages published at or after this ISO 8601 date or date-time.")
        parser.add_argument("--site", help="Only this site's pages (hostname, or hostname:port). Default: every site.")
        parser.add_argument(
            "--type",
            dest="schema_type",
            help="Only pages whose main entity is of this schema.org "
            "type or a subtype (NewsArticle includes OpinionNewsArticle, ...).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Pages loaded together (default: STRUCTURED_DATA['EXPORT_BATCH_SIZE']).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")

    def handle(self, *args: Any, **options: Any) -> None:
        since = self.parse_since(options["since"])  # checks needing no database first
        export = ExportOptions(
            sites=self.parse_sites(options["site"]), since=since, schema_type=self.parse_type(options["schema_type"])
        )
        if options["batch_size"] is not None:
            if options["batch_size"] < 1:
                raise usage_error("--batch-size must be at least 1.")
            export.batch_size = options["batch_size"]
        writer = WRITERS[options["format"]]
        output = options["output"]
        if output == "-":
            count = self.run(export, writer, _Unterminated(self.stdout), options)
        else:
            count = self.write_atomically(output, lambda out: self.run(export, writer, out, options))
        if output != "-" and options["verbosity"] >= 1:
            self.stderr.write(f"Exported {count} page graph(s) to {output}.")

    # Input ------------------------------------------------------------------------------------

    def parse_since(self, value: str | None) -> datetime.datetime | None:
        if value is None:
            return None
        try:
            parsed = parse_datetime(value)
            if parsed is None:
                day = parse_date(value)
                parsed = datetime.datetime.combine(day, datetime.time.min) if day else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise usage_error(
                f"--since {value!r} is not a date: use ISO 8601, e.g. 2024-05-01 or 2024-05-01T09:00+02:00."
            )
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def parse_sites(self, value: str | None) -> list[Site]:
        sites = Site.objects.select_related("root_page").order_by("-is_default_site", "hostname", "port")
        if value is None:
            return list(sites)
        hostname, _, port = value.partition(":")
        matching = sites.filter(hostname__iexact=hostname)
        if port:
            if not port.isdigit():
                raise usage_error(f"--site {value!r}: the port must be a number.")
            matching = matching.filter(port=int(port))
        found = list(matching)
        if not found:
            known = ", ".join(f"{site.hostname}:{site.port}" for site in sites) or "none"
            raise usage_error(f"--site {value!r} is not a Wagtail site (sites: {known}).")
        return found

    def parse_type(self, value: str | None) -> str | None:
        if value is None:
            return None
        if not page_models_for_type(value):
            known = sorted({t for schema in registry.schemas().values() for t in schema.declared_types()})
            raise usage_error(f"--type {value!r}: no page has a schema of that type (types: {', '.join(known)}).")
        return value

    # Output -----------------------------------------------------------------------------------

    def write_atomically(self, path: str, write: Callable[[TextIO], int]) -> int:
        """Write to a temporary file in ``path``'s directory, then rename it over ``path``."""
        path = os.path.abspath(path)
        directory = os.path.dirname(path)
        if os.path.isdir(path):
            raise usage_error(f"--output {path} is a directory.")
        try:
            fd, temp_path = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
        except OSError as error:
            raise usage_error(f"--output {path} cannot be written: {error.strerror or error}.") from error
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                count = write(out)
                out.flush()
                os.fsync(out.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_path, 0o666 & ~umask)  # mkstemp's 0600 would hide the export from the web server
            os.replace(temp_path, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_path)
            raise
        return count

    def run(
        self, export: ExportOptions, writer: Callable[..., int], out: SupportsWrite[str], options: dict[str, Any]
    ) -> int:
        from tqdm import tqdm

        show = not options["no_progress"] and sys.stderr.isatty() and options["verbosity"] >= 1
        progress = tqdm(total=export.count() if show else None, unit="page", file=sys.stderr, disable=not show)
        try:
            return writer(iter_items(export, progress), out)
        except ExportError as error:
            raise CommandError(f"Export failed on {error}") from error
        except OSError as error:
            raise CommandError(f"Export failed while writing: {error}") from error
        finally:
            progress.close()


class _Unterminated:
    """``self.stdout`` without the newline ``OutputWrapper`` adds to every write."""

    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

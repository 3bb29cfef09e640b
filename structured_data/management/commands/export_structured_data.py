"""``manage.py export_structured_data``: every visible page's schema.org graph, or news item, streamed.

    python manage.py export_structured_data --format ndjson --output pages.ndjson
    python manage.py export_structured_data --format jsonld --site www.example.com --type NewsArticle -o - | gzip
    python manage.py export_structured_data --format ninjs --type NewsArticle -o articles.ndjson
    python manage.py export_structured_data --format newsml -o newsml/          # one file per item
    python manage.py export_structured_data --format newsml -o newsml.zip       # the same, zipped

The news formats (:mod:`structured_data.formats`) report, at the end, what the pages' data could not
say (no byline, no picture, ...): counted, and listed page by page with ``-v 2``.

Bad input (a malformed ``--since``, an unwritable ``--output``, an unknown ``--site`` or
``--type``) exits with status 2 before anything is written. The output file is written to a
temporary file beside it and renamed into place only when the export succeeded, so a failed run
leaves the previous file (or none) and never a partial one.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.models import Site

from structured_data.export import WRITERS, ExportError, ExportOptions, iter_items, page_models_for_type
from structured_data.formats import NINJS, Format, formats, get_format
from structured_data.formats.export import (
    Summary,
    iter_news_items,
    iter_ninjs,
    write_directory,
    write_lines,
    write_zip,
)
from structured_data.registry import registry

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

USAGE_ERROR = 2


def usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


class Command(BaseCommand):
    help = (
        "Export the schema.org graph of every public, live page as NDJSON or one JSON-LD document, "
        "or each page as a news item (ninjs NDJSON, NewsML-G2 files in a folder or a zip)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=sorted([*WRITERS, *formats()]),
            default="ndjson",
            help="ndjson: one page's graph a line (default); jsonld: one document, each node once; "
            "ninjs: one ninjs item a line; newsml: one NewsML-G2 file per item (--output a folder or a .zip).",
        )
        parser.add_argument(
            "--output", "-o", default="-", help="File (or folder, for newsml) to write atomically, or - for stdout."
        )
        parser.add_argument(
            "--zip", action="store_true", help="newsml: write one zip file (also when -o ends in .zip)."
        )
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
        news_format = get_format(options["format"])
        if options["zip"] and news_format is None:
            raise usage_error(f"--zip: --format {options['format']} is one stream, not a file per item.")
        if news_format is not None:
            self.export_news(export, news_format, options)
            return
        writer = WRITERS[options["format"]]
        output = options["output"]
        if output == "-":
            count = self.run(export, writer, _Unterminated(self.stdout), options)
        else:
            count = self.write_atomically(output, lambda out: self.run(export, writer, out, options))
        if output != "-" and options["verbosity"] >= 1:
            self.stderr.write(f"Exported {count} page graph(s) to {output}.")

    def export_news(self, export: ExportOptions, news_format: Format, options: dict[str, Any]) -> None:
        """Write each page's news item: a line each (ninjs), or a file each in a folder or a zip (newsml)."""
        output = options["output"]
        summary = Summary()
        as_zip = options["zip"] or output.lower().endswith(".zip")
        if news_format.lines:
            if options["zip"]:
                raise usage_error(f"--zip: {news_format.name} is written one item a line, not as files.")

            def write(out: Any) -> int:
                return self.run_news(
                    export, lambda items: write_lines(items, out, news_format, summary), options,
                    stored=news_format.name == NINJS.name,
                )  # fmt: skip

            if output == "-":
                write(_Unterminated(self.stdout))
            else:
                self.write_atomically(output, write)
        elif output == "-":
            raise usage_error(f"--format {news_format.name} writes a file per item: give --output a folder or a .zip.")
        elif as_zip:
            self.write_atomically(
                output,
                lambda out: self.run_news(export, lambda items: write_zip(items, out, news_format, summary), options),
                binary=True,
            )
        else:
            self.write_directory_atomically(
                output,
                lambda path: self.run_news(
                    export, lambda items: write_directory(items, path, news_format, summary), options
                ),
            )
        self.report(summary, output, options)

    def report(self, summary: Summary, output: str, options: dict[str, Any]) -> None:
        """What was written, and what the pages' data could not say (never an error: items are written anyway)."""
        if options["verbosity"] < 1:
            return
        if output != "-":
            self.stderr.write(f"Exported {summary.count} item(s) to {output}.")
        if summary.items_with_problems:
            counted = ", ".join(f"{problem} ({count})" for problem, count in summary.problems.most_common())
            self.stderr.write(f"{len(summary.items_with_problems)} item(s) exported with something missing: {counted}.")
            if options["verbosity"] >= 2:
                for where, problems in summary.items_with_problems:
                    self.stderr.write(f"  {where}: {', '.join(problems)}")

    def run_news(
        self, export: ExportOptions, write: Callable[..., int], options: dict[str, Any], *, stored: bool = False
    ) -> int:
        """``stored``: ninjs, whose items are kept beside the stored graphs and written as kept."""
        iterate = iter_stored_ninjs if stored else iter_news_items
        return self.run(export, lambda items, _out: write(items), None, options, iterate=iterate)

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
            known = sorted({t for schema in registry.schemas().values() for t in schema._declared_types()})
            raise usage_error(f"--type {value!r}: no page has a schema of that type (types: {', '.join(known)}).")
        return value

    # Output -----------------------------------------------------------------------------------

    def write_directory_atomically(self, path: str, write: Callable[[str], int]) -> int:
        """Write files into a temporary folder beside ``path``, then rename it to ``path`` (absent or empty)."""
        path = os.path.abspath(path)
        if os.path.exists(path) and (not os.path.isdir(path) or os.listdir(path)):
            raise usage_error(f"--output {path} must be a new or empty folder (or end in .zip).")
        try:
            temp_path = tempfile.mkdtemp(dir=os.path.dirname(path), prefix=f".{os.path.basename(path)}.", suffix=".tmp")
        except OSError as error:
            raise usage_error(f"--output {path} cannot be written: {error.strerror or error}.") from error
        try:
            count = write(temp_path)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_path, 0o777 & ~umask)  # mkdtemp's 0700 would hide the export from the web server
            for name in os.listdir(temp_path):
                os.chmod(os.path.join(temp_path, name), 0o666 & ~umask)
            if os.path.isdir(path):
                os.rmdir(path)  # empty, checked above
            os.replace(temp_path, path)
        except BaseException:
            shutil.rmtree(temp_path, ignore_errors=True)
            raise
        return count

    def write_atomically(self, path: str, write: Callable[[Any], int], *, binary: bool = False) -> int:
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
            with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
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
        self,
        export: ExportOptions,
        writer: Callable[..., int],
        out: SupportsWrite[str] | None,
        options: dict[str, Any],
        *,
        iterate: Callable[..., Any] = iter_items,
    ) -> int:
        from tqdm import tqdm

        show = not options["no_progress"] and sys.stderr.isatty() and options["verbosity"] >= 1
        progress = tqdm(total=export.count() if show else None, unit="page", file=sys.stderr, disable=not show)
        try:
            return writer(iterate(export, progress), out)
        except ExportError as error:
            raise CommandError(f"Export failed on {error}") from error
        except OSError as error:
            raise CommandError(f"Export failed while writing: {error}") from error
        finally:
            progress.close()


def iter_stored_ninjs(export: ExportOptions, progress: Any) -> Any:
    return (item for _pk, item in iter_ninjs(export, progress))


class _Unterminated:
    """``self.stdout`` without the newline ``OutputWrapper`` adds to every write."""

    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

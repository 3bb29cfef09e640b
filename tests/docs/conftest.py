"""The documentation's tests read files only: no database, no Django request."""

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def root() -> pathlib.Path:
    return ROOT

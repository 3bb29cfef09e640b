"""The plugin's own test fixtures: each test starts with empty caches (cached site nodes, renditions)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _clear_caches() -> Iterator[None]:
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield

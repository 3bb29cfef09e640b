"""The page cache's own fixtures: a Wagtail site of plain pages, and empty caches for each test."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.conf import settings
from wagtail.models import Page, Site

HOST = "pagecache.test"


@pytest.fixture(autouse=True)
def _clear_caches() -> Iterator[None]:
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture
def plain_site(db) -> SimpleNamespace:
    """A site of its own (port 80, so URLs carry no port) with a home page and two children."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Cache home", slug="cache-home"))
    site = Site.objects.create(hostname=HOST, port=80, root_page=home, site_name="Cache")
    first = home.add_child(instance=Page(title="First", slug="first"))
    second = home.add_child(instance=Page(title="Second", slug="second"))
    return SimpleNamespace(site=site, home=home, first=first, second=second)

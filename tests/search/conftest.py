"""Reader search tests: one small newsroom per test class (setUpTestData), indexed as published.

Run on SQLite by default and on PostgreSQL with DATABASE_URL=postgres://... (the PostgreSQL-only
tests skip cleanly without it).
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client

from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph

SITE_HOST = "localhost"

on_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="PostgreSQL full-text search: set DATABASE_URL to a PostgreSQL database",
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def site_client() -> Client:
    """A client for the test site's host, from a fixed address (the rate limit counts per address)."""
    return Client(HTTP_HOST=SITE_HOST, REMOTE_ADDR="198.51.100.7")


def build_newsroom() -> SimpleNamespace:
    """Two sections, two authors and a handful of articles, each made for one of the tests' questions."""
    tree = build_site(sections=("Local", "Sports"))
    local, sports = tree.sections
    rita, tom = make_author("Rita Alvarez"), make_author("Tom Becker")
    harbor = make_image("Harbor", caption="Cranes over the container terminal", credit="Pat Lensman")
    tree.rita, tree.tom = rita, tom
    tree.headline = make_article(local, "Lighthouse keeper retires", authors=[rita], standfirst="A farewell.")
    tree.body_only = make_article(
        local,
        "Council meets on Tuesday",
        authors=[tom],
        standfirst="Budget talks resume.",
        body=[paragraph("<p>A question about the lighthouse was left for later.</p>")],
    )
    tree.captioned = make_article(
        sports,
        "Regatta season opens",
        authors=[tom],
        standfirst="Boats return to the bay.",
        body=[image_block(harbor), paragraph("<p>Sailors gathered at dawn.</p>")],
    )
    tree.captioned.tags.add("sailing")
    tree.captioned.save_revision().publish()
    tree.gated = make_article(
        local,
        "Inside the ferry contract",
        authors=[rita],
        standfirst="What the documents show.",
        access="subscribers",
        free_paragraphs=1,
        body=[
            paragraph("<p>The ferry operator signed in March.</p>"),
            paragraph("<p>The secret clause names a zeppelin subsidy.</p>"),
        ],
    )
    tree.draft = make_article(local, "Lighthouse draft never published", publish=False, standfirst="Draft.")
    return tree


def page_cache_settings(settings_module, **search) -> dict:
    """The settings a caching test overrides: the page cache on, and ``SITE_SEARCH`` changes."""
    return {
        "PAGE_CACHE": {**settings_module.PAGE_CACHE, "ENABLED": True},
        "SITE_SEARCH": {**getattr(settings_module, "SITE_SEARCH", {}), **search},
    }

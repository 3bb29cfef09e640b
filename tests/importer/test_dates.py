"""Publication dates for pages without structured ones, and no network while extracting anything."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from importer.extract import extract
from importer.mapping import map_article


def draft_for(head: str = "", body: str = "", url: str = "https://news.example/story") -> object:
    html = (
        f"<html><head><title>t</title>{head}</head><body><article><h1>Bridge closes</h1>{body}</article></body></html>"
    )
    return map_article(extract(html.encode(), url))


@pytest.mark.parametrize(
    ("head", "body", "url", "expected", "where"),
    [
        (
            '<meta name="pubdate" content="2026-03-04T09:15:00+01:00">',
            "",
            "https://n.example/a",
            "2026-03-04T09:15:00+01:00",
            "meta/time",
        ),
        (
            '<meta name="parsely-pub-date" content="2026-03-04T08:15:00Z">',
            "",
            "https://n.example/a",
            "2026-03-04T08:15:00+00:00",
            "meta/time",
        ),
        (
            '<meta name="dc.date.issued" content="2026-03-04">',
            "",
            "https://n.example/a",
            "2026-03-04T00:00:00-05:00",
            "meta/time",
        ),
        (
            "",
            '<p>x</p><time class="entry-date published" datetime="2026-03-04T10:00:00-08:00">March 4</time>',
            "https://n.example/a",
            "2026-03-04T10:00:00-08:00",
            "meta",
        ),
        (
            "",
            "<p>Published on 4 March 2026. The bridge closed at noon after inspectors found cracks.</p>",
            "https://n.example/a",
            "2026-03-04T00:00:00-05:00",
            "htmldate",
        ),
        (
            "",
            "<p>The bridge closed at noon after inspectors found cracks in the deck.</p>",
            "https://n.example/2026/03/04/bridge-closes",
            "2026-03-04T00:00:00-05:00",
            "htmldate",
        ),
    ],
)
def test_dates_without_structured_data(settings, head, body, url, expected, where):
    settings.TIME_ZONE = "America/New_York"
    draft = draft_for(head, body, url)
    assert draft.date_published == dt.datetime.fromisoformat(expected)
    assert draft.provenance["date_published"] == where


_events: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _events is not None and event.startswith(("socket.", "urllib.Request")):
        _events.append(event)


sys.addaudithook(_audit)


def test_extraction_never_touches_the_network():
    """Body (trafilatura), dates (htmldate) and structured data are read with no socket opened."""
    global _events
    _events = []
    try:
        draft = draft_for(
            '<link rel="canonical" href="https://n.example/2026/03/04/bridge">'
            '<meta property="og:image" content="/a.jpg">',
            "<p>The bridge closed at noon after inspectors found cracks in the deck on Tuesday.</p>"
            '<figure><img src="https://cdn.n.example/b.jpg">'
            "<figcaption>The bridge. Photo: Ana Ruiz</figcaption></figure>"
            "<p>Engineers said repairs would take a month and cost about two million dollars.</p>",
        )
        events = list(_events)
    finally:
        _events = None
    assert draft.date_published is not None and draft.body
    assert events == []

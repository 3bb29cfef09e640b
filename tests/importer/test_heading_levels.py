"""Imported headings keep the source's outline, fitted under the article's title: no level skipped."""

from __future__ import annotations

import pytest

from importer.extract import extract
from importer.mapping import fitted_headings, map_article

WORDS = "The harbour board published the season's figures on Tuesday after a long wait for the audit. "


def page(headings: str) -> bytes:
    return f"""<!doctype html><html lang="en"><head><title>Ferry figures</title>
<link rel="canonical" href="https://ledger.example/ferry-figures/"></head>
<body><article class="article-body"><h1>Ferry numbers rise for a third year</h1>
<p>{WORDS * 3}</p>{headings}<p>{WORDS * 2}</p></article></body></html>""".encode()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<h3>Routes</h3><p>x</p><h4>Skerry</h4><p>y</p><h3>Prices</h3>", ["h2", "h3", "h2"]),
        ("<h2>Routes</h2><p>x</p><h4>Skerry</h4>", ["h2", "h3"]),
        ("<h4>Only one</h4>", ["h2"]),
    ],
)
def test_source_headings_are_fitted(source, expected):
    source = source.replace("<p>x</p>", f"<p>{WORDS}</p>").replace("<p>y</p>", f"<p>{WORDS}</p>")
    draft = map_article(extract(page(source), "https://ledger.example/ferry-figures/"))
    assert [value["level"] for kind, value in draft.body if kind == "heading"] == expected


def test_fitted_headings_leaves_other_blocks_alone():
    blocks = [
        ("paragraph", "<p>a</p>"),
        ("heading", {"text": "A", "level": "h5"}),
        ("heading", {"text": "B", "level": "h6"}),
    ]
    assert fitted_headings(blocks) == [
        ("paragraph", "<p>a</p>"),
        ("heading", {"text": "A", "level": "h2"}),
        ("heading", {"text": "B", "level": "h3"}),
    ]

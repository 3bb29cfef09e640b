"""Imported tables become a table block (header and rows of text); lists stay lists."""

from __future__ import annotations

import pytest

from importer.extract import extract
from importer.mapping import map_article

WORDS = "The harbour board published the season's figures on Tuesday after a long wait for the audit. "

PAGE = f"""<!doctype html><html lang="en"><head><title>Ferry figures</title>
<meta property="og:title" content="Ferry numbers rise for a third year">
<link rel="canonical" href="https://ledger.example/ferry-figures/"></head>
<body><article class="article-body"><h1>Ferry numbers rise for a third year</h1>
<p>{WORDS * 3}</p>
<table><caption>Passengers by route</caption>
<thead><tr><th>Route</th><th>2023</th><th>2024</th></tr></thead>
<tbody><tr><td>Skerry</td><td>41,200</td><td>45,900</td></tr><tr><td>Holm</td><td>12,050</td><td>13,400</td></tr></tbody>
</table>
<p>{WORDS * 2}</p>
<ul><li>More sailings in August</li><li>A new pier at Holm</li></ul>
<p>{WORDS}</p></article></body></html>"""


@pytest.mark.parametrize("layout", ["article-body", "plain"])
def test_table_becomes_a_table_block(layout):
    html = PAGE if layout == "article-body" else PAGE.replace(' class="article-body"', "")
    draft = map_article(extract(html.encode(), "https://ledger.example/ferry-figures/"))
    tables = [value for kind, value in draft.body if kind == "table"]
    assert len(tables) == 1, draft.body
    assert tables[0]["header"] == ["Route", "2023", "2024"]
    assert tables[0]["caption"] == "Passengers by route"
    assert tables[0]["rows"] == [["Skerry", "41,200", "45,900"], ["Holm", "12,050", "13,400"]]
    assert not any(kind == "paragraph" and "Skerry" in value for kind, value in draft.body)
    lists = [value for kind, value in draft.body if kind == "paragraph" and value.startswith("<ul>")]
    assert lists and lists[0].count("<li>") == 2


def test_layout_table_of_one_column_is_not_a_table():
    from lxml import html

    from importer.mapping import table_block

    table = html.fragment_fromstring("<table><tr><td>Only text</td></tr><tr><td>More text</td></tr></table>")
    assert table_block(table) is None

"""Uncertain extractions are flagged per page, and a headline that is the site's name is replaced."""

from __future__ import annotations

import json

from importer.extract import extract
from importer.mapping import map_article

STORY = "Gales closed the causeway to Holm for six hours on Sunday and the coastguard asked drivers to wait. "
FURNITURE = "Subscribe to our newsletter. Follow us. "


def page(jsonld: dict, body: str, h1: str = "Storm closes the causeway to Holm") -> bytes:
    return f"""<!doctype html><html lang="en"><head><title>{h1} | The Quayside Ledger</title>
<meta property="og:site_name" content="The Quayside Ledger">
<link rel="canonical" href="https://ledger.example/storm-causeway/">
<script type="application/ld+json">{json.dumps(jsonld)}</script></head>
<body><h1>{h1}</h1>{body}</body></html>""".encode()


def test_headline_that_is_the_site_name_is_replaced_and_flagged():
    jsonld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "The Quayside Ledger",
              "publisher": {"@type": "Organization", "name": "The Quayside Ledger"}}  # fmt: skip
    draft = map_article(extract(page(jsonld, f"<article><p>{STORY * 4}</p></article>"), ""))
    assert draft.headline == "Storm closes the causeway to Holm"
    assert any("site name" in flag for flag in draft.flags)


def test_a_clean_page_has_no_flags():
    jsonld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm closes the causeway to Holm",
              "articleBody": STORY * 4}  # fmt: skip
    draft = map_article(extract(page(jsonld, f"<article><p>{STORY * 4}</p></article>"), ""))
    assert draft.flags == []


def test_body_disagreeing_with_article_body_is_flagged():
    other = "The council met on Tuesday to discuss the library budget and voted to extend the opening hours. "
    jsonld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm closes the causeway to Holm",
              "articleBody": other * 5}  # fmt: skip
    body = f"<article><p>{STORY * 6}</p></article>"
    draft = map_article(extract(page(jsonld, body), ""))
    assert draft.provenance["body"] == "json-ld articleBody"  # the better source
    assert any("took the articleBody" in flag for flag in draft.flags)


def test_layout_table_text_is_read_not_dropped():
    jsonld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm closes the causeway to Holm"}
    # the story sits in table cells the extractor reads past; only furniture is in paragraphs
    cells = "".join(f"<tr><td>{STORY}</td></tr>" for _ in range(12))
    body = f'<article class="article-body"><p>{FURNITURE}</p><table>{cells}</table><p>{FURNITURE}</p></article>'
    draft = map_article(extract(page(jsonld, body), ""))
    words = sum(len(v.split()) for k, v in draft.body if k == "paragraph")
    assert words > 150 and not any("body is short" in flag for flag in draft.flags)


def test_short_body_is_flagged():
    from importer.uncertain import review

    jsonld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm closes the causeway to Holm"}
    extraction = extract(page(jsonld, f'<article class="article-body"><p>{STORY * 12}</p></article>'), "")
    draft = map_article(extraction)
    assert not any("body is short" in flag for flag in draft.flags)
    draft.body = [("paragraph", f"<p>{FURNITURE}</p>")]  # what an extractor keeps of unusual markup
    assert any("body is short: 6 words" in flag for flag in review(draft, extraction))

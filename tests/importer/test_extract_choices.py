"""Choices the extraction makes on real-world markup: which JSON-LD node is the article, which authors
are people, what an HTML articleBody says."""

from __future__ import annotations

import json

from importer.extract import extract
from importer.mapping import body_text_of, map_article

BODY = (
    "Crews began dredging the harbor channel on Monday after two years of permits and lawsuits. "
    "The work will deepen the channel by six feet so that larger container ships can reach the terminal. "
    "Fishermen worry about the silt, and the port says it will monitor the water every week until spring."
)


def page(*nodes, body: str = "") -> bytes:
    scripts = "".join(f'<script type="application/ld+json">{json.dumps(node)}</script>' for node in nodes)
    return f"<html><head>{scripts}</head><body><h1>h</h1>{body}</body></html>".encode()


def test_the_page_s_article_wins_over_a_related_story_of_a_more_news_like_type():
    related = {"@type": "NewsArticle", "headline": "Other story", "url": "https://n.example/other"}
    own = {
        "@type": "Article", "headline": "Dredging begins", "datePublished": "2026-12-01T09:00:00Z",
        "author": {"@type": "Person", "name": "Rita Alvarez"}, "description": "The channel gets deeper.",
    }  # fmt: skip
    listing = {"@type": "ItemList", "itemListElement": [related]}
    draft = map_article(extract(page(listing, own), "https://n.example/dredging"))
    assert draft.headline == "Dredging begins"
    assert [a.name for a in draft.authors] == ["Rita Alvarez"]


def test_a_social_profile_url_is_not_an_author():
    head = (
        '<meta property="og:title" content="Dredging begins">'
        '<meta property="article:author" content="https://www.facebook.com/harbortimes">'
    )
    html = f"<html><head>{head}</head><body><p>{BODY}</p></body></html>".encode()
    assert map_article(extract(html, "https://n.example/dredging")).authors == []


def test_an_html_article_body_is_read_as_text():
    node = {
        "@type": "NewsArticle", "headline": "Dredging begins",
        "articleBody": "<p>" + BODY.replace(". ", ".</p><p>") + "</p>",
    }  # fmt: skip
    draft = map_article(extract(page(node), "https://n.example/dredging"))
    text = body_text_of(draft.body)
    assert "<p>" not in text and "Crews began dredging" in text
    assert len(draft.body) == 3


def test_a_description_that_repeats_the_first_paragraph_leaves_it_in_the_body():
    first, rest = BODY.split(". ", 1)
    html = (
        f'<html><head><meta name="description" content="{first}."></head><body><article><h1>Dredging begins</h1>'
        f"<p>{first}.</p><p>{rest}</p></article></body></html>"
    ).encode()
    draft = map_article(extract(html, "https://n.example/dredging"))
    assert draft.standfirst == f"{first}."
    assert body_text_of(draft.body).startswith(first)


def test_a_standfirst_printed_apart_is_not_repeated_in_the_body():
    html = (
        '<html><head><meta name="description" content="The channel gets deeper."></head><body><article>'
        f'<h1>Dredging begins</h1><p class="dek">The channel gets deeper.</p><p>{BODY}</p></article></body></html>'
    ).encode()
    draft = map_article(extract(html, "https://n.example/dredging"))
    assert body_text_of(draft.body) == BODY


def test_read_also_links_inside_the_text_are_left_out_and_the_title_loses_the_site_name():
    first, rest = BODY.split(". ", 1)
    html = (
        "<html><head><title>Dredging begins - Harbor Times</title></head><body><article><div class='entry-content'>"
        f"<p>{first}.</p><p><strong>Read also:</strong></p><ul><li><a href='/a'>Council delays the vote on "
        "parking fees for the third time this year</a></li><li><a href='/b'>Ten photos of the harbor over a "
        f"century</a></li></ul><p>{rest}</p></div></article></body></html>"
    ).encode()
    draft = map_article(extract(html, "https://n.example/dredging"))
    assert draft.headline == "Dredging begins"
    assert body_text_of(draft.body).replace("\n", " ") == BODY

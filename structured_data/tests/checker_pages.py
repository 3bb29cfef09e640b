"""Small pages for the rule tests: one article graph, a body, and helpers that run the checker on them."""

from __future__ import annotations

import json
from typing import Any

from structured_data.checker import Issue, check_html

URL = "https://paper.example/news/story/"
SITE = "https://paper.example/"


def article(**changes: Any) -> dict[str, Any]:
    """A NewsArticle that passes every rule on :func:`page`'s default body; ``changes`` replace properties."""
    node = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Tram line extension approved",
        "datePublished": "2026-11-30T09:00:00+00:00",
        "author": {"@type": "Person", "name": "Ada Brook", "url": SITE + "ada-brook/"},
        "publisher": {"@type": "NewsMediaOrganization", "name": "The Paper", "logo": SITE + "logo.png"},
        "image": [
            {"@type": "ImageObject", "url": SITE + f"img/tram-{w}x{h}.jpg", "width": w, "height": h,
             "caption": "A tram at the depot.", "creditText": "Lu Wei"}
            for w, h in ((1600, 900), (1600, 1200), (1200, 1200))
        ],
    }  # fmt: skip
    for key, value in changes.items():
        if value is None:
            node.pop(key, None)
        else:
            node[key] = value
    return node


BODY = """<h1>Tram line extension approved</h1><p class="byline">By Ada Brook</p>
<figure><img src="/img/tram.jpg"><figcaption>A tram at the depot. (Lu Wei)</figcaption></figure><p>Text.</p>"""


def page(*data: Any, body: str = BODY, head: str = "") -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{item if isinstance(item, str) else json.dumps(item)}</script>'
        for item in data
    )
    return f"<!DOCTYPE html><html><head><title>t</title>{head}{scripts}</head><body>{body}</body></html>"


def issues(html: str, **kwargs: Any) -> list[Issue]:
    return check_html(html, URL, **kwargs)


def codes(html: str, **kwargs: Any) -> list[str]:
    return [issue.code for issue in issues(html, **kwargs)]


def by_code(html: str, code: str, **kwargs: Any) -> list[Issue]:
    return [issue for issue in issues(html, **kwargs) if issue.code == code]

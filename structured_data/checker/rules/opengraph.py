"""OpenGraph against the JSON-LD: the same story, title and image for social cards and for search.

OpenGraph is neither schema.org nor Google's, so everything here is a consistency hint: warnings.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from ..document import Document, as_list
from ..issues import Issue
from ..registry import Rule, register
from ..text import normalise
from . import sources
from .graph import other_syntax_articles

OG_TITLE = Rule("og-title", "warning", sources.OPEN_GRAPH, "og:title and the headline tell two different stories.")
OG_IMAGE = Rule("og-image", "warning", sources.OPEN_GRAPH, "og:image is none of the article's images.")
ARTICLE_MISSING = Rule(
    "article-missing", "warning", sources.OPEN_GRAPH, "og:type says article but no syntax describes an Article."
)


def _same_title(a: str, b: str) -> bool:
    """Equal, or one inside the other ("Headline | Site", "Live: Headline")."""
    a, b = normalise(a), normalise(b)
    return bool(a) and bool(b) and (a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def _comparable_url(url: str, base: str) -> str:
    split = urlsplit(urljoin(base, url.strip().replace("&amp;", "&")))
    return f"{split.netloc.lower()}{split.path}?{split.query}"


@register(OG_TITLE, OG_IMAGE)
def opengraph_matches(doc: Document) -> Iterator[Issue]:
    if not doc.main_articles:
        return
    node = doc.main_articles[0][1]
    headline = node.get("headline")
    og_titles = doc.opengraph.get("og:title", [])
    if og_titles and isinstance(headline, str) and not _same_title(og_titles[0], headline):
        yield OG_TITLE.issue(
            f"og:title {og_titles[0]!r} differs from the headline {headline!r}.",
            "og:title",
            "Use the same title in OpenGraph and JSON-LD.",
        )
    og_images = [url for url in doc.opengraph.get("og:image", []) if url.strip()]
    if not og_images:
        return
    urls = set()
    for raw in as_list(node.get("image")):
        image = doc.resolve(raw)
        if isinstance(image, str):
            urls.add(_comparable_url(image, doc.url))
        elif isinstance(image, dict):
            for key in ("url", "contentUrl", "thumbnailUrl"):
                for value in as_list(image.get(key)):
                    if isinstance(value, str):
                        urls.add(_comparable_url(value, doc.url))
    if urls and not any(_comparable_url(url, doc.url) in urls for url in og_images):
        yield OG_IMAGE.issue(
            f"og:image {og_images[0]} is not one of the article's images.",
            "og:image",
            "Use one of the JSON-LD images for og:image.",
        )


@register(ARTICLE_MISSING)
def article_described(doc: Document) -> Iterator[Issue]:
    og_types = [value.strip().lower() for value in doc.opengraph.get("og:type", [])]
    if "article" in og_types and not doc.articles and not other_syntax_articles(doc):
        yield ARTICLE_MISSING.issue(
            "og:type says article, but no Article is described.",
            "",
            "Add a NewsArticle (or another Article type) to the JSON-LD.",
        )

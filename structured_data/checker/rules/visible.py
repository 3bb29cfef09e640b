"""The markup against what a reader sees: bylines, image captions and credits, the headline.

Google's general guidelines rule out marking up content readers cannot see, so a Person named as
author, or a caption or credit, that the page does not show is an error. "Shows" is judged on the
words (see :mod:`..text`): letter case, typographic quotes and dashes, spacing, brackets, separators,
"By" and "Photo:" prefixes and the order of caption and credit do not matter, and neither do the
class names a theme uses. The headline may differ from the ``<h1>`` (Google's Article documentation
does not ask them to be equal: a " | Site" suffix, an SEO headline), so a headline the page does not
show at all is only a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document, as_list, path_of
from ..extract import text_of
from ..issues import Issue
from ..registry import Rule, register
from ..text import VisibleText, clean_markup_text, normalise, significant_words, strip_prefix
from . import sources
from .article import article_authors

HEADLINE_MISMATCH = Rule(
    "headline-mismatch",
    "warning",
    sources.GOOGLE_ARTICLE_PROPERTIES,
    "The headline is neither in an <h1> nor elsewhere on the page (it need not be equal to the <h1>).",
)
BYLINE_MISMATCH = Rule(
    "byline-mismatch",
    "error",
    sources.GOOGLE_CONTENT,
    "A Person named as author whom the page does not show: marked-up content must be visible.",
)
BYLINE_ORGANIZATION = Rule(
    "byline-organization",
    "warning",
    sources.GOOGLE_ARTICLE_AUTHOR,
    "An Organization author whose name the page does not show in text (often shown as a logo).",
)
CAPTION_MISMATCH = Rule(
    "caption-mismatch",
    "error",
    sources.GOOGLE_CONTENT,
    "An image caption the page does not show: marked-up content must be visible.",
)
CREDIT_MISMATCH = Rule(
    "credit-mismatch",
    "error",
    sources.GOOGLE_CONTENT,
    "An image credit the page does not show: marked-up content must be visible.",
)

#: Elements that hold bylines on real sites, whatever the theme calls them.
BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or self::address"
    " or contains(translate(@class, 'BYLINEAUTHORWRIE', 'bylineauthorwrie'), 'byline')"
    " or contains(translate(@class, 'AUTHOR', 'author'), 'author')"
    " or contains(translate(@class, 'CONTRIBUTOR', 'contributor'), 'contributor')"
    " or contains(translate(@class, 'WRITER', 'writer'), 'writer')"
    " or contains(translate(@id, 'BYLINEAUTHOR', 'bylineauthor'), 'byline')"
    " or contains(translate(@id, 'AUTHOR', 'author'), 'author')]"
)
#: Where captions and credits sit on real sites (quoted in messages; matching reads the whole page).
CAPTION_XPATH = (
    "//figcaption | //figure | //*[contains(translate(@class, 'CAPTION', 'caption'), 'caption')"
    " or contains(translate(@class, 'CREDIT', 'credit'), 'credit')]"
)


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if not isinstance(value, str) or not value.strip():
        return None
    return strip_prefix(clean_markup_text(value)).strip() or None


@register(HEADLINE_MISMATCH)
def headline_shown(doc: Document) -> Iterator[Issue]:
    for label, node in doc.main_articles:
        headline = _text(node.get("headline"))
        if headline is None:
            continue
        wanted = normalise(headline)
        h1s = [VisibleText(h1) for h1 in doc.elements("//h1")]
        if any(h1.shows(headline) or (str(h1) and f" {h1} " in f" {wanted} ") for h1 in h1s):
            continue
        if doc.visible.shows(headline):
            continue
        shown = repr(text_of(doc.elements("//h1")[0])) if h1s else "no <h1>"
        yield HEADLINE_MISMATCH.issue(
            f"The headline {headline!r} is not shown on the page (the <h1> reads {shown}).",
            f"{label}.headline",
            "Search may show the headline; make it one readers see, or at least one the <h1> contains.",
        )


@register(BYLINE_MISMATCH, BYLINE_ORGANIZATION)
def byline_shown(doc: Document) -> Iterator[Issue]:
    bylines: list[VisibleText] | None = None
    shown = ""
    for label, node in doc.main_articles:
        for path, author in article_authors(doc, node, label):
            name = _text(author.get("name")) if isinstance(author, dict) else _text(author)
            if name is None or doc.visible.shows_name(name):
                continue
            if bylines is None:
                elements = doc.elements(BYLINE_XPATH)
                bylines = VisibleText.of(elements)
                shown = " / ".join(dict.fromkeys(repr(t) for t in map(text_of, elements) if t))[:300]
                shown = shown or "no byline element"
            if any(byline.has_words(significant_words(name, name=True)) for byline in bylines):
                continue  # "Doe, Jane", "Jane Q. Doe" shown as "Doe, Jane"
            if isinstance(author, dict) and doc.is_a(author, "Organization") and not doc.is_a(author, "Person"):
                yield BYLINE_ORGANIZATION.issue(
                    f"The author {name!r} is not named on the page ({shown}).",
                    f"{path}.name",
                    "Show the organisation's name in the byline, or name the people who wrote it.",
                )
                continue
            yield BYLINE_MISMATCH.issue(
                f"The author {name!r} is not in the visible byline ({shown}).",
                f"{path}.name",
                "List the same authors, with the same names, in the markup and the byline.",
            )


@register(CAPTION_MISMATCH, CREDIT_MISMATCH)
def captions_shown(doc: Document) -> Iterator[Issue]:
    reported: set[tuple[str, str]] = set()
    captions: list[VisibleText] | None = None
    for label, node in doc.main_articles:
        raw = node.get("image")
        for index, item in enumerate(as_list(raw)):
            image = doc.resolve(item)
            if not isinstance(image, dict):
                continue
            path = path_of(label, "image", raw, index)
            for prop, rule in (("caption", CAPTION_MISMATCH), ("creditText", CREDIT_MISMATCH)):
                value = _text(image.get(prop))
                if value is None or (prop, normalise(value)) in reported or doc.visible.shows(value):
                    continue
                if captions is None:
                    captions = VisibleText.of(doc.elements(CAPTION_XPATH))
                # Every word that matters, in one caption: "Jane Doe via Getty Images" shown as "Jane Doe/Getty Images".
                if any(caption.has_words(significant_words(value)) for caption in captions):
                    continue
                reported.add((prop, normalise(value)))
                shown = [text_of(element) for element in doc.elements(CAPTION_XPATH)]
                listed = ", ".join(repr(text) for text in dict.fromkeys(t for t in shown if t)) or "none"
                yield rule.issue(
                    f"The image {prop} {value!r} is not what the page's figcaptions show ({listed[:400]}).",
                    f"{path}.{prop}",
                    "Captions and credits in the markup must be the visible ones.",
                )

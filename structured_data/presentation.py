"""How a page will look in a search result and as a social card, read from its HTML.

The structured-data preview mode shows both next to the JSON-LD: what Google usually shows of the
``<title>``, the meta description and the URL, and what social networks show of the OpenGraph and
Twitter card tags. Read from the rendered page (as a crawler reads it), not from the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html

#: Where Google usually cuts a title and a description off, in characters (it measures pixels).
TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 155
#: What social cards usually show.
SOCIAL_TITLE_LIMIT = 70
SOCIAL_DESCRIPTION_LIMIT = 200
#: Between the parts of the URL in a result (Google writes a single right-pointing angle quotation mark).
BREADCRUMB_SEPARATOR = " \u203a "


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary before ``limit`` characters, with an ellipsis, as results show it."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:-\u2013\u2014")
    return f"{cut}…"


@dataclass
class Presentation:
    title: str = ""
    description: str = ""
    url: str = ""
    display_url: str = ""
    og: dict[str, str] = field(default_factory=dict)
    hints: list[str] = field(default_factory=list)

    @property
    def result_title(self) -> str:
        return shorten(self.title, TITLE_LIMIT)

    @property
    def result_description(self) -> str:
        return shorten(self.description, DESCRIPTION_LIMIT)

    @property
    def card_title(self) -> str:
        return shorten(self.og.get("og:title") or self.og.get("twitter:title") or self.title, SOCIAL_TITLE_LIMIT)

    @property
    def card_description(self) -> str:
        text = self.og.get("og:description") or self.og.get("twitter:description") or self.description
        return shorten(text, SOCIAL_DESCRIPTION_LIMIT)

    @property
    def card_image(self) -> str:
        return self.og.get("og:image") or self.og.get("twitter:image") or ""

    @property
    def card_site(self) -> str:
        return self.og.get("og:site_name") or urlsplit(self.url).hostname or ""


def read_presentation(html: str, url: str) -> Presentation:
    """The search-result and social-card values of ``html`` (the page at ``url``), with length hints."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return Presentation(url=url, hints=["The page could not be read."])
    titles = tree.xpath("//head/title")
    title = " ".join(titles[0].text_content().split()) if titles else ""
    descriptions = tree.xpath("//head/meta[@name='description']/@content")
    canonical = tree.xpath("//head/link[@rel='canonical']/@href")
    og: dict[str, str] = {}
    for meta in tree.xpath("//head/meta[@property or @name]"):
        key = meta.get("property") or meta.get("name") or ""
        if key.startswith(("og:", "twitter:")) and key not in og:
            og[key] = meta.get("content") or ""
    page_url = canonical[0] if canonical else url
    parts = urlsplit(page_url)
    crumbs = [part for part in parts.path.split("/") if part]
    presentation = Presentation(
        title=title,
        description=" ".join((descriptions[0] if descriptions else "").split()) or og.get("og:description", ""),
        url=page_url,
        display_url=BREADCRUMB_SEPARATOR.join([f"{parts.scheme}://{parts.netloc}", *crumbs]),
        og=og,
    )
    checks = (
        ("title", presentation.title, TITLE_LIMIT, "The title"),
        ("description", presentation.description, DESCRIPTION_LIMIT, "The description"),
        ("og:title", og.get("og:title", ""), SOCIAL_TITLE_LIMIT, "The social title"),
        ("og:description", og.get("og:description", ""), SOCIAL_DESCRIPTION_LIMIT, "The social description"),
    )
    for _name, value, limit, label in checks:
        if len(value) > limit:
            presentation.hints.append(f"{label} has {len(value)} characters; about {limit} are shown.")
    if not presentation.title:
        presentation.hints.append("The page has no <title>.")
    if not presentation.description:
        presentation.hints.append("The page has no meta description: search engines will pick a snippet.")
    if not presentation.card_image:
        presentation.hints.append("The social card has no image.")
    return presentation

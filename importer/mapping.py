"""Map an :class:`~.extract.Extraction` to an :class:`ArticleDraft`: plain data, no database.

Whatever shape the page's values have, the result is bounded, typed and safe to save, or an
:class:`ArticleImportError` says why there is no article. The body is the page's main content as
trafilatura finds it (:mod:`.maincontent`), checked against the page's own ``articleBody`` (see
:func:`choose_body`); authors go through the byline parser (:mod:`.bylines`).
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from django.conf import settings
from lxml import etree
from lxml_html_clean import Cleaner

from articles.headings import fitted_levels, level_number
from structured_data import xml_text

from . import bylines, canonical, shingles, values
from .bylines import Byline
from .captions import split_caption_text
from .errors import NoArticleError
from .extract import STANDFIRST_XPATH
from .maincontent import main_content_items

# Limits follow the model fields the draft is saved into.
MAX_HEADLINE = 255
MAX_STANDFIRST = 600
MAX_DATELINE = 120
MAX_NAME = 255
MAX_BIO = 500
MAX_CAPTION = 2000
MAX_CREDIT = 255
MAX_AUTHORS = 20
MAX_IMAGES = 30
MAX_BLOCKS = 400
MAX_PARAGRAPH_HTML = 20_000

ALLOWED_TAGS = ("p", "b", "i", "a", "ol", "ul", "li", "sup", "sub", "s", "br")
TAG_RENAMES = {"strong": "b", "em": "i", "strike": "s", "del": "s", "cite": "i"}
SKIP_TAGS = frozenset({
    "script", "style", "nav", "aside", "header", "footer", "form", "noscript", "iframe", "template", "button",
    "svg", "video", "audio", "object", "embed", "select", "input", "textarea", "menu", "dialog",
})  # fmt: skip
# Tags the body walker turns into blocks of their own; anything else holding none of BLOCK_TAGS is
# inline content (text, links, emphasis) and becomes one paragraph.
HANDLED_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "img", "table"})
BLOCK_TAGS = HANDLED_TAGS | {"p", "ul", "ol", "div", "section", "article", "main"}


def _has_class(name: str) -> str:
    """An XPath test for elements whose ``class`` list includes ``name``."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


BODY_SELECTORS = (
    '//*[@itemprop="articleBody"]', '//*[@property="articleBody"]',
    *(f"//*[{_has_class(name)}]" for name in ("article__body", "article-body", "story-body", "entry-content")),
    "//article", "//main",
)  # fmt: skip
ARTICLE_TYPE_NAMES = {
    "AnalysisNewsArticle": "analysis", "OpinionNewsArticle": "opinion", "ReviewNewsArticle": "review",
    "BackgroundNewsArticle": "background", "ReportageNewsArticle": "reportage",
}  # fmt: skip
CREDIT_XPATH = (
    f'.//*[@itemprop="creditText" or @property="creditText" or {_has_class("credit")} or {_has_class("photo-credit")}]'
)
CAPTION_XPATH = f'.//*[@itemprop="caption" or @property="caption" or {_has_class("caption")}]'

_cleaner = Cleaner(
    scripts=True,
    javascript=True,
    comments=True,
    style=True,
    inline_style=True,
    links=True,
    meta=True,
    page_structure=True,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    annoying_tags=True,
    remove_unknown_tags=False,
    allow_tags=ALLOWED_TAGS,
    safe_attrs_only=True,
    safe_attrs=frozenset({"href"}),
)


@dataclass
class AuthorDraft:
    name: str
    url: str = ""
    description: str = ""
    image_url: str = ""
    job_title: str = ""
    organisation: str = ""
    is_organisation: bool = False  # an agency or staff byline ("Associated Press", "Staff Reports")


@dataclass
class ImageDraft:
    url: str
    caption: str = ""
    credit: str = ""
    copyright_notice: str = ""
    creator: str = ""
    license_url: str = ""
    acquire_license_url: str = ""
    alt_text: str = ""


@dataclass
class ArticleDraft:
    headline: str
    standfirst: str = ""
    date_published: dt.datetime | None = None
    date_modified: dt.datetime | None = None
    authors: list[AuthorDraft] = field(default_factory=list)
    images: list[ImageDraft] = field(default_factory=list)  # the first is the lead photo
    section: str = ""
    tags: list[str] = field(default_factory=list)
    dateline: str = ""
    body: list[tuple[str, Any]] = field(default_factory=list)  # ("paragraph", html) | ("image", ImageDraft) ...
    slug: str = ""  # the slug the original had, where the source says (WordPress's post_name)
    source_url: str = ""  # the canonical URL
    publisher: str = ""  # who published the original
    text_hash: str = ""  # recognises a page without a URL on a second import
    language: str = ""
    article_type: str = "news"
    provenance: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # where the extraction is uncertain (see uncertain.py)

    @property
    def lead_image(self) -> ImageDraft | None:
        return self.images[0] if self.images else None


# Authors and images ----------------------------------------------------------------------------


SOCIAL_HOSTS = frozenset({
    "facebook.com", "www.facebook.com", "m.facebook.com", "twitter.com", "www.twitter.com", "x.com", "www.x.com",
    "instagram.com", "www.instagram.com", "linkedin.com", "www.linkedin.com", "threads.net", "www.threads.net",
})  # fmt: skip


def _is_organisation_node(node: dict) -> bool:
    return any(name.endswith("Organization") or name == "Corporation" for name in values.types(node))


def map_authors(raw: Any, base_url: str) -> list[AuthorDraft]:
    """Authors from whatever the page gave (nodes, names, profile URLs), each name through the byline
    parser: "By JANE ROE and JOHN DOE, Reuters" is two people with Reuters as their organisation."""
    authors: list[AuthorDraft] = []
    seen: set[tuple[str, str]] = set()
    for item in values.as_list(raw)[:200]:
        if isinstance(item, str):
            as_url = values.url(item, base_url) if "/" in item else ""
            node: dict = {"url": item} if as_url else {"name": item}
        elif isinstance(item, dict):
            node = item
        else:
            continue
        url = values.url(node.get("url") or (node.get("@id") if "name" not in node else None), base_url)
        name = values.text(node.get("name"), MAX_NAME)
        if not name:
            given, family = values.text(node.get("givenName")), values.text(node.get("familyName"))
            name = values.text(f"{given} {family}", MAX_NAME)
        if not name and url and urlsplit(url).hostname in SOCIAL_HOSTS:
            continue  # article:author as a social profile URL: no name to give
        if not name and url:
            # Only a profile URL: its last path segment is the best name we have ("jane-roe" → "Jane Roe").
            slug = url.rstrip("/").rsplit("/", 1)[-1]
            name = values.text(slug.replace("-", " ").replace("_", " ").title(), MAX_NAME)
        if not name:
            continue
        works_for = values.text(node.get("worksFor") or node.get("affiliation"), MAX_NAME)
        job_title = values.text(node.get("jobTitle"), MAX_NAME)
        if _is_organisation_node(node):
            people = [Byline(bylines.agency(name) or bylines.proper_case(name), is_organisation=True)]
        else:
            people = bylines.parse_byline(name)
        for person in people:
            key = (person.name.lower(), url if len(people) == 1 else "")
            if key in seen or any(person.name.lower() == seen_name for seen_name, _ in seen if not key[1]):
                continue
            seen.add(key)
            authors.append(
                AuthorDraft(
                    name=person.name,
                    url=url if len(people) == 1 else "",  # a profile URL belongs to one person
                    description=values.text(node.get("description"), MAX_BIO) if len(people) == 1 else "",
                    image_url=values.url(node.get("image"), base_url) if len(people) == 1 else "",
                    job_title=job_title or person.job_title,
                    organisation=works_for or person.organisation,
                    is_organisation=person.is_organisation,
                )
            )
            if len(authors) >= MAX_AUTHORS:
                return authors
    return authors


def skipped_image(raw: Any, warnings: list[str] | None) -> None:
    """Say why a photo the page names is left out: only http(s) URLs are fetched, never local paths."""
    named = values.text(raw, 200)
    if warnings is not None and named and not named.lower().startswith("data:"):  # data: = a lazy-load placeholder
        warnings.append(
            f"image {named!r} skipped: not an http(s) URL, and no <base href> or canonical URL to resolve it "
            "against (local paths are never opened)"
        )


def map_image(item: Any, base_url: str, warnings: list[str] | None = None) -> ImageDraft | None:
    node = item if isinstance(item, dict) else {"url": item}
    urls = (values.url(node.get(key), base_url) for key in ("contentUrl", "url", "@id"))
    url = next(filter(None, urls), "")
    if not url:
        skipped_image(node.get("contentUrl") or node.get("url"), warnings)
        return None
    caption, credit = values.text(node.get("caption"), MAX_CAPTION), values.credit(node.get("creditText"), MAX_CREDIT)
    if caption and not credit:
        caption, credit = split_caption_text(caption)
    return ImageDraft(
        url=url,
        caption=caption,
        credit=values.credit(credit, MAX_CREDIT),
        copyright_notice=values.text(node.get("copyrightNotice"), MAX_CREDIT),
        creator=values.text(node.get("creator") or node.get("author"), MAX_CREDIT),
        license_url=values.url(node.get("license"), base_url, 200),
        acquire_license_url=values.url(node.get("acquireLicensePage"), base_url, 200),
        alt_text=values.text(node.get("alternativeText") or node.get("name"), MAX_CREDIT),
    )


def map_images(raw: Any, base_url: str, warnings: list[str] | None = None) -> list[ImageDraft]:
    images: list[ImageDraft] = []
    seen: set[str] = set()
    for item in values.as_list(raw)[:200]:
        image = map_image(item, base_url, warnings)
        if image is None:
            continue
        if image.url in seen:  # the same photo in several crops: keep the first
            continue
        seen.add(image.url)
        images.append(image)
        if len(images) >= MAX_IMAGES:
            break
    return images


# Body ------------------------------------------------------------------------------------------


def split_caption(figcaption) -> tuple[str, str]:
    """(caption, credit) from a ``<figcaption>``: a marked credit element, else a bracketed tail."""
    credit_elements = figcaption.xpath(CREDIT_XPATH)
    credit = ""
    if credit_elements:
        credit = values.text(credit_elements[0].text_content())
        caption_elements = figcaption.xpath(CAPTION_XPATH)
        if caption_elements:
            caption = values.text(caption_elements[0].text_content())
        else:
            full = values.text(figcaption.text_content())
            caption = full.replace(credit, "").strip()
    else:
        # In the text: "Photo: ...", "Credit: ...", "(...)", "© ...", "... — Name/Agency".
        caption, credit = split_caption_text(values.text(figcaption.text_content()))
    return values.text(caption, MAX_CAPTION), values.credit(credit, MAX_CREDIT)


def figure_image(figure, base_url: str, warnings: list[str] | None = None) -> ImageDraft | None:
    img = next(figure.iter("img"), None)
    if img is None:
        return None
    src = img.get("src") or img.get("data-src") or (img.get("srcset") or "").split(" ")[0]
    url = values.url(src, base_url)
    if not url:
        skipped_image(src, warnings)
        return None
    figcaption = next(figure.iter("figcaption"), None)
    caption, credit = split_caption(figcaption) if figcaption is not None else ("", "")
    if not credit:  # a credit beside the caption rather than in it
        outside = [e for e in figure.xpath(CREDIT_XPATH) if figcaption is None or e not in figcaption.iter()]
        if outside:
            credit = values.credit(outside[0].text_content(), MAX_CREDIT)
    return ImageDraft(url=url, caption=caption, credit=credit, alt_text=values.text(img.get("alt"), MAX_CREDIT))


def clean_fragment(element) -> str:
    """The element as our rich text: allowed tags only, ``href`` only (http, https, mailto)."""
    for child in element.iter():
        if isinstance(child.tag, str) and child.tag in TAG_RENAMES:
            child.tag = TAG_RENAMES[child.tag]
    try:
        cleaned = _cleaner.clean_html(element)
    except (ValueError, TypeError, etree.LxmlError):
        return ""
    for anchor in cleaned.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not (values.url(href) or href.startswith("mailto:")):
            anchor.attrib.pop("href", None)
    return lxml.html.tostring(cleaned, encoding="unicode", method="html").strip()


def _paragraph(element) -> tuple[str, str] | None:
    if not values.text(element.text_content()):
        return None
    element = _copy(element)
    element.tag = "p" if element.tag not in ("ul", "ol") else element.tag
    element.attrib.clear()
    if element.text:
        element.text = element.text.lstrip()
    html = clean_fragment(element)
    if not html or len(html) > MAX_PARAGRAPH_HTML:
        return None
    return ("paragraph", html)


def _copy(element):
    """A detached copy without the text that follows the element (its tail belongs to the parent).

    Control characters the HTML parser let through are left out: lxml refuses them in any text
    set afterwards, and they mean nothing in an article.
    """
    clone = copy.deepcopy(element)
    clone.tail = None
    for node in clone.iter():
        for attribute in ("text", "tail"):  # the clone's own tail is None
            value = getattr(node, attribute)
            if value and (cleaned := xml_text(value)) != value:
                setattr(node, attribute, cleaned)
    return clone


def _holds_blocks(element) -> bool:
    return any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element.iterdescendants())


def _text_paragraph(text: str | None) -> tuple[str, str] | None:
    """Loose text between blocks (a container's text, an element's tail) as a paragraph of its own."""
    line = values.text(text)
    if not line:
        return None
    element = lxml.html.Element("p")
    element.text = line
    return ("paragraph", lxml.html.tostring(element, encoding="unicode"))


def fitted_headings(blocks: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The source's headings (``h1``-``h6``, with its own outline) fitted under the article's title
    (``articles.headings``): the first becomes a heading (``h2``), siblings stay siblings, none skips a
    level: a story whose sections are ``h3`` and ``h4`` keeps its shape as ``h2`` and ``h3``."""
    headings = [value for kind, value in blocks if kind == "heading"]
    levels = fitted_levels(level_number(value["level"]) for value in headings)
    for value, level in zip(headings, levels, strict=True):
        value["level"] = f"h{level}"
    return blocks


def body_from_html(container, base_url: str, warnings: list[str]) -> list[tuple[str, Any]]:
    """Walk the main content in reading order: paragraphs, headings, pull quotes, captioned photos."""
    blocks: list[tuple[str, Any]] = []
    # (children still to read, the container they belong to); the container's tail is read after them.
    stack: list[tuple[Any, Any]] = [(iter([container]), None)]
    while stack and len(blocks) < MAX_BLOCKS:
        element = next(stack[-1][0], None)
        if element is None:
            _children, finished = stack.pop()
            if finished is not None and (tail_block := _text_paragraph(finished.tail)):
                blocks.append(tail_block)
            continue
        depth = len(stack) - 1  # 0 for the main content element itself, whose tail is not ours
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in SKIP_TAGS:
            if depth and (tail_block := _text_paragraph(element.tail)):
                blocks.append(tail_block)
            continue
        if tag in ("p", "ul", "ol") or (tag not in HANDLED_TAGS and not _holds_blocks(element)):
            # a paragraph, a list, or a container of inline content only (a <div> of text and links)
            block = _paragraph(element)
            if block:
                blocks.append(block)
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            heading = values.text(element.text_content(), 255)
            if heading:
                blocks.append(("heading", {"text": heading, "level": tag}))  # fitted on return
        elif tag == "blockquote":
            cites = element.xpath(".//cite|.//footer")
            attribution = values.text(cites[0].text_content(), 255) if cites else ""
            for cite in cites:
                cite.drop_tree()
            quote = values.text(element.text_content(), 2000)
            if quote:
                blocks.append(("quote", {"quote": quote, "attribution": attribution.lstrip(values.DASHES)}))
        elif tag == "figure":
            image = figure_image(element, base_url, warnings)
            if image:
                blocks.append(("image", image))
        elif tag == "img":
            url = values.url(element.get("src"), base_url)
            if url:
                blocks.append(("image", ImageDraft(url=url, alt_text=values.text(element.get("alt"), 255))))
            else:
                skipped_image(element.get("src"), warnings)
        elif tag == "table":
            if block := table_block(element):
                blocks.append(block)
            elif depth < 64:  # a layout table: its cells hold text (or blocks) to read in order
                stack.append((iter(element.xpath("./tr/td|./*/tr/td|./tr/th|./*/tr/th")), element if depth else None))
                continue
        elif tag != "h1" and depth < 64:  # containers (div, section, span...): look inside
            if text_block := _text_paragraph(element.text):
                blocks.append(text_block)
            stack.append((iter(element), element if depth else None))
            continue  # its tail is read once its children are
        if depth and (tail_block := _text_paragraph(element.tail)):
            blocks.append(tail_block)
    if len(blocks) >= MAX_BLOCKS:
        warnings.append(f"the body was cut at {MAX_BLOCKS} blocks")
    return blocks


MAX_CELL = 2000
MAX_ROWS = 500
MAX_COLUMNS = 30


def _table(rows: list[list[str]], header: list[str], caption: str = "") -> tuple[str, dict] | None:
    """A table block's value, rows padded to one width; ``None`` for a table without text (layout)."""
    rows = [row[:MAX_COLUMNS] for row in rows[:MAX_ROWS] if any(row)]
    header = header[:MAX_COLUMNS]
    if not rows:
        return None
    width = max(len(header), *(len(row) for row in rows))
    if width == 1 and not header:  # a one-column "table" is a layout box or a list: text, not a table
        return None
    pad = lambda cells: [*cells, *[""] * (width - len(cells))]  # noqa: E731
    return (
        "table",
        {"caption": values.text(caption, 255), "header": pad(header) if header else [], "rows": [pad(r) for r in rows]},
    )


def table_block(table) -> tuple[str, dict] | None:
    """An HTML ``<table>`` as a table block: its header row (``<thead>`` or a first row of ``<th>``) as the
    column headings, every other row's cells as text."""
    rows, header = [], []
    for row in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        cells = row.xpath("./td|./th")
        texts = [values.text(cell.text_content(), MAX_CELL) for cell in cells]
        in_head = row.getparent().tag == "thead" or (
            not rows and not header and cells and all(c.tag == "th" for c in cells)
        )
        if in_head and not header:
            header = texts
        else:
            rows.append(texts)
    captions = table.xpath("./caption")
    return _table(rows, header, captions[0].text_content() if captions else "")


def _extracted_table(element, tree) -> tuple[str, dict] | None:
    """trafilatura's table as a block: the page's own ``<table>`` with the same text where it can be
    found (its header and caption are exact there), else the extracted rows, head cells as the header."""
    rows, heads = [], []
    for row in element.iter("row"):
        cells = list(row.iter("cell"))
        rows.append([values.text(" ".join(cell.itertext()), MAX_CELL) for cell in cells])
        heads.append(bool(cells) and all(cell.get("role") == "head" or not values.text(cell.text) for cell in cells))
    if tree is not None and rows:
        wanted = " ".join(cell for cell in rows[-1] if cell)
        for table in tree.iter("table"):
            if wanted and wanted in values.text(table.text_content()) and not table.xpath(".//table"):
                return table_block(table)
    caption = ""
    if rows and heads[0] and sum(1 for cell in rows[0] if cell) == 1 and len(rows) > 1:
        caption, rows, heads = next(cell for cell in rows[0] if cell), rows[1:], heads[1:]
    header = rows[0] if rows and heads[0] else []
    return _table(rows[1:] if header else rows, header, caption)


def body_from_text(text: str) -> list[tuple[str, Any]]:
    """articleBody is plain text: blank lines (or single newlines) separate paragraphs."""
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text.replace("\r", "") else text.split("\n")
    return [block for part in parts[:MAX_BLOCKS] if (block := _text_paragraph(part))]


def main_content(tree):
    if tree is None:
        return None
    for selector in BODY_SELECTORS:
        found = tree.xpath(selector)
        if found:
            return found[0]
    bodies = tree.xpath("//body")
    return bodies[0] if bodies else None


# The draft -------------------------------------------------------------------------------------


def _dateline(raw: Any) -> str:
    return values.text(raw, MAX_DATELINE).rstrip(values.DASHES).strip()


def _language(raw: Any) -> str:
    code = values.text(raw, 20).replace("_", "-").lower()
    codes = [lang for lang, _name in settings.LANGUAGES]
    if code in codes:
        return code
    return code.split("-")[0] if code.split("-")[0] in codes else ""


def map_article(extraction) -> ArticleDraft:
    """The draft an extraction describes; :class:`NoArticleError` if it has no headline."""
    fields = extraction.fields if isinstance(extraction.fields, dict) else {}
    base = extraction.base_url if isinstance(extraction.base_url, str) else ""
    warnings = list(extraction.warnings or [])
    headline = values.text(fields.get("headline"), MAX_HEADLINE)
    if not headline:
        raise NoArticleError("no headline: the page says nothing we recognise as an article")
    types = values.as_list(fields.get("article_type"))
    article_type = next(
        (ARTICLE_TYPE_NAMES[t] for t in types if isinstance(t, str) and t in ARTICLE_TYPE_NAMES), "news"
    )
    draft = ArticleDraft(
        headline=headline,
        standfirst=values.text(fields.get("standfirst"), MAX_STANDFIRST),
        date_published=values.date(fields.get("date_published")),
        date_modified=values.date(fields.get("date_modified")),
        authors=map_authors(fields.get("authors"), base),
        images=map_images(fields.get("images"), base, warnings),
        section=values.text(fields.get("section"), 255),
        tags=values.keywords(fields.get("tags")),
        dateline=_dateline(fields.get("dateline")),
        source_url=values.url(fields.get("canonical_url"), base),
        publisher=values.text(fields.get("publisher"), 255),
        language=_language(fields.get("language")),
        article_type=article_type,
        provenance=dict(extraction.provenance or {}),
        missing=list(extraction.missing or []),
        warnings=warnings,
    )
    choose_body(draft, extraction, fields, base, warnings)
    if not draft.body:
        draft.missing.append("body")
    _merge_figures(draft)
    from .uncertain import review  # it reads this module's helpers

    draft.flags = review(draft, extraction)
    draft.text_hash = canonical.text_hash(draft.headline, body_text_of(draft.body))
    return draft


# Main content ----------------------------------------------------------------------------------

_HI_TAGS = {"#b": "b", "#i": "i", "#u": "i", "#t": "i", "#sub": "sub", "#sup": "sup", "#s": "s"}
_BOILERPLATE = re.compile(
    r"^(?:advertisement|advertising|anzeige|publicité|publicidad|sponsored|read more\b.*|related\b.*|"
    r"(?:also )?read:.*|more:.*|(?:sign up|subscribe)\b.{0,120}|share (?:this|on)\b.{0,60}|follow us\b.{0,80}|"
    r"(?:©|copyright)\s.{0,120}|all rights reserved\.?|click here\b.{0,80}|"
    r"(?:published|updated|posted|last updated|modified)\b[^.]{0,60}(?:\s(?:updated|modified)\b[^.]{0,60})?|"
    r"(?:read|see) also\b.{0,150}|more on this\b.{0,150}|recommended\b.{0,150}|lesen sie (?:auch|mehr)\b.{0,150}|"
    r"(?:à )?lire aussi\b.{0,150}|lea también\b.{0,150}|leer más\b.{0,150}|te puede interesar\b.{0,150}|"
    r"leggi anche\b.{0,150})$",
    re.IGNORECASE,
)
#: How much of a block's text must be in a whole-text articleBody for the block to be kept.
IN_REFERENCE = 0.5
#: Below this share of the site's own body element, the extractor missed the article: walk the element.
#: (Low, because that element also holds the share bars and link lists the extractor rightly leaves out.)
FALLBACK_RECALL = 0.4
#: How much of the articleBody the kept blocks must hold for the HTML to be preferred to it.
HTML_RECALL = 0.85


def _inline(element):
    """A trafilatura inline element (``hi``, ``ref``, ``lb``) as our HTML."""
    if element.tag == "hi":
        out = lxml.html.Element(_HI_TAGS.get(element.get("rend", ""), "b"))
    elif element.tag == "ref":
        out = lxml.html.Element("a")
        href = values.url(element.get("target"))
        if href:
            out.set("href", href)
    elif element.tag == "lb":
        out = lxml.html.Element("br")
    else:
        out = lxml.html.Element("span")
    out.text = element.text
    for child in element:
        if isinstance(child.tag, str):
            out.append(_inline(child))
    out.tail = element.tail
    return out


def _as_html(element, tag: str):
    out = lxml.html.Element(tag)
    out.text = (element.text or "").lstrip() or None
    for child in element:
        if isinstance(child.tag, str):
            out.append(_inline(child))
    return out


def _links_only(listing) -> bool:
    """Whether every item of a trafilatura list is a link and nothing else."""
    items = list(listing.iter("item"))
    if not items:
        return False
    for item in items:
        text = values.text(" ".join(item.itertext()))
        linked = values.text(" ".join(t for ref in item.iter("ref") for t in ref.itertext()))
        if not text or linked != text:
            return False
    return True


def _serialise(element) -> str:
    """Our HTML for an element built by :func:`_as_html`: it holds only allowed tags (spans unwrapped)
    and http(s) links already, so the full cleaner is not needed."""
    for span in list(element.iter("span")):
        span.drop_tag()
    return lxml.html.tostring(element, encoding="unicode", method="html").strip()


def _figure_for(tree, src: str):
    """The page's ``<figure>`` (or the image's own container) holding the image trafilatura kept."""
    if tree is None or not src:
        return None

    def tail(url: str) -> str:  # trafilatura may have resolved or cleaned the URL: compare file names
        return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]

    wanted = tail(src)
    for img in tree.iter("img"):
        if any(tail(img.get(attribute) or "") == wanted for attribute in ("src", "data-src", "data-original")):
            figures = img.xpath("ancestor::figure[1]")
            return figures[0] if figures else None
    return None


def blocks_from_main_content(items, tree, base_url: str, warnings: list[str]) -> list[tuple[str, Any]]:
    """trafilatura's elements as our blocks: paragraphs (with bold, italic, links), headings, quotes,
    lists, table rows, and photos with the caption and credit of the page's own figure."""
    blocks: list[tuple[str, Any]] = []
    for kind, element in items[:MAX_BLOCKS]:
        text = values.text(" ".join(element.itertext()))
        if kind in ("p", "code"):
            if text and not _BOILERPLATE.match(text):
                html = _serialise(_as_html(element, "p"))
                if html and len(html) <= MAX_PARAGRAPH_HTML:
                    blocks.append(("paragraph", html))
        elif kind == "head":
            if text:
                level = element.get("rend") if element.get("rend") in ("h1", "h2", "h3", "h4", "h5", "h6") else "h3"
                blocks.append(("heading", {"text": values.text(text, 255), "level": level}))  # fitted on return
        elif kind == "quote":
            if text:
                blocks.append(("quote", {"quote": values.text(text, 2000), "attribution": ""}))
        elif kind == "list":
            if _links_only(element):
                continue  # a list of links inside the text: related stories, not the article
            tag = "ol" if element.get("rend") == "ol" else "ul"
            listing = lxml.html.Element(tag)
            for item in element.iter("item"):
                if values.text(" ".join(item.itertext())):
                    listing.append(_as_html(item, "li"))
            if len(listing):
                html = _serialise(listing)
                if html and len(html) <= MAX_PARAGRAPH_HTML:
                    blocks.append(("paragraph", html))
        elif kind == "table":
            if block := _extracted_table(element, tree):
                blocks.append(block)
        elif kind == "graphic":
            src = element.get("src") or ""
            figure = _figure_for(tree, src)
            image = figure_image(figure, base_url, warnings) if figure is not None else None
            if image is None:
                url = values.url(src, base_url)
                if url:
                    image = ImageDraft(url=url, alt_text=values.text(element.get("alt"), MAX_CREDIT))
                else:
                    skipped_image(src, warnings)
            if image is not None:
                blocks.append(("image", image))
    return blocks


def _block_text(block: tuple[str, Any]) -> str:
    return body_text_of([block])


def _shown_apart(tree, text: str) -> bool:
    """Whether the page prints ``text`` as a standfirst of its own (a dek, summary or subtitle element,
    or a heading), rather than as the first paragraph its description repeats."""
    if tree is None or not text:
        return False
    wanted = " ".join(shingles.words(text))
    return any(
        " ".join(shingles.words(element.text_content())) == wanted
        for element in [*tree.xpath(STANDFIRST_XPATH), *tree.iter("h2", "h3")]
    )


def _without_repeats(blocks: list[tuple[str, Any]], draft: ArticleDraft, tree=None) -> list[tuple[str, Any]]:
    """Leave out what the draft has as fields: the headline, the standfirst (where the page shows it
    apart from the body: a description that repeats the first paragraph keeps it), a byline line."""
    texts = [draft.headline, draft.standfirst if _shown_apart(tree, draft.standfirst) else ""]
    repeats = {" ".join(shingles.words(text)) for text in texts if text}
    names = [author.name.casefold() for author in draft.authors]
    kept = []
    for number, block in enumerate(blocks):
        text = " ".join(shingles.words(_block_text(block)))
        if block[0] != "image" and text in repeats:
            continue
        byline_like = text.startswith("by ") or any(text == name or text.startswith(f"{name} ") for name in names)
        if number < 4 and block[0] == "paragraph" and names and len(text.split()) <= 12 and byline_like:
            continue
        kept.append(block)
    return kept


_KNOWN_BODY_XPATH = (
    "(//*["
    + " or ".join(_has_class(name) for name in ("article__body", "article-body", "story-body", "entry-content"))
    + "])[1]"
)


def _visible_text(element) -> str:
    """The element's text without what the body walker skips (scripts, forms, navigation...)."""
    parts = []
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag in SKIP_TAGS:
            continue
        if node.text:
            parts.append(node.text)
        if node is not element and node.tail and node.getparent() is not None and node.getparent().tag not in SKIP_TAGS:
            parts.append(node.tail)
    return " ".join(parts)


def _known_body(tree):
    """The body element a CMS names with a class we know (``entry-content``, ``article-body``, ...)."""
    if tree is None:
        return None
    found = tree.xpath(_KNOWN_BODY_XPATH)
    return found[0] if found else None


def _marked_body(tree):
    """The element the page marks as its ``articleBody`` (microdata or RDFa), if any."""
    if tree is None:
        return None, ""
    for selector, syntax in (BODY_SELECTORS[0], "microdata"), (BODY_SELECTORS[1], "rdfa"):
        found = tree.xpath(selector)
        if found:
            return found[0], syntax
    return None, ""


def choose_body(draft: ArticleDraft, extraction, fields: dict, base: str, warnings: list[str]) -> None:
    """The body: the main content as trafilatura finds it, checked against the page's own
    ``articleBody`` where there is one. A JSON-LD ``articleBody`` that is the whole text (not a teaser:
    it is compared with what the HTML holds) removes extracted blocks it does not contain, and replaces
    the HTML when the HTML holds too little of it (a paywalled page's teaser)."""
    tree = getattr(extraction, "tree", None)
    draft.provenance.pop("body_text", None)
    if tree is not None:
        # A dateline run into the first paragraph (as our own pages do) is the field, not body text.
        for element in tree.xpath(f"//*[{_has_class('dateline')}]"):
            if not draft.dateline:
                draft.dateline = _dateline(element.text_content())
            element.drop_tree()
    marked, marked_syntax = _marked_body(tree)
    body_text = values.long_text(fields.get("body_text"))
    if "<" in body_text:  # some CMSs put HTML in articleBody: its text, a paragraph per block
        body_text = html.unescape(re.sub(r"<(?:/p|br\s*/?|/div|/h\d|/li)>", "\n\n", body_text, flags=re.IGNORECASE))
        body_text = values.long_text(re.sub(r"<[^>]{0,2000}>", " ", body_text))
    jsonld_text = body_text if extraction.provenance.get("body_text") == "json-ld" else ""
    reference, reference_syntax = jsonld_text, "json-ld"
    if not reference and marked is not None:
        reference, reference_syntax = marked.text_content(), marked_syntax

    items = main_content_items(tree) if tree is not None else None
    blocks = blocks_from_main_content(items, tree, base, warnings) if items else []
    source = "html"
    if not blocks and tree is not None:  # the extractor found nothing: the old walker over the likeliest element
        container = marked if marked is not None else main_content(tree)
        if container is not None:
            blocks = body_from_html(container, base, warnings)
            source = "html (whole article element)"
    container = marked if marked is not None else _known_body(tree)
    if container is not None and blocks and source == "html":
        # trafilatura can miss most of a short or unusual page: the page's own body element is the check
        container_text = _visible_text(container)
        _precision, recall = shingles.precision_recall(body_text_of(blocks), container_text)
        if len(shingles.words(container_text)) >= 20 and recall < FALLBACK_RECALL:
            blocks, source = body_from_html(copy.deepcopy(container), base, warnings), "html (whole article element)"
    blocks = _without_repeats(blocks, draft, tree)

    reference_words = shingles.words(reference)
    if len(reference_words) >= 25:
        html_words = len(shingles.words(body_text_of(blocks)))
        teaser = reference_syntax == "json-ld" and (
            len(reference_words) < 0.6 * html_words
            or (reference.rstrip().endswith(("…", "...", "[…]")) and len(reference_words) < html_words)
        )
        if not teaser:
            whole = shingles.shingles(reference_words)
            whole_text = " ".join(reference_words)
            kept = [
                b
                for b in blocks
                if b[0] == "image" or shingles.contained(_block_text(b), whole, whole_text) >= IN_REFERENCE
            ]
            _precision, recall = shingles.precision_recall(body_text_of(kept), reference)
            if recall >= HTML_RECALL:
                blocks, source = kept, f"html, checked against {reference_syntax} articleBody"
            elif reference_syntax == "json-ld":
                images = [b for b in blocks if b[0] == "image"]
                blocks, source = body_from_text(reference) + images, "json-ld articleBody"
            elif marked is not None:
                blocks, source = (
                    _without_repeats(body_from_html(marked, base, warnings), draft, tree),
                    f"{reference_syntax} articleBody",
                )
    # Headings fitted last: a heading that repeated the title (the source's h1) is gone by now.
    draft.body = fitted_headings(_without_captions(blocks))
    draft.provenance["body"] = source


def _without_captions(blocks: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Text the extractor kept beside a photo that is that photo's caption and credit."""
    captions = set()
    for kind, value in blocks:
        if kind == "image":
            for text in (value.caption, f"{value.caption} ({value.credit})", f"{value.caption} {value.credit}"):
                if value.caption:
                    captions.add(" ".join(shingles.words(text)))
    if not captions:
        return blocks
    return [b for b in blocks if b[0] == "image" or " ".join(shingles.words(_block_text(b))) not in captions]


def body_text_of(body: list[tuple[str, Any]]) -> str:
    """The body's words as plain text, one block a line (for hashing and for measuring)."""
    lines = []
    for kind, value in body:
        if kind == "paragraph":
            lines.append(values.text(value))
        elif kind == "heading":
            lines.append(value["text"])
        elif kind == "quote":
            lines.append(value["quote"])
        elif kind == "table":
            lines.extend(" ".join(row) for row in [value.get("header") or [], *value.get("rows", [])] if any(row))
    return "\n".join(line for line in lines if line)


def _merge_figures(draft: ArticleDraft) -> None:
    """Body photos and structured-data photos describe the same files: each fills the other's gaps."""
    by_url = {image.url: image for image in draft.images}
    for kind, value in draft.body:
        if kind != "image":
            continue
        known = by_url.get(value.url)
        if known is None:
            continue
        for name in (
            "caption",
            "credit",
            "copyright_notice",
            "creator",
            "license_url",
            "acquire_license_url",
            "alt_text",
        ):
            if not getattr(known, name) and getattr(value, name):
                setattr(known, name, getattr(value, name))
            if not getattr(value, name) and getattr(known, name):
                setattr(value, name, getattr(known, name))
    # The lead photo is shown above the body: do not repeat it as the body's first photo.
    lead = draft.lead_image
    if lead is not None:
        draft.body = [(k, v) for k, v in draft.body if not (k == "image" and v.url == lead.url)]
    elif not draft.images and draft.body and draft.body[0][0] == "image":
        draft.images = [draft.body[0][1]]
        draft.body = draft.body[1:]
    draft.body = draft.body[:MAX_BLOCKS]

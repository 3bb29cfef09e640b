"""Parse a page safely and read what it says about its article, field by field, with provenance.

Parsing uses lxml's HTML parser with ``no_network=True`` and ``huge_tree=False``. The HTML parser
never expands entities declared in a DOCTYPE (it has no ``resolve_entities`` switch because it does
not need one); a DOCTYPE that declares entities is refused outright, since no real news page has one.
libxml2 stops at its own limits (text nodes over 10 MB, nesting over 256) and would hand back a
silently truncated tree: we read its error log and report those as :class:`ParseError` instead.

Syntaxes are read in order of preference, JSON-LD, microdata, RDFa, then OpenGraph and plain meta
tags, and each field is taken from the first syntax that gives a usable value for it.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from extruct.opengraph import OpenGraphExtractor
from extruct.rdfa import RDFaExtractor
from extruct.w3cmicrodata import MicrodataExtractor
from extruct.xmldom import XmlDomHTMLParser
from lxml import etree

from . import canonical, dates, values
from .conf import get_setting
from .errors import ParseError

logger = logging.getLogger(__name__)

SYNTAXES = ("json-ld", "microdata", "rdfa", "opengraph", "meta")
FIELDS = (
    "headline", "standfirst", "date_published", "date_modified", "authors", "images", "section", "tags",
    "dateline", "body_text", "canonical_url", "language", "article_type", "publisher",
)  # fmt: skip
# Fields we report as missing when no syntax gives them (the body is judged later, from the HTML too).
REPORTED_FIELDS = tuple(
    f for f in FIELDS if f not in ("body_text", "canonical_url", "language", "article_type", "publisher")
)

ARTICLE_TYPES = (
    "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
    "BackgroundNewsArticle", "AskPublicNewsArticle", "Article", "BlogPosting", "Report", "LiveBlogPosting",
    "ScholarlyArticle", "TechArticle", "SatiricalArticle",
)  # fmt: skip
_ARTICLE_PROPERTIES = (
    "headline", "datePublished", "author", "articleBody", "image", "publisher", "description", "dateModified",
    "mainEntityOfPage", "articleSection",
)  # fmt: skip
_ARTICLE_RANK = {name: rank for rank, name in enumerate(ARTICLE_TYPES)}  # lower is more news-like
MAX_JSONLD_BLOCKS = 50
MAX_NODES = 10_000
_ENTITY_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]{0,1000}\[", re.IGNORECASE)
DATELINE_XPATH = '//*[contains(concat(" ", normalize-space(@class), " "), " dateline ")]'
_CLASSES = "concat(' ', normalize-space(@class), ' ')"


def _any_class(*names: str) -> str:
    """One XPath test for elements with any of the class names (one pass over the tree, not one each)."""
    return " or ".join(f"contains({_CLASSES}, ' {name} ')" for name in names)


STANDFIRST_XPATH = (
    "//*[self::p or self::div or self::h2]["
    + _any_class("standfirst", "dek", "lede", "article-summary", "summary", "subtitle", "sub-headline", "c-teaser")
    + "]"
)
BYLINE_XPATH = (
    "//*[(self::a and @rel='author') or "
    + _any_class("byline", "byline__name", "author-name", "article-author", "story-byline", "c-author")
    + "]"
)
_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/")


@dataclass
class Extraction:
    """What a page says about its article: merged fields, where each came from, what was missing."""

    fields: dict[str, Any]
    provenance: dict[str, str]
    missing: list[str]
    warnings: list[str]
    tree: Any  # the parsed document, for the body
    base_url: str
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # per syntax, before merging


# Parsing ---------------------------------------------------------------------------------------


def parse_html(content: bytes | str, encoding: str | None = None):
    """Parse without network or entity expansion; refuse what libxml2 would silently truncate."""
    if isinstance(content, str):
        raw, encoding = content.encode("utf-8"), "utf-8"
    else:
        raw = content
    head = raw[:65536]
    if _ENTITY_DOCTYPE.search(head) or b"<!ENTITY" in head.upper():
        raise ParseError("the document declares entities in its DOCTYPE (a billion-laughs shape); refused")
    if not raw.strip():
        raise ParseError("the document is empty")
    max_text = int(get_setting("MAX_TEXT_NODE_CHARS"))
    _check_text_runs(raw, max_text)
    parser = XmlDomHTMLParser(
        no_network=True,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
        encoding=encoding or _sniff(raw),
    )
    try:
        tree = lxml.html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ParseError(f"the document cannot be parsed as HTML: {error}") from None
    for entry in parser.error_log:
        message = entry.message or ""
        if "depth" in message.lower():
            raise ParseError(
                f"elements are nested deeper than {get_setting('MAX_DEPTH')} levels; refused rather than "
                "imported truncated"
            )
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "huge" in message.lower():
            raise ParseError(f"a text node is larger than the parser allows ({message.strip()}); refused")
    _check_tree(tree, max_text)
    return tree


def _sniff(raw: bytes) -> str:
    head = raw[:4096]
    match = re.search(rb"""<meta[^>]{0,200}charset=["']?([A-Za-z0-9_\-]{1,40})""", head, re.IGNORECASE)
    if match:
        name = match.group(1).decode("ascii").lower()
        try:
            "".encode(name)
            return name
        except LookupError:
            pass
    return "utf-8"


def _check_text_runs(raw: bytes, limit: int) -> None:
    """A run of more than ``limit`` bytes without markup would be one giant text node."""
    start = 0
    size = len(raw)
    while start < size:
        next_tag = raw.find(b"<", start)
        end = size if next_tag == -1 else next_tag
        if end - start > limit:
            raise ParseError(f"a text node of more than {limit:,} characters; refused rather than truncated")
        start = end + 1


def _check_tree(tree, limit: int) -> None:
    max_depth = int(get_setting("MAX_DEPTH"))
    # iterwalk gives start/end events, so depth is counted without recursion.
    depth = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > max_depth:
                raise ParseError(f"elements are nested deeper than {max_depth} levels; refused")
            for chunk in (element.text, element.tail):
                if chunk and len(chunk) > limit:
                    raise ParseError(f"a text node of more than {limit:,} characters; refused")
        else:
            depth -= 1


# JSON-LD ---------------------------------------------------------------------------------------


def _reject_constant(constant: str):
    raise ValueError(f"{constant} is not JSON")


def jsonld_blocks(tree, warnings: list[str]) -> list[Any]:
    """Each ``application/ld+json`` block parsed on its own: a broken one is skipped with a warning."""
    blocks = []
    scripts = [s for s in tree.iter("script") if (s.get("type") or "").strip().lower() == "application/ld+json"]
    for number, script in enumerate(scripts, start=1):
        if number > MAX_JSONLD_BLOCKS:
            warnings.append(f"more than {MAX_JSONLD_BLOCKS} JSON-LD blocks; the rest were ignored")
            break
        source = (script.text or "").strip()
        for prefix, suffix in (("<!--", "-->"), ("<![CDATA[", "]]>")):
            if source.startswith(prefix) and source.endswith(suffix):
                source = source[len(prefix) : -len(suffix)].strip()
        if not source:
            continue
        try:
            blocks.append(json.loads(source, parse_constant=_reject_constant))
        except (ValueError, RecursionError) as error:
            detail = str(error).splitlines()[0][:200] if not isinstance(error, RecursionError) else "nested too deeply"
            warnings.append(f"JSON-LD block {number} skipped: {detail}")
    return blocks


class NodeIndex:
    """Every node with a type or an ``@id``, from every block and ``@graph``, nested ones too."""

    def __init__(self) -> None:
        self.nodes: list[dict] = []
        self.by_id: dict[str, dict] = {}
        self.truncated = False

    def add_all(self, value: Any) -> None:
        stack = [(value, 0)]
        while stack:
            item, depth = stack.pop()
            if len(self.nodes) >= MAX_NODES or depth > 64:
                self.truncated = True
                continue
            if isinstance(item, list):
                stack.extend((child, depth + 1) for child in reversed(item))
            elif isinstance(item, dict):
                node_id = item.get("@id")
                if isinstance(node_id, str) and len(item) > 1:
                    existing = self.by_id.setdefault(node_id, item)
                    if existing is not item:  # the same node described twice: first wins, gaps filled
                        for key, val in item.items():
                            existing.setdefault(key, val)
                if "@type" in item or (isinstance(node_id, str) and len(item) > 1):
                    self.nodes.append(item)
                stack.extend((child, depth + 1) for key, child in reversed(item.items()) if key != "@context")

    def resolve(self, value: Any, depth: int = 0, seen: frozenset = frozenset()) -> Any:
        """A copy of ``value`` with ``{"@id": ...}`` references replaced by their nodes, cycles cut."""
        if depth > values.MAX_DEPTH:
            return None
        if isinstance(value, list):
            return [self.resolve(item, depth + 1, seen) for item in value[:200]]
        if not isinstance(value, dict):
            return value
        node_id = value.get("@id")
        if isinstance(node_id, str):
            if node_id in seen:
                return {"@id": node_id}
            if set(value) <= {"@id", "@type"} and node_id in self.by_id:
                value = self.by_id[node_id]
            seen = seen | {node_id}
        return {key: self.resolve(val, depth + 1, seen) for key, val in value.items()}

    def article(self) -> dict | None:
        """The article node: the most complete one (a related story listed in the page's JSON-LD has
        a headline and a URL, the page's own article much more), then the most news-like type."""
        best, best_key = None, None
        for order, node in enumerate(self.nodes):
            ranks = [_ARTICLE_RANK[name] for name in values.types(node) if name in _ARTICLE_RANK]
            if not ranks:
                continue
            filled = sum(1 for name in _ARTICLE_PROPERTIES if node.get(name) not in (None, "", [], {}))
            key = (-filled, min(ranks), order)
            if best_key is None or key < best_key:
                best, best_key = node, key
        return best


# Syntax readers: each gives a JSON-LD-shaped article node -------------------------------------------


def _from_microdata(item: Any, depth: int = 0) -> Any:
    if depth > 32:
        return None
    if isinstance(item, list):
        return [_from_microdata(child, depth + 1) for child in item]
    if isinstance(item, dict) and "properties" in item:
        node = {key: _from_microdata(val, depth + 1) for key, val in (item.get("properties") or {}).items()}
        if item.get("type"):
            node["@type"] = item["type"]
        if item.get("id"):
            node["@id"] = item["id"]
        return node
    return item


def _from_rdfa(nodes: list[dict]) -> NodeIndex:
    """pyRdfa's expanded JSON-LD, compacted to schema.org short names."""

    def compact(value: Any) -> Any:
        if isinstance(value, list):
            items = [compact(item) for item in value]
            return items[0] if len(items) == 1 else items
        if isinstance(value, dict):
            if "@value" in value:
                return value["@value"]
            if set(value) == {"@id"}:
                return {"@id": value["@id"]}
            node = {}
            for key, val in value.items():
                if key == "@type":
                    node["@type"] = val
                elif key == "@id":
                    node["@id"] = val
                else:
                    for prefix in _SCHEMA_PREFIXES:
                        if key.startswith(prefix):
                            node[key[len(prefix) :]] = compact(val)
            return node
        return value

    index = NodeIndex()
    for node in nodes:
        if isinstance(node, dict):
            index.add_all(compact(node))
    return index


def read_node(node: dict, base_url: str) -> dict[str, Any]:
    """The fields of one schema.org article node (references already resolved)."""
    return {
        "headline": node.get("headline") or node.get("name"),
        "standfirst": node.get("alternativeHeadline") or node.get("description") or node.get("abstract"),
        "date_published": node.get("datePublished") or node.get("dateCreated"),
        "date_modified": node.get("dateModified"),
        "authors": node.get("author") or node.get("creator"),
        "images": node.get("image") or node.get("associatedMedia"),
        "section": node.get("articleSection"),
        "tags": node.get("keywords"),
        "dateline": node.get("dateline"),
        "body_text": node.get("articleBody"),
        "canonical_url": node.get("url") or node.get("mainEntityOfPage"),
        "language": node.get("inLanguage"),
        "article_type": values.types(node),
        "publisher": node.get("publisher") or node.get("sourceOrganization"),
    }


def _in_document_order(record: dict[str, Any], tree) -> dict[str, Any]:
    """RDF graphs are unordered: put RDFa's authors and images back in the order the page shows them."""
    page_text = tree.text_content()
    markup = lxml.html.tostring(tree, encoding="unicode")

    def position(haystack: str, needle: str) -> int:
        found = haystack.find(needle) if needle else -1
        return found if found >= 0 else len(haystack)

    for name, haystack, key in (("authors", page_text, values.text), ("images", markup, _url_tail)):
        items = record.get(name)
        if isinstance(items, list):
            record[name] = sorted(items, key=lambda item, h=haystack, k=key: position(h, k(item)))
    return record


def _url_tail(item: Any) -> str:
    found = values.url(item) or (values.first(item) if isinstance(values.first(item), str) else "")
    return found.rsplit("/", 1)[-1] if found else ""


def _opengraph_record(tree, base_url: str, warnings: list[str]) -> dict[str, Any]:
    try:
        items = list(OpenGraphExtractor().extract_items(tree, base_url=base_url))
    except Exception as error:  # extruct raises many kinds; one syntax must not sink the page
        warnings.append(f"OpenGraph could not be read: {error.__class__.__name__}")
        return {}
    props: dict[str, list[str]] = {}
    for item in items:
        for pair in item.get("properties", []):
            if isinstance(pair, list | tuple) and len(pair) == 2:
                props.setdefault(str(pair[0]).lower(), []).append(pair[1])
    images = []
    image_urls = props.get("og:image", []) or props.get("og:image:url", [])
    alts = props.get("og:image:alt", [])
    for number, image_url in enumerate(image_urls):
        alt = alts[number] if number < len(alts) else ""
        images.append({"@type": "ImageObject", "url": image_url, "alternativeText": alt})
    authors = [
        {"@type": "Person", "url": a} if values.url(a) else {"@type": "Person", "name": a}
        for a in props.get("article:author", [])
    ]
    return {
        "headline": props.get("og:title"),
        "standfirst": props.get("og:description"),
        "date_published": props.get("article:published_time"),
        "date_modified": props.get("article:modified_time") or props.get("og:updated_time"),
        "authors": authors,
        "images": images,
        "section": props.get("article:section"),
        "tags": props.get("article:tag"),
        "canonical_url": props.get("og:url"),
        "language": props.get("og:locale"),
        "publisher": props.get("og:site_name"),
    }


_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014-]\s+|\s+::\s+|\s+»\s+")


def _without_site_name(title: str) -> str:
    """ "Bridge to close - City News" → "Bridge to close": a <title> names the site beside the story."""
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part]
    return max(parts, key=len) if len(parts) > 1 else title


def _meta_record(tree) -> dict[str, Any]:
    contents: dict[str, list[str]] = {}  # <meta name=... content=...>, by lower-cased name, in page order
    for tag in tree.iter("meta"):
        if tag.get("content"):
            contents.setdefault((tag.get("name") or "").lower(), []).append(tag.get("content"))

    def meta(name: str) -> list[str]:
        return contents.get(name, [])

    headings = [values.text(h.text_content(), 400) for h in tree.iter("h1")]
    titles = [_without_site_name(values.text(t.text_content(), 400)) for t in tree.iter("title")]
    canonical = [
        link.get("href") for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower().split()
    ]
    datelines = [el.text_content() for el in tree.xpath(DATELINE_XPATH)]
    standfirsts = [values.text(el.text_content(), 600) for el in tree.xpath(STANDFIRST_XPATH)[:1]]
    bylines = [" ".join(el.itertext()) for el in tree.xpath(BYLINE_XPATH)[:1]]  # "<b>By</b><a>Jane</a>": spaced
    times = [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    return {
        "headline": [h for h in headings if h] or titles,
        "standfirst": meta("description") or standfirsts,
        "date_published": times[:1],
        "authors": [{"@type": "Person", "name": name} for name in meta("author") or bylines],
        "tags": meta("keywords") or meta("news_keywords"),
        "dateline": [d.strip().rstrip(values.DASHES).strip() for d in datelines],
        "canonical_url": canonical,
        "language": tree.get("lang"),
        "publisher": meta("application-name") or meta("publisher"),
    }


# Merging ---------------------------------------------------------------------------------------


def usable(name: str, value: Any, base_url: str) -> bool:
    """Whether ``value`` really gives field ``name`` (an unparseable date does not)."""
    if name in ("date_published", "date_modified"):
        return values.date(value) is not None
    if name == "canonical_url":
        return bool(values.url(value, base_url))
    if name in ("authors", "images"):
        return any(values.text(item) or values.url(item, base_url) for item in values.as_list(value))
    if name == "tags":
        return bool(values.keywords(value))
    if name == "body_text":
        return bool(values.long_text(value))
    if name == "article_type":
        return bool(value)
    return bool(values.text(value))


def document_base(tree, page_url: str, article: dict | None) -> str:
    """What relative URLs are resolved against: ``<base href>``, else the page's own http(s) URL, else
    (a page read from disk) its canonical URL, always http(s); ``""`` when there is none.

    A saved page's relative image paths must never become ``file:`` paths on this machine: resolved
    against the page's web address they are fetched like any other image, or skipped.
    """
    own = values.url(page_url)
    for element in tree.iter("base"):
        if element.get("href"):
            found = values.url(element.get("href"), own)
            if found:
                return found
            break
    if own:
        return own
    candidates = [
        link.get("href") for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower().split()
    ]
    candidates += [
        meta.get("content") for meta in tree.iter("meta") if (meta.get("property") or "").lower() == "og:url"
    ]
    if article is not None:
        candidates += [article.get("url"), article.get("mainEntityOfPage")]
    return next((found for candidate in candidates if (found := values.url(candidate))), "")


def extract(content: bytes | str, base_url: str, *, encoding: str | None = None) -> Extraction:
    """Parse ``content`` and merge what its syntaxes say, preferring JSON-LD, field by field.

    ``base_url`` is where the page came from; for a file, its ``file:`` URL (or ``""``), which is never
    used to resolve anything (see :func:`document_base`).
    """
    tree = parse_html(content, encoding)
    warnings: list[str] = []
    records: dict[str, dict[str, Any]] = {}

    index = NodeIndex()
    for block in jsonld_blocks(tree, warnings):
        index.add_all(block)
    if index.truncated:
        warnings.append("JSON-LD too large or too deep; only part of it was read")
    node = index.article()
    if node is not None:
        node = index.resolve(node)
    page_url = values.url(base_url)
    base_url = document_base(tree, base_url, node)
    if node is not None:
        records["json-ld"] = read_node(node, base_url)

    try:
        items = MicrodataExtractor().extract_items(tree, base_url=base_url)
        micro = NodeIndex()
        micro.add_all(_from_microdata(list(items)))
        node = micro.article()
        if node is not None:
            records["microdata"] = read_node(node, base_url)
    except Exception as error:  # extruct raises many kinds; one syntax must not sink the page
        warnings.append(f"microdata could not be read: {error.__class__.__name__}")

    try:
        # pyRdfa is the slowest reader by far: only run it on pages that use RDFa beyond OpenGraph's meta tags.
        has_rdfa = bool(tree.xpath("(//*[@typeof or @vocab or (@property and not(self::meta))])[1]"))
        rdfa = _from_rdfa(list(RDFaExtractor().extract_items(tree, base_url=base_url)) if has_rdfa else [])
        node = rdfa.article()
        if node is not None:
            records["rdfa"] = _in_document_order(read_node(rdfa.resolve(node), base_url), tree)
    except Exception as error:  # pyRdfa raises many kinds
        warnings.append(f"RDFa could not be read: {error.__class__.__name__}")

    records["opengraph"] = _opengraph_record(tree, base_url, warnings)
    records["meta"] = _meta_record(tree)

    merged: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    found, where = canonical.choose(
        [
            ("link rel=canonical", records["meta"].get("canonical_url")),
            ("og:url", records["opengraph"].get("canonical_url")),
            *((syntax, records.get(syntax, {}).get("canonical_url")) for syntax in ("json-ld", "microdata", "rdfa")),
            ("fetched URL", page_url),
        ],
        base_url,
    )
    if found:
        merged["canonical_url"], provenance["canonical_url"] = found, where
    for name in FIELDS:
        if name == "canonical_url":
            continue
        for syntax in SYNTAXES:
            value = records.get(syntax, {}).get(name)
            if value is not None and usable(name, value, base_url):
                merged[name] = value
                provenance[name] = syntax
                break
    if "date_published" not in merged:
        found, where = dates.page_date(tree, page_url)
        if found:
            merged["date_published"], provenance["date_published"] = found, where
    missing = [name for name in REPORTED_FIELDS if name not in merged]
    return Extraction(
        fields=merged,
        provenance=provenance,
        missing=missing,
        warnings=warnings,
        tree=tree,
        base_url=base_url,
        records=records,
    )

"""Read a page the way a search engine does: lxml for the document, then each syntax separately.

JSON-LD blocks are parsed one by one with the strict ``json`` module, so one malformed block is
reported while the blocks beside it are still read (``extruct``'s own JSON-LD extractor fails the
whole page on one bad block, and quietly accepts JavaScript comments that search engines do not).
Microdata, RDFa and OpenGraph come from ``extruct``'s extractors, run on the same parsed tree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.etree
import lxml.html

from .issues import Issue

# "application/ld+json", whatever the case and spacing, with or without "; charset=utf-8".
_JSONLD_XPATH = lxml.etree.XPath(
    "//script[starts-with(translate(normalize-space(@type), 'APPLICATIONLDJSON', 'applicationldjson'),"
    " 'application/ld+json')]"
)
_WHITESPACE = re.compile(r"\s+")


def text_of(element: Any) -> str:
    """The element's text with whitespace collapsed, as a reader sees it (scripts and styles left out)."""
    parts = []
    for node in element.iter():
        if node.tag in ("script", "style", "template") or not isinstance(node.tag, str):
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if node.text:
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return _WHITESPACE.sub(" ", "".join(parts)).strip()


def _reject_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


@dataclass
class JsonLdBlock:
    index: int
    text: str
    data: Any = None
    error: str | None = None


@dataclass
class Extracted:
    """Everything read from one document."""

    tree: Any
    blocks: list[JsonLdBlock] = field(default_factory=list)
    microdata: list[dict[str, Any]] = field(default_factory=list)
    rdfa: list[dict[str, Any]] = field(default_factory=list)
    opengraph: dict[str, list[str]] = field(default_factory=dict)

    @property
    def json_ld(self) -> list[Any]:
        return [block.data for block in self.blocks if block.error is None]


def parse_tree(html: str | bytes) -> Any:
    """An lxml tree built the way ``extruct`` builds it (the XML-DOM flavour RDFa needs)."""
    from extruct.utils import parse_xmldom_html

    data = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else html
    return parse_xmldom_html(data, encoding="UTF-8")


def parse_json_ld(tree: Any) -> list[JsonLdBlock]:
    blocks = []
    for index, script in enumerate(_JSONLD_XPATH(tree)):
        text = (script.text or "").lstrip("\ufeff")
        block = JsonLdBlock(index=index, text=text)
        if not text.strip():
            block.error = "the block is empty"
        else:
            try:
                # strict=False: raw tabs and newlines inside strings (common in articleBody) are read, as
                # search engines read them; comments, trailing commas and NaN are still errors.
                block.data = json.loads(text, parse_constant=_reject_constant, strict=False)
            except json.JSONDecodeError as error:
                block.error = f"{error.msg} (line {error.lineno}, column {error.colno})"
            except RecursionError:
                block.error = "it is nested too deeply to parse"
            except ValueError as error:
                block.error = str(error)
        blocks.append(block)
    return blocks


def extract(html: str | bytes, url: str, issues: list[Issue]) -> Extracted | None:
    """Parse ``html`` and read every syntax; problems become ``issues``. None if it is not HTML at all."""
    try:
        tree = parse_tree(html)
    except (lxml.etree.ParserError, ValueError, TypeError) as error:
        issues.append(Issue("error", "not-html", f"The document could not be parsed as HTML: {error}"))
        return None
    if tree is None or not isinstance(tree.tag, str):
        issues.append(Issue("error", "not-html", "The document could not be parsed as HTML."))
        return None
    result = Extracted(tree=tree, blocks=parse_json_ld(tree))

    from extruct.opengraph import OpenGraphExtractor
    from extruct.rdfa import RDFaExtractor
    from extruct.w3cmicrodata import MicrodataExtractor

    extractors = [
        ("microdata", MicrodataExtractor, "//*[@itemscope]"),
        ("rdfa", RDFaExtractor, "//*[@typeof or @vocab]"),
    ]
    for syntax, extractor, probe in extractors:
        # Documents without a single attribute of the syntax hold no entity in it: skip the walk.
        if not tree.xpath(probe):
            continue
        try:
            setattr(result, syntax, list(extractor().extract_items(tree, base_url=url)))
        except RecursionError:
            issues.append(Issue("warning", "extract-failed", f"The {syntax} is nested too deeply to read."))
        except Exception as error:
            issues.append(Issue("warning", "extract-failed", f"The {syntax} could not be read: {error}"))
    try:
        for item in OpenGraphExtractor().extract_items(tree, base_url=url):
            for name, value in item.get("properties", []):
                result.opengraph.setdefault(name, []).append(value)
    except Exception as error:
        issues.append(Issue("warning", "extract-failed", f"The OpenGraph tags could not be read: {error}"))
    return result

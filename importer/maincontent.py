"""The page's main content, found by trafilatura: the article's text without share bars, related
stories, newsletter promos or comments.

trafilatura (Apache-2.0, built on lxml) works on a copy of the tree we already parsed safely (no
network, no entities, bounded depth), so it neither parses nor fetches anything itself. Its XML output
(``p``, ``head``, ``quote``, ``list``, ``table``, ``graphic``, with ``hi`` and ``ref`` inline) is
handed back element by element; :mod:`.mapping` turns them into our blocks.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from lxml import etree

logger = logging.getLogger(__name__)

KINDS = frozenset({"p", "head", "quote", "list", "table", "graphic", "code"})
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def main_content_items(tree) -> list[tuple[str, Any]] | None:
    """``(kind, element)`` in reading order; ``None`` when the extractor failed on the page."""
    import trafilatura  # imported on first use: it loads its language data and settings

    try:
        xml = trafilatura.extract(
            copy.deepcopy(tree),
            output_format="xml",
            include_formatting=True,
            include_tables=True,
            include_images=True,
            include_links=True,
            include_comments=False,
            with_metadata=False,
            deduplicate=False,
            favor_precision=True,
            fast=True,  # no readability/justext fallback: our own checks (mapping.choose_body) back it up
        )
    except Exception as error:  # a library failure on one odd page must not sink the import
        logger.warning("main-content extraction failed: %s: %s", error.__class__.__name__, error)
        return None
    if not xml:
        return []
    try:
        document = etree.fromstring(xml.encode("utf-8"), parser=_XML_PARSER)
    except etree.XMLSyntaxError:
        return None
    main = document.find("main")
    if main is None:
        return []
    return list(_flatten(main, 0))


def _loose(text: str | None):
    if text and text.strip():
        element = etree.Element("p")
        element.text = text.strip()
        yield ("p", element)


def _flatten(container, depth: int):
    """The container's blocks in order; ``div`` wrappers are opened and loose text becomes paragraphs
    (marked ``loose``: text trafilatura kept beside an image is often its caption)."""
    for child in container:
        if not isinstance(child.tag, str):
            continue
        if child.tag in KINDS:
            yield (child.tag, child)
        elif child.tag == "div" and depth < 20:
            yield from _loose(child.text)
            yield from _flatten(child, depth + 1)
        if depth and child.tail and child.tail.strip():
            element = etree.Element("p", loose="1")
            element.text = child.tail.strip()
            yield ("p", element)

"""A page's body HTML made fit to travel: absolute URLs, nothing executable, and XHTML for NewsML-G2.

Partners republish the body on their own sites, so relative URLs would point at theirs, and
scripts, styles and forms are the sending site's business. NewsML-G2 carries the body as
``inlineXML``, which must be well-formed XML in a namespace: the cleaned HTML tree is rebuilt
element by element in the XHTML namespace (lxml parses HTML as browsers do, then writes XML).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..values import clean_url, xml_text

XHTML = "http://www.w3.org/1999/xhtml"
#: Elements dropped with their content: executable, styling or interactive, never part of a story.
DROPPED = frozenset(
    {"script", "style", "form", "input", "button", "select", "textarea", "noscript", "template", "link", "meta",
     "object", "embed", "base"}
)  # fmt: skip
#: Attributes holding one URL, made absolute (or dropped when their scheme is not allowed).
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "longdesc")
#: Attributes dropped: candidate lists of URLs (the renditions are explicit) and styling.
DROPPED_ATTRIBUTES = frozenset({"srcset", "sizes", "style", "loading", "decoding", "fetchpriority"})
_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def clean_body(body: str, base: str) -> Any:
    """``body`` parsed into a ``<div>`` element, cleaned; None when nothing is left."""
    body = xml_text(body or "")  # control characters: lxml refuses them in the tree it builds
    if not body.strip():
        return None
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    for element in list(root.iter()):
        if element is root:
            continue
        if not isinstance(element.tag, str) or element.tag.lower() in DROPPED:
            element.drop_tree()  # keeps its tail text
        elif not _XML_NAME.match(element.tag):
            element.drop_tag()  # a name XML cannot hold (``svg:rect``, ``my@tag``): its content stays
    for element in root.iter():
        for name in list(element.attrib):
            lowered = name.lower()
            if lowered.startswith("on") or lowered in DROPPED_ATTRIBUTES or not _XML_NAME.match(name):
                del element.attrib[name]
            elif lowered in URL_ATTRIBUTES:
                url = clean_url(element.attrib[name], base)
                if url is None:
                    del element.attrib[name]
                else:
                    element.attrib[name] = url
    if not len(root) and not (root.text or "").strip():
        return None
    return root


def to_html(root: Any) -> str:
    """The cleaned body's inner HTML."""
    from html import escape

    parts = [escape(root.text or "", quote=False)]
    parts.extend(lxml_html.tostring(child, encoding="unicode") for child in root)
    return "".join(parts).strip()


def to_xhtml(root: Any, title: str, language: str = "") -> Any:
    """An XHTML ``<html>`` element (head with ``title``, body with the cleaned body's content)."""
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML})
    if language:
        html.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = xml_text(title)
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    if root is not None:
        _copy_children(root, body)
    return html


def _copy_children(source: Any, target: Any) -> None:
    target.text = xml_text(source.text or "") or None
    for child in source:
        copy = etree.SubElement(target, f"{{{XHTML}}}{child.tag.lower()}")
        for name, value in child.attrib.items():
            copy.set(name, xml_text(value))
        _copy_children(child, copy)
        copy.tail = xml_text(child.tail or "") or None

"""IPTC NewsML-G2 2.35 ``newsItem`` from a :class:`~structured_data.formats.item.NewsItem`.

A text item (``ninat:text``) whose ``contentSet`` holds the body as ``inlineXML`` in XHTML and the
web page as ``remoteContent``. Photos are ``itemMeta/link`` elements (``irel:associatedWith``,
``href`` the largest rendition) each with its own ``rightsInfo`` (``idrefs`` naming the link):
credit as copyright holder, copyright notice, licence. Corrections are ``edNote`` elements with a
``sig:correction`` signal. QCodes use the IPTC catalog's standard aliases (``ninat``, ``stat``,
``medtop``, ``drol``, ``irel``, ``sig``).
"""

from __future__ import annotations

from typing import Any, cast

from lxml import etree

from ..values import xml_text
from .html import to_xhtml
from .item import NewsItem, Picture

MEDIA_TYPE = "application/vnd.iptc.g2.newsitem+xml"
NAR = "http://iptc.org/std/nar/2006-10-01/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STANDARD_VERSION = "2.35"
CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml"
#: The IANA ``canonical`` link relation as a URI (RFC 5988, section 4.1).
CANONICAL = "http://www.iana.org/assignments/relation/canonical"


def _el(parent: Any, name: str, text: str | None = None, **attributes: Any) -> Any:
    element = etree.SubElement(parent, f"{{{NAR}}}{name}")
    for key, value in attributes.items():
        if value not in (None, ""):
            element.set(key.rstrip("_"), xml_text(str(value)))
    if text:
        element.text = xml_text(text)
    return element


def _named(parent: Any, name: str, label: str, **attributes: Any) -> Any:
    element = _el(parent, name, **attributes)
    _el(element, "name", label)
    return element


def _largest(picture: Picture) -> Any:
    return max(picture.renditions, key=lambda r: (r.width or 0) * (r.height or 0))


def _rights(parent: Any, holder: str, holder_uri: str, notice: str, terms: str = "", idrefs: str = "") -> None:
    if not (holder or notice or terms):
        return
    rights = _el(parent, "rightsInfo", idrefs=idrefs)
    if holder:
        _named(rights, "copyrightHolder", holder, uri=holder_uri)
    if notice:
        _el(rights, "copyrightNotice", notice)
    if terms:
        _el(rights, "usageTerms", terms)


def to_newsml(item: NewsItem) -> Any:
    """The item as an lxml ``newsItem`` element."""
    root = etree.Element(f"{{{NAR}}}newsItem", nsmap={None: NAR})
    root.set("guid", item.uri)
    root.set("version", str(item.version))
    root.set("standard", "NewsML-G2")
    root.set("standardversion", STANDARD_VERSION)
    root.set("conformance", "power")
    if item.language:
        root.set(XML_LANG, item.language)
    _el(root, "catalogRef", href=CATALOG)
    holder = item.copyright_holder
    _rights(root, holder.name if holder else "", holder.uri if holder else "", item.copyright_notice, item.terms)
    for index, picture in enumerate(item.pictures):
        _rights(root, picture.credit or picture.creator, "", picture.copyright_notice, idrefs=f"picture-{index + 1}")

    meta = _el(root, "itemMeta")
    _el(meta, "itemClass", qcode="ninat:text")
    provider = item.provider
    if provider:
        _named(meta, "provider", provider.name, uri=provider.uri)
    else:
        _el(meta, "provider", literal="unknown")
    _el(meta, "versionCreated", item.version_created)
    if item.first_created:
        _el(meta, "firstCreated", item.first_created)
    _el(meta, "pubStatus", qcode="stat:usable")
    for correction in item.corrections:
        _el(
            meta, "edNote", f"Correction ({correction.date}): {correction.text}" if correction.date else correction.text
        )
    if item.corrections:
        _el(meta, "signal", qcode="sig:correction")
    if item.canonical_url:
        _el(meta, "link", reluri=CANONICAL, href=item.canonical_url, contenttype="text/html")
    for index, picture in enumerate(item.pictures):
        rendition = _largest(picture)
        _el(
            meta, "link", id=f"picture-{index + 1}", rel="irel:associatedWith", residref=picture.uri,
            href=rendition.href, contenttype=rendition.media_type, title=picture.caption,
        )  # fmt: skip

    content = _el(root, "contentMeta")
    if item.first_created:
        _el(content, "contentCreated", item.first_created)
    _el(content, "contentModified", item.version_created)
    if item.located:
        _named(content, "located", item.located)
    for person in item.people:
        _named(content, "creator", person.name, uri=person.uri, type="cpnat:person")
    for organisation in item.organisations:
        _named(content, "creator", organisation.name, uri=organisation.uri, type="cpnat:organisation")
    if item.language:
        _el(content, "language", tag=item.language)
    for subject in item.subjects:
        if not subject.code:
            _el(content, "keyword", subject.name)
    for subject in item.subjects:
        if subject.code:
            _named(content, "subject", subject.name, qcode=f"medtop:{subject.code}", type="cpnat:abstract")
    if item.headline:
        _el(content, "headline", item.headline)
    if item.located:
        _el(content, "dateline", item.located)
    if item.byline:
        _el(content, "by", item.byline)
    if item.description:
        _el(content, "description", item.description, role="drol:summary")

    content_set = _el(root, "contentSet")
    inline = _el(content_set, "inlineXML", contenttype="application/xhtml+xml")
    inline.append(to_xhtml(item.body, item.headline, item.language))
    if item.canonical_url:
        _el(content_set, "remoteContent", href=item.canonical_url, contenttype="text/html")
    return root


def serialize(item: NewsItem) -> bytes:
    """The ``newsItem`` as a UTF-8 XML document."""
    return cast("bytes", etree.tostring(to_newsml(item), xml_declaration=True, encoding="UTF-8", pretty_print=True))

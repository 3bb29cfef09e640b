"""Read a WordPress export (WXR) as a stream: memory stays flat however large the file.

lxml's ``iterparse`` reads one ``<item>`` at a time; each is turned into a small :class:`WPItem` and
its element cleared (with the siblings before it), so a 2 GB export never sits in memory. A DTD is
refused before parsing starts (WXR never has one, and a DTD is how an entity bomb arrives), entities
are not resolved and nothing is fetched from the network. A truncated or malformed file raises
:class:`WXRError` with the line and column once the items before the fault have been yielded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import ParseError

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS_PREFIX = "http://wordpress.org/export/"
#: How far into the file the root element must start; the prolog before it is checked for a DTD.
MAX_PROLOG = 64 * 1024
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class WXRError(ParseError):
    """The export is not well-formed XML (truncated, broken) or is refused (a DTD)."""


@dataclass
class WPAuthor:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""

    @property
    def name(self) -> str:
        """The display name, unless it is only the login (WordPress's default) and a real name is known."""
        full = f"{self.first_name} {self.last_name}".strip()
        shown = self.display_name.strip()
        if shown == self.login and full:
            return full
        return shown or full or self.login


@dataclass
class WPTerm:
    domain: str  # "category", "post_tag", "author" (Co-Authors Plus), "language" (Polylang)...
    slug: str
    name: str


@dataclass
class WPItem:
    id: int
    title: str = ""
    link: str = ""
    guid: str = ""
    post_type: str = ""
    status: str = ""
    post_name: str = ""
    parent: int = 0
    content: str = ""
    excerpt: str = ""
    creator: str = ""  # the author's login
    date: str = ""  # local time
    date_gmt: str = ""
    modified_gmt: str = ""
    attachment_url: str = ""
    terms: list[WPTerm] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    line: int = 0  # where the item ends in the file, for reports

    def terms_of(self, domain: str) -> list[WPTerm]:
        return [term for term in self.terms if term.domain == domain]


@dataclass
class WPAttachment:
    id: int
    url: str
    parent: int = 0  # the post it was uploaded to
    caption: str = ""  # the attachment's excerpt
    alt: str = ""  # _wp_attachment_image_alt
    credit: str = ""
    title: str = ""


@dataclass
class WPSite:
    """What the first pass learns: everything posts refer to, small enough to keep."""

    title: str = ""
    link: str = ""
    language: str = ""
    authors: dict[str, WPAuthor] = field(default_factory=dict)  # by login
    categories: dict[int, str] = field(default_factory=dict)  # term id -> name
    attachments: dict[int, WPAttachment] = field(default_factory=dict)
    attachments_by_url: dict[str, WPAttachment] = field(default_factory=dict)
    guest_authors: dict[str, str] = field(default_factory=dict)  # Co-Authors Plus login -> display name
    posts: int = 0
    error: str = ""  # the first pass stopped here (the second reports it at the same place)


def _local(element) -> tuple[str, str]:
    tag = element.tag
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _check_prolog(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(MAX_PROLOG)
    start = re.search(rb"<(?![?!])", head)
    prolog = head[: start.start()] if start else head
    if _DTD.search(prolog):
        raise WXRError(f"{path}: a DTD or entity declaration is refused (WordPress exports have none)")
    if start is None:
        raise WXRError(f"{path}: no XML element in the first {MAX_PROLOG // 1024} KB: not a WordPress export")


def _parse(path: Path):
    """``end`` events of the elements we read, with the tree pruned behind them."""
    _check_prolog(path)
    context = etree.iterparse(
        str(path),
        events=("end",),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
    )
    try:
        for _event, element in context:
            parent = element.getparent()
            if parent is None or _local(parent)[1] != "channel":
                continue  # inside an item (read with it) or the root
            yield element
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (0, 0)
        message = error.msg
        last = error.error_log.last_error if error.error_log else None
        if last is not None and (not line or last.line > line):  # the log knows the first fatal fault better
            line, column, message = last.line, last.column, last.message
        raise WXRError(f"{path}: malformed XML at line {line}, column {column}: {message}") from None
    except OSError as error:
        raise WXRError(f"{path}: cannot read: {error}") from None


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def read_item(element) -> WPItem:
    item = WPItem(id=0, line=element.sourceline or 0)
    for child in element:
        namespace, name = _local(child)
        if namespace == "" and name == "category":
            item.terms.append(WPTerm(child.get("domain") or "", child.get("nicename") or "", _text(child)))
        elif namespace == "" and name in ("title", "link", "guid"):
            setattr(item, name, _text(child))
        elif namespace == CONTENT_NS and name == "encoded":
            item.content = child.text or ""
        elif namespace.startswith(WP_NS_PREFIX) and namespace.rstrip("/").endswith("excerpt"):
            item.excerpt = (child.text or "").strip()
        elif namespace == DC_NS and name == "creator":
            item.creator = _text(child)
        elif namespace.startswith(WP_NS_PREFIX):
            if name == "post_id":
                item.id = _int(_text(child))
            elif name == "post_parent":
                item.parent = _int(_text(child))
            elif name in ("post_type", "status", "post_name", "attachment_url"):
                setattr(item, name, _text(child))
            elif name in ("post_date", "post_date_gmt", "post_modified_gmt"):
                setattr(
                    item, {"post_date": "date", "post_date_gmt": "date_gmt"}.get(name, "modified_gmt"), _text(child)
                )
            elif name == "postmeta":
                key = value = ""
                for part in child:
                    if _local(part)[1] == "meta_key":
                        key = _text(part)
                    elif _local(part)[1] == "meta_value":
                        value = part.text or ""
                if key and key not in item.meta:
                    item.meta[key] = value
    return item


_SERIALIZED_CREDIT = re.compile(r's:6:"credit";s:\d+:"([^"]*)"')


def _attachment(item: WPItem) -> WPAttachment:
    credit = item.meta.get("_media_credit", "").strip()
    if not credit:  # WordPress copies IPTC/EXIF credit into the serialised image metadata
        found = _SERIALIZED_CREDIT.search(item.meta.get("_wp_attachment_metadata", ""))
        credit = found.group(1).strip() if found else ""
    return WPAttachment(
        id=item.id,
        url=item.attachment_url or item.guid,
        parent=item.parent,
        caption=item.excerpt,
        alt=item.meta.get("_wp_attachment_image_alt", "").strip(),
        credit=credit,
        title=item.title,
    )


def scan(path: Path) -> WPSite:
    """The first pass: the site, its authors, categories and attachments, and how many posts there are.
    A fault is kept in ``error`` (posts before it are still imported by the second pass)."""
    site = WPSite()
    try:
        for element in _parse(path):
            namespace, name = _local(element)
            if namespace == "" and name in ("title", "link", "language") and not getattr(site, name):
                setattr(site, name, _text(element))
            elif namespace.startswith(WP_NS_PREFIX) and name == "author":
                author = WPAuthor(login="")
                for part in element:
                    key = _local(part)[1].removeprefix("author_")
                    if key in ("login", "display_name", "first_name", "last_name"):
                        setattr(author, key, _text(part))
                if author.login:
                    site.authors.setdefault(author.login, author)
            elif namespace.startswith(WP_NS_PREFIX) and name == "category":
                term_id = name_text = ""
                for part in element:
                    key = _local(part)[1]
                    if key == "term_id":
                        term_id = _text(part)
                    elif key == "cat_name":
                        name_text = _text(part)
                if _int(term_id) and name_text:
                    site.categories[_int(term_id)] = name_text
            elif namespace == "" and name == "item":
                item = read_item(element)
                if item.post_type == "attachment":
                    attachment = _attachment(item)
                    site.attachments[item.id] = attachment
                    if attachment.url:
                        site.attachments_by_url.setdefault(attachment.url, attachment)
                elif item.post_type == "guest-author":
                    login = item.meta.get("cap-user_login", "") or item.post_name.removeprefix("cap-")
                    shown = item.meta.get("cap-display_name", "") or item.title
                    if login and shown:
                        site.guest_authors[login] = shown.strip()
                elif item.post_type == "post":
                    site.posts += 1
    except WXRError as error:
        site.error = str(error)
    return site


def items(path: Path) -> Iterator[WPItem]:
    """The second pass: every ``<item>`` in order; :class:`WXRError` at a fault, after the items before it."""
    for element in _parse(path):
        if _local(element) == ("", "item"):
            yield read_item(element)

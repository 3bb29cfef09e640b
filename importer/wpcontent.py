"""A WordPress post's content as our body blocks: Gutenberg blocks and classic-editor HTML alike.

Classic content gets WordPress's own paragraphs back (``wpautop``: a blank line is a paragraph break,
a single newline a line break). Shortcodes are read the way WordPress reads them: ``[caption]`` is a
captioned photo, ``[embed]`` an embed block, ``[gallery ids=...]`` its photos; any other shortcode is
left out (its enclosed text kept) and reported, so readers never see raw brackets. Bracketed words
that are not shortcodes ("[sic]", "[1]") stay text: only a bracket with attributes, a closing tag, a
``/]`` or a name WordPress or a common plugin registers is taken as one. The HTML then goes through
the importer's body walker, so a post maps exactly as an imported page's body does.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from . import values
from .mapping import MAX_CAPTION, MAX_CREDIT, ImageDraft, body_from_html, table_block
from .wxr import WPAttachment, WPSite

KNOWN_SHORTCODES = frozenset({
    "caption", "wp_caption", "embed", "gallery", "audio", "video", "playlist", "contact-form", "contact-field",
    "vc_row", "vc_column", "vc_column_text", "et_pb_section", "et_pb_row", "et_pb_text", "instagram", "tweet",
    "youtube", "soundcloud", "googlemaps", "pullquote", "button", "ad", "adsense", "related", "shortcode",
})  # fmt: skip
_SHORTCODE_OPEN = re.compile(r"\[([A-Za-z][\w-]*)((?:\s[^\[\]]*?)?)(\s*/)?\]")
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_GUTENBERG_EMBED = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s+(\{.*?\})\s*-->.*?<!--\s*/wp:(?:core-)?embed(?:/[\w-]+)?\s*-->", re.DOTALL
)
_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|table|thead|tbody|tr|blockquote|figure|pre|hr|dl|section|iframe|address|"
    r"article|aside|form)\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
PLACEHOLDER = "WPIMPORTBLOCK{}X"
_TOKEN = re.compile(r"WPIMPORTBLOCK(\d+)X")


@dataclass
class PostBody:
    blocks: list[tuple[str, Any]] = field(default_factory=list)
    shortcodes: list[str] = field(default_factory=list)  # names left out of the body, for the report
    warnings: list[str] = field(default_factory=list)


def attributes(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTRIBUTE.finditer(raw)
    }


def attachment_image(attachment: WPAttachment, caption: str = "", credit: str = "") -> ImageDraft:
    return ImageDraft(
        url=attachment.url,
        caption=values.text(caption or attachment.caption, MAX_CAPTION),
        credit=values.credit(credit or attachment.credit, MAX_CREDIT),
        alt_text=values.text(attachment.alt, MAX_CREDIT),
    )


def unsized(url: str) -> str:
    """The original upload a resized copy was made from: ``photo-300x200.jpg`` → ``photo.jpg``."""
    return _SIZE_SUFFIX.sub("", url.partition("?")[0])


class _Converter:
    def __init__(self, site: WPSite, post_id: int) -> None:
        self.site = site
        self.post_id = post_id
        self.replacements: list[list[tuple[str, Any]]] = []
        self.shortcodes: list[str] = []
        self.warnings: list[str] = []
        self.by_src: dict[str, WPAttachment] = {}

    def token(self, blocks: list[tuple[str, Any]]) -> str:
        self.replacements.append(blocks)
        return f"\n\n<div>{PLACEHOLDER.format(len(self.replacements) - 1)}</div>\n\n"

    # Shortcodes --------------------------------------------------------------------------------

    def shortcodes_to_html(self, text: str, depth: int = 0) -> str:
        out, position = [], 0
        while True:
            match = _SHORTCODE_OPEN.search(text, position)
            if match is None or depth > 8:
                out.append(text[position:])
                return "".join(out)
            name, raw_attributes, self_closing = match.group(1), match.group(2), match.group(3)
            if match.start() > 0 and text[match.start() - 1] == "[":  # [[escaped]]: shown literally by WordPress
                out.append(text[position : match.end()])
                position = match.end()
                continue
            closing = f"[/{name}]"
            end = -1 if self_closing else text.find(closing, match.end())
            is_shortcode = (
                name.lower() in KNOWN_SHORTCODES or bool(raw_attributes.strip()) or bool(self_closing) or end >= 0
            )
            if not is_shortcode:
                out.append(text[position : match.end()])
                position = match.end()
                continue
            out.append(text[position : match.start()])
            inner = text[match.end() : end] if end >= 0 else ""
            position = end + len(closing) if end >= 0 else match.end()
            out.append(self.shortcode(name.lower(), attributes(raw_attributes), inner, depth))

    def shortcode(self, name: str, attrs: dict[str, str], inner: str, depth: int) -> str:
        if name in ("caption", "wp_caption"):
            return self.caption(attrs, inner)
        if name == "embed":
            url = values.url(html.unescape(values.text(inner)))
            if url:
                return self.token([("embed", url)])
            self.warnings.append("an [embed] without a usable URL was left out")
            return ""
        if name == "gallery":
            return self.gallery(attrs)
        self.shortcodes.append(name)
        return self.shortcodes_to_html(inner, depth + 1) if inner else ""

    def caption(self, attrs: dict[str, str], inner: str) -> str:
        fragment = lxml.html.fragment_fromstring(inner or "<span></span>", create_parent="div")
        images = fragment.xpath(".//img")
        if not images:
            return html.escape(values.text(inner))
        image = images[0]
        for element in fragment.xpath(".//img|.//a[.//img]"):
            if element.getparent() is not None:
                element.drop_tree()
        caption = attrs.get("caption") or values.text(fragment.text_content())
        figure = lxml.html.Element("figure")
        image.tail = None
        figure.append(image)
        if caption:
            figcaption = etree.SubElement(figure, "figcaption")
            figcaption.text = caption
        return "\n\n" + lxml.html.tostring(figure, encoding="unicode") + "\n\n"

    def gallery(self, attrs: dict[str, str]) -> str:
        ids = [int(part) for part in re.findall(r"\d+", attrs.get("ids", "") or attrs.get("include", ""))]
        if not ids:  # a gallery of the post's own attachments
            ids = [a.id for a in self.site.attachments.values() if a.parent == self.post_id]
        images, missing = [], []
        for number in ids[:60]:
            attachment = self.site.attachments.get(number)
            if attachment is None or not attachment.url:
                missing.append(str(number))
            else:
                images.append(("image", attachment_image(attachment)))
        if missing:
            self.warnings.append(f"[gallery]: attachment(s) {', '.join(missing)} not in the export, left out")
        return self.token(images) if images else ""

    # HTML ------------------------------------------------------------------------------------

    def gutenberg_embeds(self, text: str) -> str:
        def replace(match: re.Match) -> str:
            try:
                data = json.loads(match.group(1))
            except ValueError:
                data = {}
            url = values.url(data.get("url") if isinstance(data, dict) else "")
            return self.token([("embed", url)]) if url else ""

        return _GUTENBERG_EMBED.sub(replace, text)

    def prepare(self, container) -> None:
        """Shapes the body walker does not read, made into ones it does."""
        for table in list(container.iter("table")):
            block = table_block(table)
            target, parent = table, table.getparent()
            if parent is not None and parent.tag == "figure" and not parent.xpath(".//img"):
                target = parent  # Gutenberg's table block: a figure around the table, its caption beside
                captions = parent.xpath("./figcaption")
                if block and captions and not block[1]["caption"]:
                    block[1]["caption"] = values.text(captions[0].text_content(), 255)
            marker = lxml.html.Element("div")
            marker.text = PLACEHOLDER.format(len(self.replacements))
            self.replacements.append([block] if block else [])
            marker.tail = target.tail
            target.getparent().replace(target, marker)
        # a gallery is a figure (or list) of figures: each inner figure is a photo of its own
        for element in list(container.iter("figure", "ul", "ol", "li")):
            inside = element.xpath(".//figure|.//img") if element.getparent() is not None else []
            if inside and (element.tag != "figure" or element.xpath(".//figure")):
                element.drop_tag()
        for image in container.iter("img"):
            found = _WP_IMAGE_CLASS.search(image.get("class") or "")
            attachment = self.site.attachments.get(int(found.group(1))) if found else None
            if attachment is not None and image.get("src"):
                self.by_src[image.get("src")] = attachment
            elif attachment is not None:
                image.set("src", attachment.url)
                self.by_src[attachment.url] = attachment

    def enrich(self, image: ImageDraft) -> ImageDraft:
        """A photo's caption, credit and alt text from its attachment where the post's HTML has none."""
        attachment = (
            self.by_src.get(image.url)
            or self.site.attachments_by_url.get(image.url)
            or self.site.attachments_by_url.get(unsized(image.url))
        )
        if attachment is None:
            return image
        image.caption = image.caption or values.text(attachment.caption, MAX_CAPTION)
        image.credit = image.credit or values.credit(attachment.credit, MAX_CREDIT)
        image.alt_text = image.alt_text or values.text(attachment.alt, MAX_CREDIT)
        return image

    def expand(self, blocks: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for kind, value in blocks:
            if kind == "image":
                out.append((kind, self.enrich(value)))
                continue
            text = values.text(value) if kind == "paragraph" else ""
            tokens = _TOKEN.findall(text)
            if not tokens:
                out.append((kind, value))
                continue
            rest = _TOKEN.sub("", value)
            if values.text(rest):
                out.append((kind, rest))
            for number in tokens:
                index = int(number)
                if index < len(self.replacements):
                    out.extend((k, self.enrich(v) if k == "image" else v) for k, v in self.replacements[index])
        return out


def autop(text: str) -> str:
    """WordPress's ``wpautop``, simplified: blank lines make paragraphs, single newlines line breaks,
    and chunks that already start with a block element are left as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _COMMENT.sub("", text)  # Gutenberg's block delimiters: the HTML between them is what counts
    chunks = re.split(r"\n\s*\n", text)
    out = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if _BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def post_body(content: str, site: WPSite, post_id: int = 0, base_url: str = "") -> PostBody:
    """The blocks of a post's ``content:encoded``."""
    converter = _Converter(site, post_id)
    text = converter.gutenberg_embeds(content or "")
    text = converter.shortcodes_to_html(text)
    text = autop(text)
    result = PostBody(shortcodes=converter.shortcodes, warnings=converter.warnings)
    if not values.text(text) and "<img" not in text and not converter.replacements:
        return result
    try:
        container = lxml.html.fragment_fromstring(text or "<p></p>", create_parent="div")
    except (ValueError, lxml.etree.ParserError) as error:
        result.warnings.append(f"the content could not be parsed: {error}")
        return result
    converter.prepare(container)
    blocks = body_from_html(container, base_url, result.warnings)
    result.blocks = converter.expand(blocks)
    return result

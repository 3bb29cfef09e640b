"""Read caption / credit / rights metadata embedded in photos by photo desks.

Two embeddings are read, both through Pillow:

* IPTC-IIM (the "IPTC header": Photoshop APP13 resource 0x0404 in JPEG, tag
  33723 in TIFF) via :func:`PIL.IptcImagePlugin.getiptcinfo`;
* XMP (JPEG APP1, TIFF, PNG, WebP, ...) via :meth:`PIL.Image.Image.getxmp`,
  which parses with ``defusedxml`` (DTD entity expansion and external
  references are refused).  XMP is only read when ``defusedxml`` can be
  imported; Pillow would otherwise have nothing safe to parse with.

The image is only opened (headers and metadata segments), never decoded.
Where a field is present in both, the XMP value wins (field by field).

:func:`read_photo_metadata` never raises: unreadable, truncated, oversized or
hostile metadata yields empty fields, and the problem is logged.
"""

from __future__ import annotations

import inspect
import logging
import unicodedata
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from PIL import Image, ImageFile, IptcImagePlugin

try:
    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as _defused_element_tree
except ImportError:  # pragma: no cover - defusedxml is a project dependency
    DefusedXmlException = None
    _defused_element_tree = None

__all__ = ["PhotoMetadata", "read_photo_metadata"]

logger = logging.getLogger(__name__)

#: Maximum length of the cleaned caption.
CAPTION_MAX_LENGTH = 1000
#: Maximum length of every other cleaned field (URLs longer than this are dropped).
FIELD_MAX_LENGTH = 255
#: XMP packets larger than this are not parsed at all.  Standard XMP in a JPEG
#: is at most ~64 KiB; TIFF/PNG/WebP packets can be arbitrarily large.
MAX_XMP_BYTES = 1024 * 1024
#: At most this many entries of a list (repeated IPTC dataset, rdf:Seq/Bag)
#: are used.
MAX_LIST_ITEMS = 50

# Formats that can carry IPTC-IIM or XMP; restricting Image.open to them keeps
# the attack surface (and the work done on arbitrary uploads) small.
_FORMATS = ("JPEG", "MPO", "TIFF", "PNG", "WEBP", "AVIF", "HEIF")

# XMP is parsed only if Pillow's getxmp() can use defusedxml.
_XMP_ENABLED = _defused_element_tree is not None and hasattr(_defused_element_tree, "fromstring")
_HOSTILE_XML_ERRORS: tuple[type[BaseException], ...] = (DefusedXmlException,) if DefusedXmlException is not None else ()

# Pillow >= 13 can keep the "{namespace}local" tag names; older versions only
# give local names, which we then match on (less strict, still workable).
try:
    _XMP_KEEPS_NAMESPACES = "strip_namespaces" in inspect.signature(Image.Image.getxmp).parameters
except (AttributeError, TypeError, ValueError):  # pragma: no cover - old Pillow
    _XMP_KEEPS_NAMESPACES = False

# XML namespaces
_NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_NS_XML = "http://www.w3.org/XML/1998/namespace"
_NS_DC = "http://purl.org/dc/elements/1.1/"
_NS_PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
_NS_XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
_NS_PLUS = "http://ns.useplus.org/ldf/xmp/1.0/"

# IPTC-IIM datasets (record 2, "application record")
_IPTC_DATASETS = {
    "caption": (2, 120),  # Caption/Abstract
    "credit": (2, 110),  # Credit (Line)
    "creator": (2, 80),  # By-line
    "copyright_notice": (2, 116),  # Copyright Notice
}

_URL_FIELDS = frozenset({"license_url", "acquire_license_url"})
_URL_VALIDATOR = URLValidator(schemes=["http", "https"])

# Control characters: the whitespace ones (\t, \n, \r, \x0b, \x0c, \x1c-\x1f,
# \x85) become spaces, the others are removed; so are bidi embedding/override/
# isolate controls and the BOM, which only serve to spoof displayed text.
_CLEAN_TABLE: dict[int, str | None] = {
    cp: (" " if chr(cp).isspace() else None) for cp in (*range(0x00, 0x20), *range(0x7F, 0xA0))
}
_CLEAN_TABLE.update(dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF)))


@dataclass(frozen=True)
class PhotoMetadata:
    """Cleaned descriptive and rights metadata of a photo ("" = absent)."""

    caption: str = ""
    credit: str = ""  # IPTC Credit Line (2:110) / photoshop:Credit
    creator: str = ""  # IPTC By-line (2:80) / dc:creator
    copyright_notice: str = ""  # IPTC 2:116 / dc:rights
    license_url: str = ""  # xmpRights:WebStatement
    acquire_license_url: str = ""  # plus:Licensor/plus:LicensorURL

    def is_empty(self) -> bool:
        return not any(getattr(self, field.name) for field in fields(self))


_FIELD_NAMES = tuple(field.name for field in fields(PhotoMetadata))


def read_photo_metadata(fileobj: Any) -> PhotoMetadata:
    """Read IPTC-IIM and XMP metadata, as photo desks embed it, from an image
    file object (seekable; its position is restored afterwards).

    Never raises: broken, truncated, oversized or hostile metadata gives empty
    fields (logged at debug/warning level).
    """
    try:
        position = fileobj.tell()
    except Exception:
        position = None
    try:
        return _read(fileobj)
    except Exception:  # belt and braces: this function must never raise
        logger.warning("Unexpected error while reading photo metadata", exc_info=True)
        return PhotoMetadata()
    finally:
        if position is not None:
            try:
                fileobj.seek(position)
            except Exception:
                logger.debug("Could not restore the file position", exc_info=True)


# --------------------------------------------------------------------------
# Reading


def _read(fileobj: Any) -> PhotoMetadata:
    try:
        image = Image.open(fileobj, formats=_open_formats())
    except Image.DecompressionBombError as exc:
        logger.warning("Not reading photo metadata: %s", exc)
        return PhotoMetadata()
    except Exception as exc:
        logger.debug("Not reading photo metadata, not a readable image: %r", exc)
        return PhotoMetadata()

    with image:  # closes only what Pillow opened, never the caller's file
        iptc = _read_iptc(image)
        xmp = _read_xmp(image)

    return PhotoMetadata(**{name: xmp.get(name) or iptc.get(name) or "" for name in _FIELD_NAMES})


def _open_formats() -> tuple[str, ...]:
    # Image.open() raises KeyError for a format that isn't registered (e.g.
    # HEIF without pillow-heif's opener), so only pass registered ones.
    Image.init()
    return tuple(name for name in _FORMATS if name in Image.OPEN)


def _read_iptc(image: ImageFile.ImageFile) -> dict[str, str]:
    try:
        info = IptcImagePlugin.getiptcinfo(image)
    except Exception as exc:
        logger.debug("Ignoring unreadable IPTC-IIM metadata: %r", exc)
        return {}
    if not info:
        return {}
    result = {}
    for name, dataset in _IPTC_DATASETS.items():
        value = _clean(name, _iptc_text(info.get(dataset)))
        if value:
            result[name] = value
    return result


def _iptc_text(value: Any) -> str:
    items = value if isinstance(value, list) else [value]
    texts = (
        _clean_text(_decode_iptc(item), FIELD_MAX_LENGTH * 4)
        for item in items[:MAX_LIST_ITEMS]
        if isinstance(item, bytes)
    )
    return ", ".join(text for text in texts if text)


def _decode_iptc(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _read_xmp(image: ImageFile.ImageFile) -> dict[str, str]:
    packet = image.info.get("xmp")
    if not packet:
        return {}
    if not _XMP_ENABLED:
        logger.warning("Not reading XMP metadata: defusedxml is not installed")
        return {}
    getxmp = getattr(image, "getxmp", None)
    if getxmp is None or not isinstance(packet, (bytes, str)):
        return {}
    if len(packet) > MAX_XMP_BYTES:
        logger.warning(
            "Not reading XMP metadata: packet of %d bytes exceeds %d",
            len(packet),
            MAX_XMP_BYTES,
        )
        return {}
    probe = packet if isinstance(packet, bytes) else packet.encode("utf-8", "replace")
    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
        # XMP never needs a DTD; defusedxml would refuse entities anyway.
        logger.warning("Not reading XMP metadata: packet contains a DTD")
        return {}
    try:
        # Pillow < 13 only gives local names (see _get())
        tree = getxmp(strip_namespaces=False) if _XMP_KEEPS_NAMESPACES else getxmp()
    except _HOSTILE_XML_ERRORS as exc:
        logger.warning("Refused hostile XMP metadata: %r", exc)
        return {}
    except Exception as exc:
        logger.debug("Ignoring unreadable XMP metadata: %r", exc)
        return {}
    return _extract_xmp(tree) if isinstance(tree, dict) else {}


# --------------------------------------------------------------------------
# XMP structure (as returned by Pillow's getxmp(): nested dicts keyed by
# "{namespace}local" tag/attribute names, lists for repeated children,
# "text" for the text of elements that also have attributes).


def _extract_xmp(tree: dict[str, Any]) -> dict[str, str]:
    extractors = {
        "caption": lambda d: _xmp_text(_get(d, _NS_DC, "description")),
        "credit": lambda d: _xmp_text(_get(d, _NS_PHOTOSHOP, "Credit")),
        "creator": lambda d: _xmp_text(_get(d, _NS_DC, "creator")),
        "copyright_notice": lambda d: _xmp_text(_get(d, _NS_DC, "rights")),
        "license_url": lambda d: _xmp_text(_get(d, _NS_XMP_RIGHTS, "WebStatement")),
        "acquire_license_url": lambda d: _licensor_url(_get(d, _NS_PLUS, "Licensor")),
    }
    result: dict[str, str] = {}
    # Tools often split the properties over several rdf:Description elements.
    for description in _rdf_descriptions(tree):
        for name, extract in extractors.items():
            if name not in result:
                value = _clean(name, extract(description))
                if value:
                    result[name] = value
    return result


def _rdf_descriptions(tree: dict[str, Any]) -> list[dict[str, Any]]:
    descriptions: list[dict[str, Any]] = []
    for tag, root in tree.items():
        # a bare rdf:RDF packet, or one wrapped in x:xmpmeta (or x:xapmeta)
        rdfs = [root] if _is(tag, _NS_RDF, "RDF") else _as_list(_get(root, _NS_RDF, "RDF"))
        for rdf in rdfs[:MAX_LIST_ITEMS]:
            descriptions.extend(
                item for item in _as_list(_get(rdf, _NS_RDF, "Description"))[:MAX_LIST_ITEMS] if isinstance(item, dict)
            )
    return descriptions


def _is(key: str, namespace: str, local: str) -> bool:
    if key == f"{{{namespace}}}{local}":
        return True
    return not _XMP_KEEPS_NAMESPACES and key == local


def _get(node: Any, namespace: str, local: str) -> Any:
    if not isinstance(node, dict):
        return None
    value = node.get(f"{{{namespace}}}{local}")
    if value is None and not _XMP_KEEPS_NAMESPACES:
        value = node.get(local)
    return value


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _xmp_text(value: Any) -> str:
    """Text of a simple property, a language alternative or a Seq/Bag list."""
    if isinstance(value, list):  # property repeated (invalid): first usable one
        for item in value[:MAX_LIST_ITEMS]:
            text = _xmp_text(item) if not isinstance(item, list) else ""
            if text.strip():
                return text
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    alternatives = _first(_get(value, _NS_RDF, "Alt"))
    if alternatives is not None:
        return _language_alternative(alternatives)
    for container in ("Seq", "Bag"):
        items = _first(_get(value, _NS_RDF, container))
        if items is not None:
            texts = (
                _clean_text(_li_text(item), FIELD_MAX_LENGTH * 4)
                for item in _as_list(_get(items, _NS_RDF, "li"))[:MAX_LIST_ITEMS]
            )
            return ", ".join(text for text in texts if text)
    text = value.get("text")
    if isinstance(text, str):
        return text
    resource = _get(value, _NS_RDF, "resource")  # <prop rdf:resource="URI"/>
    return resource if isinstance(resource, str) else ""


def _language_alternative(alternatives: Any) -> str:
    """The x-default entry of an rdf:Alt, else its first non-empty entry."""
    fallback = ""
    for item in _as_list(_get(alternatives, _NS_RDF, "li"))[:MAX_LIST_ITEMS]:
        text = _li_text(item)
        if not text.strip():
            continue
        language = _get(item, _NS_XML, "lang")
        if isinstance(language, str) and language.lower() == "x-default":
            return text
        fallback = fallback or text
    return fallback


def _li_text(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        text = item.get("text")
        if isinstance(text, str):
            return text
    return ""


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _licensor_url(value: Any) -> str:
    """First valid plus:LicensorURL of a plus:Licensor Seq/Bag of structures."""
    for licensor in _as_list(value)[:MAX_LIST_ITEMS]:
        if not isinstance(licensor, dict):
            continue
        items = [
            item
            for container in ("Seq", "Bag", "Alt")
            for node in _as_list(_get(licensor, _NS_RDF, container))[:MAX_LIST_ITEMS]
            for item in _as_list(_get(node, _NS_RDF, "li"))[:MAX_LIST_ITEMS]
        ] or [licensor]  # lenient: a bare structure instead of a list
        for item in items:
            if not isinstance(item, dict):
                continue
            # the structure is either inline (rdf:parseType="Resource" or
            # attributes) or wrapped in an rdf:Description
            structures = [item] + [
                nested for nested in _as_list(_get(item, _NS_RDF, "Description")) if isinstance(nested, dict)
            ]
            for structure in structures:
                url = _clean_url(_xmp_text(_get(structure, _NS_PLUS, "LicensorURL")))
                if url:
                    return url
    return ""


# --------------------------------------------------------------------------
# Cleaning


def _clean(name: str, value: str) -> str:
    if name in _URL_FIELDS:
        return _clean_url(value)
    max_length = CAPTION_MAX_LENGTH if name == "caption" else FIELD_MAX_LENGTH
    return _clean_text(value, max_length)


def _clean_text(value: str, max_length: int) -> str:
    """Remove control characters, collapse whitespace, NFC, cap the length."""
    if not value:
        return ""
    value = " ".join(value.translate(_CLEAN_TABLE).split())
    # bound the work of normalisation on huge values (NFC never more than
    # triples a string, and only rarely shortens one)
    value = unicodedata.normalize("NFC", value[: max_length * 4])
    return value[:max_length].rstrip()


def _clean_url(value: str) -> str:
    """The URL if it is a plausible http(s) URL, else ""."""
    url = _clean_text(value, FIELD_MAX_LENGTH + 1)
    if not url or len(url) > FIELD_MAX_LENGTH or " " in url:
        return ""
    try:
        parts = urlsplit(url)
        if (
            parts.scheme.lower() not in ("http", "https")
            or not parts.hostname
            or parts.username is not None
            or parts.password is not None
        ):
            return ""
        _URL_VALIDATOR(url)
    except (ValueError, ValidationError):
        return ""
    return url

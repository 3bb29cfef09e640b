"""Turn whatever a page said (JSON-like values of any shape) into plain, bounded Python values.

Every function takes any JSON-like value and never raises on odd input: a wrong type or an
unparseable date is simply "nothing". Extraction uses them to decide whether a syntax really gave a
field, and mapping uses them to build the draft, so both agree on what counts as a value.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]{0,2000}>")
MAX_DEPTH = 8
DASHES = "\u2014\u2013- "  # em dash, en dash, hyphen, space: what separates a dateline from the text


def first(value: Any) -> Any:
    """The first item of a list (skipping empty ones), or the value itself."""
    if isinstance(value, list | tuple):
        for item in value:
            if item not in (None, "", [], {}):
                return item
        return None
    return value


def as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [item for item in value if item is not None]
    return [value]


def text(value: Any, max_length: int | None = None, _depth: int = 0) -> str:
    """A single line of text: strings as they are (tags stripped, entities decoded, spaces collapsed);
    a node's ``name`` or ``@value``; the first of a list; numbers as strings; anything else ``""``."""
    if _depth > MAX_DEPTH:
        return ""
    value = first(value)
    if isinstance(value, dict):
        for key in ("@value", "name", "text"):
            if key in value:
                return text(value[key], max_length, _depth + 1)
        return ""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return ""
    if "<" in value:
        value = _TAG.sub(" ", value)
    if "&" in value:
        value = html.unescape(value)
    value = _SPACE.sub(" ", value).strip()
    if not value.isprintable():  # rare: filter only then (the common case stays in C)
        value = "".join(ch for ch in value if ch.isprintable() or ch == " ")
    if max_length is not None and len(value) > max_length:
        value = value[: max_length - 1].rstrip() + "…"
    return value


def long_text(value: Any, _depth: int = 0) -> str:
    """Multi-line text (articleBody): paragraphs kept, other whitespace tidied."""
    if _depth > MAX_DEPTH:
        return ""
    value = first(value)
    if isinstance(value, dict):
        return long_text(value.get("@value", ""), _depth + 1)
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def date(value: Any) -> dt.datetime | None:
    """An aware datetime from ISO 8601 (date or date-time), or None. Naive times use the site's zone."""
    raw = text(value, 64)
    if not raw:
        return None
    raw = raw.replace("Z", "+00:00") if raw.endswith("Z") else raw
    try:
        parsed = parse_datetime(raw) or parse_datetime(raw.replace(" ", "T", 1))
        if parsed is None:
            day = parse_date(raw[:10]) if len(raw) >= 10 else None
            if day is None:
                return None
            parsed = dt.datetime(day.year, day.month, day.day)
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
        if not 1900 <= parsed.year <= 2200:
            return None
        return parsed
    except (ValueError, OverflowError, TypeError):
        return None


def url(value: Any, base: str = "", max_length: int = 500, _depth: int = 0) -> str:
    """An absolute http(s) URL (resolved against ``base``), or ``""``.

    Nothing else ever comes out: a page read from disk has no http(s) base of its own, so its relative
    URLs resolve only against its ``<base href>`` or canonical URL (see ``extract.document_base``), and
    never to a ``file:`` path.
    """
    if _depth > MAX_DEPTH:
        return ""
    value = first(value)
    if isinstance(value, dict):
        for key in ("contentUrl", "url", "@id", "@value"):
            if key in value:
                found = url(value[key], base, max_length, _depth + 1)
                if found:
                    return found
        return ""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if not value or any(ch.isspace() for ch in value) or len(value) > max_length:
        return ""
    try:
        absolute = urljoin(base, value) if base else value
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return ""
    return absolute if len(absolute) <= max_length else ""


_CREDIT_LABEL = re.compile(r"^(?:photo(?:graph)?s?|images?|pictures?|credit)\s*(?:by\b)?\s*[:/]?\s*", re.IGNORECASE)


def credit(value: Any, max_length: int = 255) -> str:
    """A photo credit without its label or brackets: "(Photo: Jane Roe/Agency)" → "Jane Roe/Agency"."""
    found = text(value, max_length * 2).strip()
    if found.startswith("(") and found.endswith(")"):
        found = found[1:-1].strip()
    stripped = _CREDIT_LABEL.sub("", found, count=1)
    return text(stripped or found, max_length)


def keywords(value: Any, limit: int = 50) -> list[str]:
    """Tags from a comma-separated string or a list, de-duplicated case-insensitively, in order."""
    items: list[str] = []
    for item in as_list(value)[:500]:
        if isinstance(item, str):
            items.extend(item.split(","))
        else:
            items.append(text(item))
    seen: set[str] = set()
    tags = []
    for item in items:
        tag = text(item, 100)
        if tag and tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
        if len(tags) >= limit:
            break
    return tags


def types(node: Any) -> list[str]:
    """A node's schema.org types, short names (``NewsArticle``), whatever vocabulary URL they use."""
    if not isinstance(node, dict):
        return []
    raw = node.get("@type", node.get("type"))
    names = []
    for item in as_list(raw):
        if isinstance(item, str):
            names.append(item.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].split(":")[-1])
    return names

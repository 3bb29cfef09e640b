"""Turning Python values into JSON-LD values: dates with offsets, safe absolute URLs, plain text."""

from __future__ import annotations

import datetime
import html
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import strip_tags

from .conf import get_setting

#: Properties whose string values are URLs. They are made absolute and dropped unless their scheme
#: is in ``ALLOWED_URL_SCHEMES``: a ``javascript:`` or ``data:`` URL never reaches the page.
URL_PROPERTIES = frozenset(
    {
        "@id", "url", "contentUrl", "embedUrl", "thumbnailUrl", "sameAs", "license", "acquireLicensePage",
        "item", "image", "logo", "mainEntityOfPage", "isBasedOn", "discussionUrl", "significantLink",
        "relatedLink", "archivedAt", "publishingPrinciples", "ethicsPolicy", "correctionsPolicy", "masthead",
        "diversityPolicy", "diversityStaffingReport", "actionableFeedbackPolicy", "verificationFactCheckingPolicy",
        "unnamedSourcesPolicy", "noBylinesPolicy", "ownershipFundingInfo", "missionCoveragePrioritiesPolicy",
        "primaryImageOfPage", "hasMap", "installUrl", "downloadUrl", "target", "urlTemplate",
    }
)  # fmt: skip

#: An http(s) URL with a host and nothing to hide, returned as it is. Brackets (an IPv6 host, valid or
#: not) and an empty host take the slow path, which refuses what ``urlsplit`` cannot read.
_SAFE_ABSOLUTE = re.compile(r"(https?)://[^/?#\[\]\x00-\x20\x7f\\]+(?:[/?#][^\x00-\x20\x7f\\]*)?\Z")
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_BLOCK_END = re.compile(r"(?i)(</(p|li|h[1-6]|blockquote|div|ul|ol)\s*>|<br\s*/?>)")


class Ref(dict[str, Any]):
    """``{"@id": ...}`` pointing at a node already in the graph (its id was cleaned when it was added)."""

    __slots__ = ()


def iso_datetime(value: datetime.datetime | datetime.date) -> str:
    """ISO 8601 with the UTC offset of the current time zone (dates stay dates)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def clean_url(value: Any, base: str | None = None) -> str | None:
    """An absolute URL with an allowed scheme, or None.

    Relative URLs are resolved against ``base`` (the site root). Tabs and newlines inside a URL,
    which browsers ignore, cannot smuggle a scheme past the check: ``urlsplit`` drops them too.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    fast = _SAFE_ABSOLUTE.match(text)
    if fast and fast.group(1) in get_setting("ALLOWED_URL_SCHEMES"):
        return text  # the common case: an absolute http(s) URL with a host and nothing to hide
    try:
        parts = urlsplit(text)
        if not parts.scheme and base:
            parts = urlsplit(urljoin(base, text))
    except ValueError:  # e.g. an invalid IPv6 netloc
        return None
    if parts.scheme.lower() not in get_setting("ALLOWED_URL_SCHEMES") or not parts.netloc:
        return None
    return urlunsplit(parts)


def html_to_text(value: str | None) -> str:
    """Text of an HTML fragment as a reader sees it: tags gone, entities decoded, spaces collapsed."""
    if not value:
        return ""
    return _html_to_text(str(value))


@lru_cache(maxsize=4096)
def _html_to_text(value: str) -> str:
    # Django's strip_tags runs an HTMLParser (tens of microseconds for a bio): the same bios and
    # captions come back on every page that shows them, so their text is kept.
    text = html.unescape(strip_tags(_BLOCK_END.sub(" ", value)))
    return _HTML_WHITESPACE.sub(" ", text).strip(" \t\n\r\f")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold.

    Those are the C0 controls other than tab, newline and carriage return, lone surrogates, U+FFFE
    and U+FFFF. An editor can paste them into a headline (JSON-LD escapes them), but in a feed or a
    sitemap they make the whole file unreadable, and Django's feed writer refuses them outright.
    """
    return _XML_INVALID.sub("", value)


def xml_safe(value: Any) -> Any:
    """``value`` with :func:`xml_text` applied to every string inside it (dicts, lists and tuples)."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(xml_safe(item) for item in value)
    return value


def word_count(text: str) -> int:
    return len(text.split())


def normalize(value: Any, key: str = "", base: str | None = None, entity: Callable[[Any], Any] | None = None) -> Any:
    """A JSON-ready value for property ``key``, or None to leave the property out.

    ``entity`` is a callback turning a model instance into a ``{"@id": ...}`` reference (the graph
    builder passes one that looks the model up in the schema registry); anything else that is not a
    plain value raises ``TypeError`` rather than being printed with ``str()``.

    Anything empty (``""``, ``[]``, a node with nothing to say) comes back as None, except a
    :class:`Ref`, which is returned as given: so the loops below test Refs for emptiness and
    anything else only for None.
    """
    kind = type(value)  # exact types first: this runs for every value of every node
    if kind is Ref:
        return value
    if kind is str:
        if key in URL_PROPERTIES:
            return clean_url(value, base)
        return value or None
    if kind is dict:
        allowed_schemes = get_setting("ALLOWED_URL_SCHEMES")
        node = {}
        for name, item in value.items():
            # The common values inline: a graph has a couple of hundred, and a call each adds up.
            item_kind = type(item)
            if item_kind is str:
                if not item:
                    continue
                if name in URL_PROPERTIES:
                    text = item.strip()
                    fast = _SAFE_ABSOLUTE.match(text)  # clean_url's common case, as clean_url checks it
                    if fast is not None and fast.group(1) in allowed_schemes:
                        item = text
                    else:
                        item = clean_url(item, base)
                        if item is None:
                            continue
            elif item is None:
                continue
            elif item_kind is Ref:
                if not item:
                    continue
            elif item_kind is int or item_kind is bool:
                pass
            elif name == "@type":  # kept as given, unless empty
                if item == [] or item == {}:
                    continue
            else:
                item = normalize(item, name, base, entity)
                if item is None:
                    continue
            node[name] = item
        if "@id" in value and "@id" not in node:
            return None  # a reference whose URL was unsafe leads nowhere
        if len(node) <= 1 and (not node or "@type" in node):
            return None  # a typed node with nothing left to say
        return node
    if kind is list or kind is tuple:
        items = []
        for item in value:
            if type(item) is Ref:
                if not item:
                    continue
            else:
                item = normalize(item, key, base, entity)
                if item is None:
                    continue
            items.append(item)
        return items or None
    if kind is datetime.datetime:
        return iso_datetime(value)
    if value is None or kind is bool or kind is int:
        return value
    if isinstance(value, Promise):
        return normalize(str(value), key, base, entity)
    if isinstance(value, str):  # a str subclass, e.g. SafeString, whose str() is itself
        return normalize(str.__str__(value), key, base, entity)
    if isinstance(value, int):  # an int subclass (bool cannot be subclassed: exact bools are handled above)
        return int(value)
    if isinstance(value, (float, Decimal)):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, (datetime.datetime, datetime.date)):
        return iso_datetime(value)
    if isinstance(value, Mapping):
        return normalize(dict(value), key, base, entity)
    if isinstance(value, (list, tuple, set, frozenset)):
        return normalize(list(value), key, base, entity)
    if entity is not None:
        ref = entity(value)
        if ref is not None:
            return ref
    raise TypeError(f"structured_data cannot put a {type(value).__name__} into JSON-LD property {key!r}")

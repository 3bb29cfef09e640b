"""Comparing what the markup says with what a reader sees, on any site's layout.

Pages style text (``text-transform: uppercase``), swap quotes and dashes for typographic ones, glue
a credit to its caption with no space or put it in brackets, and prefix it with "Photo:" or "By".
None of that changes what a reader reads, so none of it may count as a difference. Both sides are
reduced to :func:`words`: NFKC, case-folded, accents and punctuation dropped; a value is visible
when its words appear in order, side by side, in the page's words (:meth:`VisibleText.shows`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import lxml.etree

#: Words that introduce a byline or a credit rather than belong to it.
_PREFIX = re.compile(
    r"""^\s*(?:
        (?:written|words|reporting|reported|story|text|article)\s+by
      | (?:photo(?:graph)?s?|pictures?|pics?|images?|fotos?|video|illustrations?|graphics?)(?:\s+by)?
      | (?:credits?|source|courtesy(?:\s+of)?|copyright|by|von|par|por)
    )(?:\s*[:\-\u2013\u2014|/]\s*|\s+)""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT = re.compile(r"^\s*(?:\u00a9|\(c\)|copyright\b)\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?\b)?\s*", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,500}>")
#: Combining marks (accents once NFKD has split them off): Latin, Greek, Cyrillic, and the extended blocks.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_WORD = re.compile(r"[^\w]+|_+")
#: Elements whose text no reader sees (``noscript`` is kept: lazy-loading themes put figures in it).
_SKIPPED_TAGS = frozenset({"script", "style", "template", "head", "title", "svg", "math"})


def clean_markup_text(value: str) -> str:
    """A markup value as a reader would see it: entities decoded and stray tags removed (CMSs leave both)."""
    text = html.unescape(value) if "&" in value else value
    if "<" in text:
        text = _TAG.sub(" ", text)
    return text


def strip_prefix(value: str) -> str:
    """``"Photo: Jane Doe"`` → ``"Jane Doe"``; ``"By Jane Doe"`` → ``"Jane Doe"`` (once, at the start)."""
    stripped = _PREFIX.sub("", _COPYRIGHT.sub("", value, count=1), count=1)
    return stripped if stripped.strip() else value


def words(text: str) -> list[str]:
    """The words of ``text`` to compare: NFKC, case-folded, accents dropped, split at non-alphanumerics."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return [word for word in _NOT_WORD.split(text) if word]


def normalise(text: str) -> str:
    """One spelling per text: the words joined by single spaces (quotes, dashes, case and spacing unified)."""
    return " ".join(words(text))


#: Words a name or credit may carry on one side only: honorifics, suffixes, and the glue of credits.
_NAME_EXTRAS = frozenset({"dr", "prof", "sir", "dame", "mr", "mrs", "ms", "mx", "jr", "sr", "ii", "iii", "phd", "md"})
_CREDIT_GLUE = frozenset({"via", "for", "by", "the", "and", "of", "photo", "photos", "photograph", "image", "images",
                          "picture", "credit", "courtesy", "file", "handout", "staff", "copyright", "c"})  # fmt: skip


def significant_words(value: str, *, name: bool = False) -> list[str]:
    """``value``'s words without initials and honorifics (names) or without credit glue ("via", "for")."""
    found = words(value)
    if name:
        kept = [word for word in found if len(word) > 1 and word not in _NAME_EXTRAS]
    else:
        kept = [word for word in found if word not in _CREDIT_GLUE]
    return kept if kept else found


def _padded(items: Iterable[str]) -> str:
    return " " + " ".join(items) + " "


_TEXT_NODES = lxml.etree.XPath(
    "descendant-or-self::text()[not(ancestor::script or ancestor::style or ancestor::template or ancestor::head"
    " or ancestor::title or ancestor::svg or ancestor::math)][not(parent::comment())]"
)


def element_texts(element: Any) -> tuple[list[str], list[str]]:
    """``(spaced, glued)`` text pieces of ``element``: split at every element boundary, and as rendered.

    A credit in its own ``<span>`` right after the caption's last word reads "quay.Jane" on screen but is
    two words; a name split by markup (``<b>J</b>ane``) is one. Keeping both readings accepts either.
    """
    if isinstance(element.tag, str) and element.tag.lower() in _SKIPPED_TAGS:
        return [], []
    texts = [str(text) for text in _TEXT_NODES(element)]
    return [" ".join(texts)], texts


class VisibleText:
    """The words a reader sees in an element (or the whole body), ready for containment tests."""

    def __init__(self, element: Any) -> None:
        spaced, self._glued_parts = element_texts(element)
        self.spaced = _padded(words("".join(spaced)))
        self._glued: str | None = None
        self._squeezed: str | None = None

    @property
    def glued(self) -> str:
        """The words as rendered, with no break at element boundaries (worked out when first needed)."""
        if self._glued is None:
            self._glued = _padded(words("".join(self._glued_parts)))
        return self._glued

    @classmethod
    def of(cls, elements: Iterable[Any]) -> list[VisibleText]:
        return [cls(element) for element in elements]

    def shows(self, value: str) -> bool:
        """Whether ``value``'s words appear in order, side by side, in this text (either reading)."""
        wanted = words(value)
        if not wanted:
            return True
        needle = _padded(wanted)
        if needle in self.spaced or needle in self.glued:  # glued only when spaced fails
            return True
        # A value glued in the markup itself ("Jane Doe/Harbor Press" vs "Jane Doe / Harbor Press") is
        # covered by the split into words; what is left is the page gluing two of the value's words, or
        # spacing a name of a script written without spaces ("山田太郎" shown as "山田 太郎").
        if len(wanted) < 2 and (wanted[0].isascii() or len(wanted[0]) < 2):
            return False
        if self._squeezed is None:
            self._squeezed = self.glued.replace(" ", "")
        return "".join(wanted) in self._squeezed

    def has_words(self, value: str | list[str]) -> bool:
        """Whether every word of ``value`` appears somewhere here, in any order ("Doe, Jane")."""
        wanted = words(value) if isinstance(value, str) else value
        return bool(wanted) and all(f" {word} " in self.spaced or f" {word} " in self.glued for word in wanted)

    def shows_name(self, name: str) -> bool:
        """A person's name, also without middle initials or honorifics ("Jane Q. Doe" shown as "Jane Doe")."""
        if self.shows(name):
            return True
        kept = significant_words(name, name=True)
        return len(kept) >= 2 and _padded(kept) in self.spaced

    def __bool__(self) -> bool:
        return self.spaced.strip() != ""

    def __str__(self) -> str:
        return self.spaced.strip()


def shown_in(value: str, texts: Iterable[VisibleText]) -> bool:
    return any(text.shows(value) for text in texts)

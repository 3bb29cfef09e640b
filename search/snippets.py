"""Search result snippets with the reader's words highlighted, safe by construction.

Wagtail's database backends return no highlights, so the snippet is built here: from the text
everyone may read (the standfirst and the free part of the body, never the paywalled part nor the
passages kept out of snippets), a window around the first matching word, every piece escaped and
only our own ``<mark>`` elements added. Words match by prefix, accents and case aside, so a stemmed
match (``elections`` for ``election``) is highlighted too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from structured_data import html_to_text

SNIPPET_LENGTH = 240


def _fold(text: str) -> str:
    """``text`` without accents, in lower case (what matching compares)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stem(term: str) -> str:
    """The start of a word that counts as a match for ``term``: ``election`` for ``elections``."""
    return term[: max(4, len(term) - 2)] if len(term) > 4 else term


@lru_cache(maxsize=256)
def matcher(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the words that start like any of ``terms``, in any case, with or without
    accents (``elec`` matches ``Élection``): each letter of a stem also matches its accented forms."""
    stems = sorted({_stem(_fold(term)) for term in terms if term}, key=len, reverse=True)
    if not stems:
        return None
    alternatives = "|".join("".join(_letter_class(char) for char in stem) for stem in stems)
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def _letter_class(char: str) -> str:
    variants = _ACCENTED.get(char)
    return f"[{re.escape(char)}{variants}]" if variants else re.escape(char)


#: Accented letters by their base letter (Latin-1 and Latin Extended-A: the site's languages).
_ACCENTED: dict[str, str] = {}
for _code in range(0xC0, 0x180):
    _char = chr(_code)
    _base = _fold(_char)
    if len(_base) == 1 and _base != _char.casefold():
        _ACCENTED[_base] = _ACCENTED.get(_base, "") + _char


def free_text(article) -> str:
    """The quotable free text of ``article``'s body, read from the stored blocks (no query)."""
    parts = []
    for block in article.body.raw_data[: article.free_block_count()]:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph" and isinstance(value, str):
            parts.append(html_to_text(value))
        elif kind == "heading" and isinstance(value, dict):
            parts.append(str(value.get("text") or ""))
        elif kind == "quote" and isinstance(value, dict):
            parts.append(str(value.get("quote") or ""))
    return " ".join(part for part in parts if part)


def highlight(text: str, terms: Sequence[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """Up to ``length`` characters of ``text`` around its first match, escaped, matches in ``<mark>``."""
    pattern = matcher(tuple(terms))
    matching = list(pattern.finditer(text)) if pattern else []
    start = 0
    if matching and matching[0].start() > length // 3:
        start = text.rfind(" ", 0, matching[0].start() - length // 3) + 1
    end = len(text) if len(text) - start <= length else text.rfind(" ", start, start + length)
    if end <= start:
        end = min(len(text), start + length)
    pieces: list[str] = []
    position = start
    for match in matching:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (every piece above is escaped)


def snippet(article, terms: Sequence[str]) -> SafeString:
    """The snippet shown under a result: the standfirst if it matches, else the free part of the body
    where it matches, else the standfirst."""
    pattern = matcher(tuple(terms))
    body = "" if getattr(article, "nosnippet", False) else free_text(article)
    for text in (article.standfirst, body):
        if text and pattern is not None and pattern.search(text):
            return highlight(text, terms)
    return highlight(article.standfirst or body, terms)

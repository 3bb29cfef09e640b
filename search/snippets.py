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
from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from structured_data import html_to_text

_WORD = re.compile(r"[^\W_]+")
SNIPPET_LENGTH = 240


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _matches(word: str, terms: Sequence[str]) -> bool:
    folded = _fold(word)
    for term in terms:
        stem = term[: max(4, len(term) - 2)] if len(term) > 4 else term
        if folded.startswith(stem) or (len(folded) >= 4 and term.startswith(folded)):
            return True
    return False


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
    folded_terms = [_fold(term) for term in terms]
    words = list(_WORD.finditer(text))
    matching = [match for match in words if folded_terms and _matches(match.group(), folded_terms)]
    start = 0
    if matching and matching[0].start() > length // 3:
        start = text.rfind(" ", 0, matching[0].start() - length // 3) + 1
    end = len(text) if len(text) - start <= length else text.rfind(" ", start, start + length)
    if end <= start:
        end = min(len(text), start + length)
    pieces, position = [], start
    for match in matching:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # every piece above is escaped


def snippet(article, terms: Sequence[str]) -> SafeString:
    """The snippet shown under a result: from the body's free part where it matches, else the standfirst."""
    body = "" if getattr(article, "nosnippet", False) else free_text(article)
    folded_terms = [_fold(term) for term in terms]
    for text in _candidates(body, article.standfirst):
        if any(_matches(match.group(), folded_terms) for match in _WORD.finditer(text)):
            return highlight(text, terms)
    return highlight(article.standfirst or body, terms)


def _candidates(body: str, standfirst: str) -> Iterable[str]:
    yield from (text for text in (standfirst, body) if text)

"""What a reader asked: the query's words and the filters, read from ``GET`` and checked.

Nothing a reader types reaches the search backend as syntax: the query is cut to a bounded length,
stripped of control characters, and reduced to its words (letters and digits in any script), so
quotes, operators, brackets and emoji are ignored rather than parsed. Filters that do not parse
(an unknown section, ``from=yesterday``) are dropped and reported, never an error.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict

from .conf import get_setting

#: The query parameters a results page reads (all in the page cache's KEY_PARAMS).
PARAMS = ("q", "sort", "section", "author", "language", "from", "to", "page")
SORTS = ("relevance", "newest")
_WORD = re.compile(r"[^\W_]+")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,255}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def words(text: str) -> list[str]:
    """The words of ``text`` (lower case), at most ``MAX_TERMS``, each at most 50 characters."""
    return [word.lower()[:50] for word in _WORD.findall(text)][: get_setting("MAX_TERMS")]


def normalise(text: str) -> str:
    """The spelling of a query that results pages link to and the page cache may keep."""
    return " ".join(words(text))


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _one(query: QueryDict, name: str) -> str:
    """The first value of ``name``, bounded in length (a 1 MB value is cut before anything reads it)."""
    value = query.get(name) or ""
    limit = get_setting("MAX_QUERY_LENGTH") if name == "q" else 255
    return _CONTROL.sub(" ", value[:limit])


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""  # as typed (bounded, control characters removed): shown back in the search box
    terms: tuple[str, ...] = ()
    sort: str = "relevance"
    section: str = ""
    author: str = ""
    language: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    page: int = 1
    ignored: tuple[str, ...] = field(default=())  # parameters dropped because they did not parse

    @classmethod
    def from_query(cls, query: QueryDict) -> SearchRequest:
        ignored = []
        text = _one(query, "q").strip()
        sort = _one(query, "sort")
        if sort and sort not in SORTS:
            ignored.append("sort")
        section, author = _one(query, "section"), _one(query, "author")
        for name, value in (("section", section), ("author", author)):
            if value and not _SLUG.fullmatch(value):
                ignored.append(name)
        language = _one(query, "language")
        if language and language not in dict(settings.LANGUAGES):
            ignored.append("language")
        dates = {}
        for name in ("from", "to"):
            value = _one(query, name)
            dates[name] = _date(value) if value else None
            if value and dates[name] is None:
                ignored.append(name)
        page_text = _one(query, "page")
        page = int(page_text) if page_text.isascii() and page_text.isdigit() and len(page_text) < 7 else 1
        return cls(
            text=text,
            terms=tuple(words(text)),
            sort=sort if sort in SORTS else "relevance",
            section=section if "section" not in ignored else "",
            author=author if "author" not in ignored else "",
            language=language if "language" not in ignored else "",
            date_from=dates["from"],
            date_to=dates["to"],
            page=max(1, min(page, get_setting("MAX_PAGE"))),
            ignored=tuple(ignored),
        )

    @property
    def normalised(self) -> str:
        return " ".join(self.terms)

    @property
    def is_normalised(self) -> bool:
        """Whether the query as typed is already its normalised spelling (the one links use)."""
        return self.text == self.normalised

    @property
    def has_filters(self) -> bool:
        return bool(self.section or self.author or self.language or self.date_from or self.date_to)

    def params(self, **changes: Any) -> dict[str, str]:
        """The query string's parameters for this search with ``changes`` (``""`` or ``None`` removes one);
        defaults are left out, so each search has one URL."""
        request = replace(self, **{key: value for key, value in changes.items() if key != "page"})
        values = {
            "q": request.normalised,
            "sort": "" if request.sort == "relevance" else request.sort,
            "section": request.section,
            "author": request.author,
            "language": request.language,
            "from": request.date_from.isoformat() if request.date_from else "",
            "to": request.date_to.isoformat() if request.date_to else "",
            "page": str(changes.get("page") or ""),
        }
        return {key: value for key, value in values.items() if value and value != "1"}

    def url(self, base: str, **changes: Any) -> str:
        params = self.params(**changes)
        return f"{base}?{urlencode(params)}" if params else base

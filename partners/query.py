"""The list's query parameters, read strictly: anything unreadable is a 400 that says why.

``since`` is an RFC 3339 date-time (``2026-12-07T09:00:00Z``, ``...+01:00``) or an ISO date
(midnight in the site's time zone); ``section`` a section's slug; ``language`` a language code of
the site; ``cursor`` the opaque value of a previous page's ``next``; ``limit`` 1 to ``MAX_LIMIT``.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import ValidationError

from articles.models import SectionPage
from structured_data import visible_pages

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after this (last published, pk), newest first."""

    last_published_at: datetime.datetime
    pk: int

    def encode(self) -> str:
        text = f"{self.last_published_at.isoformat()}|{self.pk}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor:
        try:
            text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            moment, pk = text.split("|")
            parsed = datetime.datetime.fromisoformat(moment)
            if parsed.tzinfo is None:
                raise ValueError("naive")
            return cls(parsed, int(pk))
        except (ValueError, UnicodeDecodeError, binascii.Error):
            raise ValidationError({"cursor": "Not a cursor from this API: use the “next” link as given."}) from None


@dataclass(frozen=True)
class ListQuery:
    since: datetime.datetime | None
    #: The tree paths of the asked-for section (one per language); empty: no ``section`` given.
    section_paths: list[str]
    language: str | None
    cursor: Cursor | None
    limit: int


def parse_since(value: str) -> datetime.datetime:
    # An offset's "+" sent unencoded in a URL arrives as a space: read "...T10:00:00 01:00" as "+01:00".
    value = re.sub(r"(T[0-9:.]+) ([0-9]{2}:?[0-9]{2})$", r"\1+\2", value.strip())
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(
            {"since": f"“{value}” is not a date: give an RFC 3339 date-time (2026-12-07T09:00:00Z) or a date."}
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise ValidationError({"limit": f"A whole number from 1 to {MAX_LIMIT}."})
    return int(value)


def languages() -> set[str]:
    codes = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    return {code.lower() for code, _name in codes}


def parse_query(params, site, scope: set[int] | None) -> ListQuery:
    """The list's query from ``params`` (a QueryDict); ``scope`` the key's section ids, translations
    included (None: all)."""
    since = parse_since(params["since"]) if params.get("since") else None
    section_paths: list[str] = []
    if params.get("section"):
        slug = params["section"].strip()
        sections = visible_pages(SectionPage.objects.all(), site=site).filter(slug=slug)
        if scope is not None:
            sections = sections.filter(pk__in=scope)
        section_paths = list(sections.values_list("path", flat=True))  # the section in each language
        if not section_paths:
            raise ValidationError({"section": f"No section “{slug}” for this key."})
    language = None
    if params.get("language"):
        language = params["language"].strip().lower()
        if language not in languages():
            known = ", ".join(sorted(languages()))
            raise ValidationError({"language": f"No language “{language}” on this site (one of {known})."})
    cursor = Cursor.decode(params["cursor"]) if params.get("cursor") else None
    return ListQuery(since, section_paths, language, cursor, parse_limit(params.get("limit")))

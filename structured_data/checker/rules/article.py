"""Google's Article structured data: headline, dates, authors, publisher.

Google's Article documentation has no required properties, only recommended ones, so a missing
property is a warning. Errors are values Google's documentation rules out: an author that is not a
Person or Organization, a headline that is not text.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

from ..document import Document, as_list, is_ref, parse_iso, path_of, types_of
from ..issues import Issue
from ..registry import Rule, register
from . import sources

HEADLINE_MISSING = Rule(
    "headline-missing", "warning", sources.GOOGLE_ARTICLE_PROPERTIES, "headline is a recommended Article property."
)
HEADLINE_TYPE = Rule(
    "headline-type",
    "error",
    sources.GOOGLE_ARTICLE_PROPERTIES,
    "headline is Text; anything else is not read as the title.",
)
HEADLINE_LONG = Rule(
    "headline-long", "warning", sources.GOOGLE_ARTICLE_PROPERTIES, "Long headlines may be truncated on some devices."
)
DATE_MISSING = Rule(
    "date-missing", "warning", sources.GOOGLE_ARTICLE_PROPERTIES, "datePublished is a recommended Article property."
)
DATE_OFFSET = Rule(
    "date-offset",
    "warning",
    sources.GOOGLE_ARTICLE_PROPERTIES,
    "Google asks for a time zone on date-times; without one it assumes Googlebot's.",
)
DATE_ORDER = Rule(
    "date-order",
    "warning",
    sources.GOOGLE_ARTICLE_PROPERTIES,
    "dateModified before datePublished cannot both be right.",
)
AUTHOR_MISSING = Rule(
    "author-missing", "warning", sources.GOOGLE_ARTICLE_AUTHOR, "author is a recommended Article property."
)
AUTHOR_TEXT = Rule(
    "author-text",
    "warning",
    sources.GOOGLE_ARTICLE_AUTHOR,
    "Google's author best practices ask for a Person or Organization, not a string.",
)
AUTHOR_TYPE = Rule(
    "author-type",
    "error",
    sources.GOOGLE_ARTICLE_AUTHOR,
    "Google reads authors of type Person or Organization (or a subtype) only.",
)
AUTHOR_NAME_MISSING = Rule(
    "author-name-missing", "warning", sources.GOOGLE_ARTICLE_AUTHOR, "author.name is a recommended property."
)
AUTHOR_NAME = Rule(
    "author-name",
    "warning",
    sources.GOOGLE_ARTICLE_AUTHOR,
    "author.name holds only the name: no 'By', job title or second person.",
)
PUBLISHER_MISSING = Rule(
    "publisher-missing",
    "warning",
    sources.GOOGLE_ARTICLE,
    "Without a publisher the article is not tied to its organisation.",
)
PUBLISHER_TYPE = Rule(
    "publisher-type",
    "warning",
    sources.GOOGLE_LOGO,
    "A publisher that is an Organization can carry the logo Google shows.",
)
PUBLISHER_NAME = Rule("publisher-name", "warning", sources.GOOGLE_LOGO, "A publisher without a name cannot be shown.")
PUBLISHER_LOGO = Rule(
    "publisher-logo", "warning", sources.GOOGLE_LOGO, "The publisher's logo is what Google shows for the organisation."
)

#: Google's earlier advice on headline length; today's documentation says longer ones may be truncated.
MAX_HEADLINE_LENGTH = 110
_BY_PREFIX = re.compile(r"(?i)^\s*(by|written by|words by|von|par|por)\s")
_TITLE_IN_NAME = re.compile(
    r"(?i)(,|\s[-\u2013\u2014|]\s)\s*.*\b(editor|reporter|correspondent|writer|columnist|staff|journalist|"
    r"contributor|photographer|producer|analyst|critic)\b"
)
_MULTIPLE_NAMES = re.compile(r"(?i)\s(and|&)\s")


@register(HEADLINE_MISSING, HEADLINE_TYPE, HEADLINE_LONG)
def headline(doc: Document) -> Iterator[Issue]:
    for label, node in doc.articles:
        value = node.get("headline")
        path = f"{label}.headline"
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if value is None or (isinstance(value, str) and not value.strip()):
            yield HEADLINE_MISSING.issue("The article has no headline.", path, "Give it the headline readers see.")
        elif not isinstance(value, str):
            yield HEADLINE_TYPE.issue("The headline is not text.", path)
        elif len(value) > MAX_HEADLINE_LENGTH:
            yield HEADLINE_LONG.issue(
                f"The headline is {len(value)} characters; Google advises at most {MAX_HEADLINE_LENGTH}.",
                path,
                "Keep headlines concise; longer ones may be cut.",
            )


def _comparable(value: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC)


@register(DATE_MISSING, DATE_OFFSET, DATE_ORDER)
def dates(doc: Document) -> Iterator[Issue]:
    """Formats are the vocabulary's rule (date-format); here what Google adds on top."""
    for label, node in doc.articles:
        parsed = {}
        for name in ("datePublished", "dateModified"):
            value = node.get(name)
            if isinstance(value, list) and len(value) == 1:
                value = value[0]
            path = f"{label}.{name}"
            if value is None:
                if name == "datePublished":
                    yield DATE_MISSING.issue("The article has no datePublished.", path)
                continue
            when, has_offset = parse_iso(value)
            if when is None:
                continue
            if isinstance(when, datetime.datetime) and not has_offset:
                yield DATE_OFFSET.issue(
                    f"{name} has no time zone offset: {value!r}.",
                    path,
                    "Add the offset (e.g. +01:00 or Z) so the time is unambiguous.",
                )
            parsed[name] = when
        published, modified = parsed.get("datePublished"), parsed.get("dateModified")
        # A date-only value is compared as its whole day: 2024-04-02 is not before 2024-04-02T09:00.
        if published is not None and modified is not None:
            if isinstance(modified, datetime.date) and not isinstance(modified, datetime.datetime):
                modified = datetime.datetime(modified.year, modified.month, modified.day, 23, 59, 59)
            if _comparable(modified) < _comparable(published):
                yield DATE_ORDER.issue(
                    "dateModified is before datePublished.",
                    f"{label}.dateModified",
                    "A story cannot be updated before it is published.",
                )


def article_authors(doc: Document, node: dict[str, Any], label: str) -> Iterator[tuple[str, Any]]:
    """``(path, author)`` of each author of an article, references resolved."""
    raw = node.get("author")
    for index, item in enumerate(as_list(raw)):
        yield path_of(label, "author", raw, index), doc.resolve(item)


@register(AUTHOR_MISSING, AUTHOR_TEXT, AUTHOR_TYPE, AUTHOR_NAME_MISSING, AUTHOR_NAME)
def authors(doc: Document) -> Iterator[Issue]:
    for label, node in doc.articles:
        if not as_list(node.get("author")):
            yield AUTHOR_MISSING.issue(
                "The article has no author.",
                f"{label}.author",
                "Name each byline author as a Person (or an Organization).",
            )
            continue
        for path, author in article_authors(doc, node, label):
            if isinstance(author, str):
                yield AUTHOR_TEXT.issue(
                    f"The author is plain text ({author!r}).",
                    path,
                    "Make it a Person or Organization with a name and url.",
                )
                continue
            if not isinstance(author, dict) or is_ref(author):
                continue
            is_person = doc.is_a(author, "Person")
            if not is_person and not doc.is_a(author, "Organization"):
                kind = "/".join(types_of(author)) or "node without @type"
                yield AUTHOR_TYPE.issue(f"The author is a {kind}, not a Person or Organization.", f"{path}.@type")
                continue
            name = author.get("name")
            if isinstance(name, list) and name:
                name = name[0]
            if not isinstance(name, str) or not name.strip():
                yield AUTHOR_NAME_MISSING.issue("The author has no name.", f"{path}.name")
                continue
            job_title = author.get("jobTitle")
            if _BY_PREFIX.match(name):
                message = f"The author's name starts with a byline word: {name!r}."
                yield AUTHOR_NAME.issue(message, f"{path}.name", "Put only the name in name.")
            elif (isinstance(job_title, str) and job_title.strip() and job_title.lower() in name.lower()) or (
                is_person and _TITLE_IN_NAME.search(name)
            ):
                message = f"The author's name holds a job title: {name!r}."
                yield AUTHOR_NAME.issue(message, f"{path}.name", "Put only the name in name and the title in jobTitle.")
            elif is_person and _MULTIPLE_NAMES.search(name):
                message = f"The author's name looks like several people: {name!r}."
                yield AUTHOR_NAME.issue(message, f"{path}.name", "Give each author a node of their own.")


@register(PUBLISHER_MISSING, PUBLISHER_TYPE, PUBLISHER_NAME, PUBLISHER_LOGO)
def publisher(doc: Document) -> Iterator[Issue]:
    for label, node in doc.articles:
        raw = node.get("publisher")
        path = f"{label}.publisher"
        if not as_list(raw):
            yield PUBLISHER_MISSING.issue("The article has no publisher.", path)
            continue
        found = doc.resolve(as_list(raw)[0])
        if not isinstance(found, dict) or is_ref(found):
            continue
        if not doc.is_a(found, "Organization"):
            yield PUBLISHER_TYPE.issue(
                "The publisher is not an Organization.", f"{path}.@type", "Use Organization or NewsMediaOrganization."
            )
            continue
        if not found.get("name"):
            yield PUBLISHER_NAME.issue("The publisher has no name.", f"{path}.name")
        if not found.get("logo"):
            yield PUBLISHER_LOGO.issue(
                "The publisher has no logo.",
                f"{path}.logo",
                "Add the logo as an ImageObject with its width and height.",
            )

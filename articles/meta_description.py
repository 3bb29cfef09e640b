"""The ``<meta name="description">`` of every page: the editor's words first, then the page's own summary.

Search engines show it under the result's title. Editors override it with Wagtail's "Search
description" (``search_description``, the Promote tab); otherwise each kind of page has a summary
of its own: an article's standfirst, a section's or the home page's intro, an author's bio.
"""

from __future__ import annotations

from django.utils.html import strip_tags
from django.utils.text import Truncator

#: Search engines show about this many characters; a longer description is cut at a word.
MAX_LENGTH = 160


def _clean(text: str | None) -> str:
    return " ".join(strip_tags(text or "").split())


def author_description(author) -> str:
    """An author's profile: their short bio, else the start of the full bio, else who they are."""
    text = _clean(author.short_bio) or _clean(author.bio)
    if text:
        return text
    role = ", ".join(part for part in (author.job_title, author.organisation) if part)
    return f"{author.name}, {role}." if role else f"Articles by {author.name}."


def page_description(page) -> str:
    """A page's own: the editor's search description, else its standfirst, else its intro."""
    for name in ("search_description", "standfirst", "intro"):
        text = _clean(getattr(page, name, ""))
        if text:
            return text
    return ""


def meta_description(page=None, author=None, fallback: str = "") -> str:
    """The description for what is shown: an author's profile, a page, else ``fallback`` (a site-wide line).

    An author's profile is a route of the authors index: the index's own description describes the
    index, so the author's bio comes first there.
    """
    text = ""
    if author is not None:
        text = author_description(author)
    elif page is not None:
        text = page_description(page)
    text = text or _clean(fallback)
    return Truncator(text).chars(MAX_LENGTH, truncate="…") if text else ""

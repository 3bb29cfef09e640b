"""Absolute links that emails carry besides unsubscribe: the edition's web archive ("View in
browser", the same for every recipient) and the reader's preferences page (signed, per recipient)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from .languages import default_language
from .mail import absolute


def archive_path(newsletter, date: datetime.date, language: str | None = None) -> str:
    """The default language's edition at ``<slug>/<date>/``, another language's at ``<slug>/<date>/<language>/``."""
    if not language or language == default_language():
        return reverse("newsletter_archive:edition", args=[newsletter.slug, date.isoformat()])
    return reverse("newsletter_archive:edition_language", args=[newsletter.slug, date.isoformat(), language])


def archive_url(newsletter_or_base, newsletter, date: datetime.date, language: str | None = None) -> str:
    return absolute(newsletter_or_base, archive_path(newsletter, date, language))


def preferences_url(newsletter_or_base, token: str) -> str:
    """The preferences page for an unsubscribe token (the same signed capability: it names one subscriber)."""
    return absolute(newsletter_or_base, reverse("newsletter:preferences", args=[token]))

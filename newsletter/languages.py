"""The languages a newsletter speaks: the site's ``LANGUAGES``, the default being ``LANGUAGE_CODE``.

A subscriber's language comes from the page they signed up on and may be changed on the preferences
page; one configured no longer (removed from ``LANGUAGES``) reads as the default, so nobody is
left without an edition.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info, get_supported_language_variant


def default_language() -> str:
    return settings.LANGUAGE_CODE


def configured_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def native_language_choices() -> list[tuple[str, str]]:
    """The site's languages, each named in itself (for choosing one, whatever the page's language)."""
    choices = []
    for code, name in settings.LANGUAGES:
        try:
            choices.append((code, get_language_info(code)["name_local"]))
        except KeyError:
            choices.append((code, str(name)))
    return choices


def normalise_language(code: str | None) -> str:
    """``code`` if the site has it (or a variant: "fr-ca" reads as "fr"), else the default language."""
    if not code:
        return default_language()
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return default_language()

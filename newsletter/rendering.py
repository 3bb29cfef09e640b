"""One-off emails (confirmation, welcome) rendered in the reader's language, with the digest's layout
(``templates/newsletter/email/layout.html``) and its CSS inlined.

Copy comes from Django's catalogues (``newsletter/locale``); a phrase missing from a catalogue is
shown in the default language, never blank (gettext's own fallback).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .digest import RenderedEmail
from .inlining import inline_css
from .languages import normalise_language


def render_email(name: str, context: dict, *, language: str | None, subject: str | None = None) -> RenderedEmail:
    """``newsletter/email/<name>.txt`` and ``.html`` (and ``<name>_subject.txt`` unless ``subject`` is given)."""
    with translation.override(normalise_language(language)):
        if subject is None:
            subject = render_to_string(f"newsletter/email/{name}_subject.txt", context)
        subject = " ".join(subject.split())
        context = {**context, "subject": subject}
        return RenderedEmail(
            subject=subject,
            text=render_to_string(f"newsletter/email/{name}.txt", context),
            html=inline_css(render_to_string(f"newsletter/email/{name}.html", context)),
        )


def translated_default(value: str, default: str, language: str | None) -> str:
    """Editor-owned copy: the catalogue's translation of the model's default while editors kept it,
    else what they wrote (in the one language they wrote it in)."""
    if value != default:
        return value
    with translation.override(normalise_language(language)):
        return translation.gettext(default)

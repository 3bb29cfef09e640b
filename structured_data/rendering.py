"""The one place where a graph becomes HTML.

Everything the plugin prints into a page goes through :func:`render_json_ld`: templates never
``|safe`` a ``json.dumps``. Inside a ``<script>`` element the HTML parser ends the element at the
first ``</script``, and ``<!--`` changes how it looks for that end, so ``<``, ``>`` and ``&`` are
written as JSON unicode escapes (exactly what Django's ``json_script`` does); U+2028 and U+2029
are escaped too so the text stays valid JavaScript for tools that ``eval`` it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.utils.safestring import SafeString, mark_safe

#: What ``dumps_json_ld`` replaces, as JSON unicode escapes. (A chain of ``str.replace`` is tens of
#: times faster than ``str.translate`` with a mapping, which goes through Python for every character.)
_SCRIPT_ESCAPES = (
    ("<", "\\u003C"),
    (">", "\\u003E"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def dumps_json_ld(data: Mapping[str, Any]) -> str:
    """Strict JSON for a ``<script type="application/ld+json">`` element, already escaped for HTML.

    Raises ``ValueError`` for NaN or infinite numbers and for strings holding lone surrogates
    (they have no UTF-8 form, and a parser would read them back differently).
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(f"JSON-LD text holds a lone surrogate at position {error.start}") from error
    for character, escape in _SCRIPT_ESCAPES:
        if character in text:
            text = text.replace(character, escape)
    return text


def render_json_ld(data: Mapping[str, Any]) -> SafeString:
    """The ``<script type="application/ld+json">`` element for ``data`` (a graph as plain dicts)."""
    return script_element(dumps_json_ld(data))


def script_element(text: str) -> SafeString:
    """The ``<script type="application/ld+json">`` element around ``text``, which ``dumps_json_ld`` wrote.

    Only for text from ``dumps_json_ld`` (here or stored): it is what makes the text safe inside
    the element.
    """
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped by dumps_json_ld

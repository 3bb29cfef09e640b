"""Captions and credits: the credit split off wherever the page put it.

Pages mark credits with a class or ``itemprop="creditText"`` (read by :mod:`.mapping`), or only in the
text: "A ferry leaves port. Photo: Dan Whitlock/Casco Courier", "... (Credit: AP)", "... (Jane Roe)",
"... — Jane Roe/Reuters", "... © Getty Images". :func:`split_caption_text` handles the text forms.
"""

from __future__ import annotations

import re

from .bylines import agency, looks_like_name

_LABELS = (
    r"photo(?:graph)?s?|credits?|images?|pictures?|pic|source|illustration|graphic|video|foto(?:s|grafie)?|"
    r"bild|crédits?|crédito|photographie|fotografía"
)
_LABELLED = re.compile(
    rf"^(?P<caption>.*?)[\s,;|]*[\[(]?\s*\b(?:{_LABELS})\s*(?:by\b|courtesy(?:\s+of)?\b)?\s*[:©]\s*"
    r"(?P<credit>[^()\[\]]{1,120}?)\s*[\])]?\s*\.?$",
    re.IGNORECASE | re.DOTALL,
)
_LABELLED_BY = re.compile(
    rf"^(?P<caption>.*?)[\s,;|]*[\[(]?\s*\b(?:{_LABELS})\s+(?:by|courtesy(?:\s+of)?)\s+"
    r"(?P<credit>[^()\[\]]{1,120}?)\s*[\])]?\s*\.?$",
    re.IGNORECASE | re.DOTALL,
)
_BRACKETS = re.compile(r"^(?P<caption>.*?)\s*[(\[](?P<credit>[^()\[\]]{1,100})[)\]]\s*\.?$", re.DOTALL)
_COPYRIGHT = re.compile(r"^(?P<caption>.*?)[\s,;|]*(?P<credit>©\s*[^©]{1,100}?)\s*\.?$", re.DOTALL)
_DASH = re.compile(
    r"^(?P<caption>.{8,}?)\s+[\u2014\u2013-]{1,2}\s+(?P<credit>[^\u2014\u2013]{2,100}?)\s*\.?$", re.DOTALL
)
_CREDIT_WORDS = re.compile(
    r"\b(?:photo|photos|images?|getty|pool|epa|efe|ap|afp|reuters|shutterstock|alamy|handout|file|courtesy|"
    r"press|agency|news|staff|contributed|supplied|archive|xinhua|anadolu|bloomberg|dpa|pa|graphic|illustration)\b",
    re.IGNORECASE,
)


def looks_like_credit(text: str) -> bool:
    """A credit: a name, an agency, "Name/Agency", or words credits use ("Getty Images", "AP Photo")."""
    text = text.strip().strip(".")
    if not text or len(text.split()) > 8 or not (text[0].isupper() or text[0] in "©@"):
        return False
    return (
        "/" in text
        or text.startswith("©")
        or bool(_CREDIT_WORDS.search(text))
        or bool(agency(text))
        or looks_like_name(text)
    )


def split_caption_text(text: str) -> tuple[str, str]:
    """``(caption, credit)`` from a caption that carries its credit; ``(text, "")`` when it does not."""
    text = (text or "").strip()
    if not text:
        return "", ""
    for pattern in (_LABELLED, _LABELLED_BY):
        match = pattern.match(text)
        if match and match.group("credit").strip():
            return _tidy_caption(match.group("caption")), _tidy_credit(match.group("credit"))
    match = _COPYRIGHT.match(text)
    if match and match.group("caption"):
        return _tidy_caption(match.group("caption")), _tidy_credit(match.group("credit"))
    match = _BRACKETS.match(text)
    if match and match.group("caption") and looks_like_credit(match.group("credit")):
        return _tidy_caption(match.group("caption")), _tidy_credit(match.group("credit"))
    match = _DASH.match(text)
    if match and looks_like_credit(match.group("credit")):
        return _tidy_caption(match.group("caption")), _tidy_credit(match.group("credit"))
    return text, ""


def _tidy_caption(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" |;,\u2014\u2013-")
    return text


def _tidy_credit(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" .|;,()[]")
    return text

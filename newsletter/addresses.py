"""One spelling per address and one key per mailbox, so that one inbox cannot be signed up many times.

Spellings that differ by a zero-width character or soft hyphen, full-width letters, a Unicode or
punycode domain, or case all reach the same inbox. :func:`normalise_email` maps them to one stored
form (NFKC, default-ignorable code points dropped, lowercase, the domain as IDNA A-labels);
:func:`mailbox_key` also drops the ``+tag``, and is what the rate limit and the one-confirmation-a-day
rule count. :func:`refusal` names the forms we do not take at all: quoted local parts, address
literals, ``localhost`` and single-label domains.
"""

from __future__ import annotations

import re
import unicodedata

import idna

# Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt): invisible when
# rendered, so an address containing one looks, and is delivered, like the one without it.
_DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def _clean(text: str) -> str:
    text = _DEFAULT_IGNORABLE.sub("", text)
    return _DEFAULT_IGNORABLE.sub("", unicodedata.normalize("NFKC", text))


def ascii_domain(domain: str) -> str | None:
    """The domain as lowercase IDNA A-labels (``bücher.example`` -> ``xn--bcher-kva.example``), or None."""
    domain = domain.rstrip(".")
    try:
        return idna.encode(domain, uts46=True).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError):
        return None


def normalise_email(address: str) -> str:
    """The stored form of ``address``: cleaned, lowercased, domain in A-labels (left as is if not IDNA)."""
    address = _clean(address.strip()).lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    return f"{local}@{ascii_domain(domain) or domain}"


def mailbox_key(address: str) -> str:
    """The inbox an address reaches: its normal form without the ``+tag`` of the local part."""
    local, _at, domain = normalise_email(address).rpartition("@")
    return f"{local.partition('+')[0]}@{domain}"


def refusal(address: str) -> str | None:
    """Why a (normalised) address is not taken for a newsletter, or None if it may be."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "That doesn't look like an email address. Check it and try again."
    if local.startswith('"') or '"' in local:
        return "Enter the address without quotation marks."
    if domain.startswith("[") or not ascii_domain(domain):
        return "Enter an address at a domain name, such as name@example.org."
    if domain == "localhost" or domain.endswith(".localhost") or "." not in domain:
        return "Enter an address at a public domain, such as name@example.org."
    return None

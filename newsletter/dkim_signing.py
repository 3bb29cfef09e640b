"""DKIM signatures (RFC 6376, with dkimpy) for mail this site hands to an SMTP server itself, so the
receiving side can tell it really comes from the sender's domain. Off unless a key is configured
(``DKIM_PRIVATE_KEY``, ``DKIM_SELECTOR``, ``DKIM_DOMAIN``: ``newsletter/conf.py``); a provider's API
signs for itself.

Each message is signed as the bytes that go on the wire, after the per-recipient substitution, so
every recipient's copy carries its own valid signature.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from .conf import get_setting

# What the signature covers: what says who sent what, and the list headers a receiver acts on.
SIGNED_HEADERS = (
    b"From",
    b"To",
    b"Subject",
    b"Date",
    b"Message-ID",
    b"Reply-To",
    b"MIME-Version",
    b"Content-Type",
    b"List-Id",
    b"List-Unsubscribe",
    b"List-Unsubscribe-Post",
)


def signer() -> Callable[[bytes], bytes] | None:
    """A function giving a message its DKIM-Signature header, or None when signing is off."""
    key = get_setting("DKIM_PRIVATE_KEY")
    if not key:
        return None
    selector, domain = get_setting("DKIM_SELECTOR"), get_setting("DKIM_DOMAIN")
    if not selector or not domain:
        raise ImproperlyConfigured("NEWSLETTER DKIM_PRIVATE_KEY needs DKIM_SELECTOR and DKIM_DOMAIN too.")
    import dkim

    private_key = key.encode()

    def sign(raw: bytes) -> bytes:
        signature = dkim.sign(
            raw,
            selector.encode(),
            domain.encode(),
            private_key,
            include_headers=list(SIGNED_HEADERS),
            linesep=b"\r\n",
        )
        return signature + raw

    return sign

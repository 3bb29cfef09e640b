"""Partner API keys: made with 256 bits from ``secrets``, kept only as their SHA-256.

A key this random needs no slow password hash: nobody can guess one, and a leaked table of
digests gives nothing to replay. The prefix names the key in the admin and in logs without
revealing it.
"""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "nrp_"
#: Characters of the key kept in clear (after ``PREFIX``) to tell keys apart in the admin.
SHOWN = 6


def new_key() -> str:
    """A fresh key, as handed to the partner once."""
    return PREFIX + secrets.token_urlsafe(32)


def digest(raw_key: str) -> str:
    """What is stored and looked up: the hex SHA-256 of the key."""
    return hashlib.sha256(raw_key.encode("utf-8", "surrogatepass")).hexdigest()


def shown_part(raw_key: str) -> str:
    return raw_key[: len(PREFIX) + SHOWN]

"""Signed tokens, one salt per purpose, so a token made for one job never works for another.

Confirmation tokens expire (``CONFIRM_MAX_AGE``) and are bound to the address and the signup they
were sent for.
Unsubscribe tokens never expire and are deterministic per subscriber, so an email from years ago
still unsubscribes and one edition can be rendered once with only this part substituted.
"""

from __future__ import annotations

from typing import NamedTuple

from django.core import signing

from .conf import get_setting

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class ConfirmToken(NamedTuple):
    subscriber_id: int
    email: str
    signup_number: int  # the signup it was sent for (Subscriber.signup_number)


def make_confirm_token(subscriber) -> str:
    data = {"s": subscriber.pk, "e": subscriber.email, "n": subscriber.signup_number}
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(data)


def read_confirm_token(token: str) -> ConfirmToken | None:
    """What the token was made for, or None for a bad, tampered or expired token.

    Tokens from before signup numbers existed carry none: they were sent for the first signup.
    """
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=get_setting("CONFIRM_MAX_AGE"))
        return ConfirmToken(int(data["s"]), str(data["e"]), int(data.get("n", 0)))
    except (signing.BadSignature, AttributeError, KeyError, TypeError, ValueError):
        return None


def make_unsubscribe_token(subscriber_pk: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber_pk))


def unsubscribe_token_maker():
    """:func:`make_unsubscribe_token` with its signer made once, for signing one token per recipient."""
    sign = signing.Signer(salt=UNSUBSCRIBE_SALT).sign
    return lambda subscriber_pk: sign(str(subscriber_pk))


def read_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None

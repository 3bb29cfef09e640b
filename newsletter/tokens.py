"""Signed tokens, one salt per purpose, so a token made for one job never works for another.

Confirmation tokens expire (``CONFIRM_MAX_AGE``) and are bound to the address and the signup they
were sent for.
Subscriber tokens (the unsubscribe and preferences links) never expire and are deterministic per
subscriber and link generation (``Subscriber.token_generation``), so an email from years ago still
unsubscribes and one edition can be rendered once with only this part substituted. Raising the
generation (a new signup after an unsubscribe, or an editor's "Revoke links") revokes every older
link; generation 0 is the plain subscriber id, the form every link had before generations existed,
so the links in emails already sent keep working until then.
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


class SubscriberToken(NamedTuple):
    subscriber_id: int
    generation: int  # the subscriber's link generation it was made for (Subscriber.token_generation)


def _subscriber_value(subscriber_pk: int, generation: int) -> str:
    return f"{subscriber_pk}.{generation}" if generation else str(subscriber_pk)


def make_unsubscribe_token(subscriber_pk: int, generation: int = 0) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(_subscriber_value(subscriber_pk, generation))


def unsubscribe_token_maker():
    """:func:`make_unsubscribe_token` with its signer made once, for signing one token per recipient."""
    sign = signing.Signer(salt=UNSUBSCRIBE_SALT).sign
    return lambda subscriber_pk, generation=0: sign(_subscriber_value(subscriber_pk, generation))


def read_unsubscribe_token(token: str) -> SubscriberToken | None:
    """Whom and which link generation the token names, or None for a bad or tampered token.

    Whether that generation is still the subscriber's is the caller's question
    (:func:`newsletter.subscriptions.subscriber_for_token`).
    """
    try:
        pk, _, generation = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token).partition(".")
        return SubscriberToken(int(pk), int(generation or 0))
    except (signing.BadSignature, ValueError):
        return None

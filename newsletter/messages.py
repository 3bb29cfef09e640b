"""Message templating: an edition's email made once, each recipient's copy made from it.

The only per-recipient parts are the address, the unsubscribe token and the Message-ID; everything
else is worked out once per edition (:class:`MessageFactory`). Nothing here touches the database
after construction or the network.
"""

from __future__ import annotations

import email.policy
import re
from typing import TYPE_CHECKING

import django
from django.core.mail import EmailMultiAlternatives

from . import subscriptions
from .digest import PREFERENCES_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER, RenderedEmail, personalise
from .languages import default_language
from .links import preferences_url
from .mail import base_url, list_headers, newsletter_message, sender_domain, unsubscribe_mailto
from .models import Edition
from .tokens import unsubscribe_token_maker

if TYPE_CHECKING:
    from .claims import Claimed

# Stand-ins for the per-recipient parts in the edition's serialised message (see MessageFactory).
TO_PLACEHOLDER = "newsletter-recipient-placeholder@recipient.invalid"
MSGID_PLACEHOLDER = "<newsletter-message-id-placeholder@message-id.invalid>"
TOKEN_PLACEHOLDER = "NEWSLETTERTOKENPLACEHOLDER"  # noqa: S105 - not a secret
PLACEHOLDERS = (TOKEN_PLACEHOLDER, TO_PLACEHOLDER, MSGID_PLACEHOLDER)

# RFC 5322 section 2.1.1: no line of a message may be longer than 998 characters.
MAX_LINE = 998

# A plain ASCII dot-atom address (RFC 5322 section 3.4.1, no quoting, no comments, no IDN): written
# as it is in the To header and as the envelope recipient, exactly what Django's own address
# preparation makes of it. Anything else goes through Django's message and backend.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
PLAIN_ADDRESS = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@{_LABEL}(?:\.{_LABEL})*")


class MessageFactory:
    """Everything common to an edition's messages, worked out once; per message only the
    recipient, the unsubscribe token (in the link and the mailto) and the Message-ID change.

    The edition's message is built once by Django (``EmailMultiAlternatives``) with placeholders for
    those three parts and serialised; :meth:`wire` makes each recipient's bytes from it by
    substitution. That is safe only where the serialised form carries the placeholders verbatim, so
    it is checked once per edition (each placeholder survives intact as often as it was put in, which
    a transfer encoding such as quoted-printable or base64 would prevent) and once per message (the
    values are plain ASCII, the address a plain dot-atom, and no line grows past 998 characters);
    any message that fails a check is built by Django in full (:meth:`build`), which picks its own
    encoding. Building a message through Django costs about a hundred times the substitution (and
    through the stdlib's ``EmailMessage`` API, set per recipient and serialised, more still:
    ``bench/bench_newsletter.py``), so substitution is what keeps sending near a bare ``smtplib`` loop.
    """

    def __init__(self, edition: Edition, rendered: RenderedEmail):
        newsletter = edition.newsletter
        self.edition = edition
        self.rendered = rendered
        self.domain = sender_domain(newsletter)
        self.mailto = unsubscribe_mailto(newsletter)
        language = "" if edition.language == default_language() else f"{edition.language}."
        self.message_id_prefix = f"<{newsletter.slug}.{edition.date:%Y%m%d}.{language}"
        self.message_id_suffix = f"@{self.domain}>"
        self.make_token = unsubscribe_token_maker()
        # The unsubscribe link with the token left out: only the token differs between recipients.
        self.unsubscribe_url_template = subscriptions.unsubscribe_url(base_url(newsletter), TOKEN_PLACEHOLDER)
        self.preferences_url_template = preferences_url(base_url(newsletter), TOKEN_PLACEHOLDER)
        self.template, self.placeholder_lines = self._template()

    def message_id(self, delivery_pk: int) -> str:
        """Stable per delivery: a retry of the same delivery carries the same Message-ID."""
        return f"{self.message_id_prefix}{delivery_pk}{self.message_id_suffix}"

    def _compose(self, *, to: str, token: str, message_id: str) -> EmailMultiAlternatives:
        unsubscribe_url = self.unsubscribe_url_template.replace(TOKEN_PLACEHOLDER, token)
        copy = personalise(
            self.rendered,
            unsubscribe_url=unsubscribe_url,
            preferences_url=self.preferences_url_template.replace(TOKEN_PLACEHOLDER, token),
        )
        return newsletter_message(
            self.edition.newsletter,
            subject=copy.subject,
            text=copy.text,
            html=copy.html,
            to=to,
            headers={
                "Message-ID": message_id,
                **list_headers(self.edition.newsletter, unsubscribe_url=unsubscribe_url, token=token),
            },
        )

    def _template(self) -> tuple[bytes | None, list[tuple[int, int, int, int]]]:
        """The edition's message serialised once with placeholders, if every placeholder survived
        intact, and each line holding placeholders as (length, tokens, addresses, message ids)."""
        if not (self.unsubscribe_url_template + self.preferences_url_template + self.domain + self.mailto).isascii():
            return None, []  # encoded in the headers, where substitution would not reach
        raw = serialise(self._compose(to=TO_PLACEHOLDER, token=TOKEN_PLACEHOLDER, message_id=MSGID_PLACEHOLDER))
        links = sum(
            part.count(placeholder)
            for part in (self.rendered.text, self.rendered.html)
            for placeholder in (UNSUBSCRIBE_PLACEHOLDER, PREFERENCES_PLACEHOLDER)
        )
        intact = (
            raw.count(TOKEN_PLACEHOLDER.encode()) == links + 2  # and the List-Unsubscribe link and mailto
            and raw.count(TO_PLACEHOLDER.encode()) == 1
            and raw.count(MSGID_PLACEHOLDER.encode()) == 1
        )
        if not intact:
            return None, []
        lines = [
            (
                len(line),
                line.count(TOKEN_PLACEHOLDER.encode()),
                line.count(TO_PLACEHOLDER.encode()),
                line.count(MSGID_PLACEHOLDER.encode()),
            )
            for line in raw.split(b"\r\n")
            if any(placeholder.encode() in line for placeholder in PLACEHOLDERS)
        ]
        return raw, lines

    def wire(self, delivery: Claimed, message_id: str) -> bytes | None:
        """``delivery``'s message as the bytes to send, made by substitution; None where it cannot be."""
        address = delivery.email
        if self.template is None or not (address.isascii() and PLAIN_ADDRESS.fullmatch(address)):
            return None
        token = self.make_token(delivery.subscriber_id, delivery.token_generation)
        grow = (
            len(token) - len(TOKEN_PLACEHOLDER),
            len(address) - len(TO_PLACEHOLDER),
            len(message_id) - len(MSGID_PLACEHOLDER),
        )
        for length, tokens, addresses, message_ids in self.placeholder_lines:
            if length + tokens * grow[0] + addresses * grow[1] + message_ids * grow[2] > MAX_LINE:
                return None
        return (
            self.template.replace(TOKEN_PLACEHOLDER.encode(), token.encode())
            .replace(TO_PLACEHOLDER.encode(), address.encode())
            .replace(MSGID_PLACEHOLDER.encode(), message_id.encode())
        )

    def build(self, delivery: Claimed, message_id: str) -> EmailMultiAlternatives:
        """``delivery``'s message built in full by Django: for any backend and any address."""
        return self._compose(
            to=delivery.email,
            token=self.make_token(delivery.subscriber_id, delivery.token_generation),
            message_id=message_id,
        )


# The edition's template is serialised with lines up to RFC 5322's hard limit, as Django 5.2 does
# by itself: 8bit (or 7bit) bodies and unfolded headers, where the placeholders stay verbatim. With
# the stdlib's default of 78, Django 6 (which builds the stdlib's EmailMessage) would quoted-print every
# body with a longer line and RFC 2047-encode long header words, and substitution could never be used.
TEMPLATE_POLICY = email.policy.SMTP.clone(max_line_length=MAX_LINE)


def serialise(message: EmailMultiAlternatives) -> bytes:
    if django.VERSION >= (6, 0):
        return message.message(policy=TEMPLATE_POLICY).as_bytes()
    # django-stubs type message() as Django 6's stdlib EmailMessage; on 5.2 it is Django's
    # SafeMIMEMultipart/SafeMIMEText, whose as_bytes() takes linesep.
    return message.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]

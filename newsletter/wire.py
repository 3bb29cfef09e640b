"""The SMTP wire: one message's transaction on an open ``smtplib`` connection, exactly as
``smtplib.SMTP.sendmail`` would run it, with a hook at the last moment before the server can accept
the message (where the sender finishes its bookkeeping and checks its claim)."""

from __future__ import annotations

import contextlib
import re
import smtplib

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address


def envelope_sender(connection: SMTPBackend, from_email: str) -> str:
    """The MAIL FROM address exactly as Django's SMTP backend prepares it, worked out once per batch."""
    prep_address = getattr(connection, "prep_address", None)  # Django >= 6.1
    if prep_address is not None:
        return prep_address(from_email)
    return sanitize_address(from_email, settings.DEFAULT_CHARSET)


def smtp_code(error: smtplib.SMTPException) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return codes[0] if codes else None
    return getattr(error, "smtp_code", None)


def send_raw(smtp: smtplib.SMTP, mail_from: str, recipient: str, raw: bytes, *, before_content) -> bytes:
    """What ``smtp.sendmail(sender, [recipient], raw)`` does, calling ``before_content()`` when the
    server is ready for the message (its 354 reply to DATA): the last moment before the message can
    be accepted. The same commands and bytes, and the same exceptions in the same cases, as
    ``smtplib.SMTP.sendmail`` (Python 3.10 to 3.13) for one recipient and a bytes message; only a
    refused sender is named as sent, in angle brackets. Returns the server's final reply text (which
    may name the provider's id for the message: :func:`queue_id`).

    ``mail_from`` is the sender already in angle brackets (``smtplib.quoteaddr``, once per batch) and
    ``recipient`` a plain dot-atom address (``messages.PLAIN_ADDRESS``), which ``quoteaddr`` leaves as it is:
    so neither is parsed again per message, as sendmail does (twice, about 10 µs each).
    """
    smtp.ehlo_or_helo_if_needed()
    size = f" size={len(raw)}" if smtp.does_esmtp and smtp.has_extn("size") else ""
    code, reply = smtp.docmd("mail", f"FROM:{mail_from}{size}")
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, mail_from)
    code, reply = smtp.docmd("rcpt", f"TO:<{recipient}>")
    if code not in (250, 251):
        _abandon(smtp, code)
        raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    code, reply = smtp.docmd("data")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    before_content()
    # As smtplib.SMTP.data: lines starting with a period get another (RFC 5321 section 4.5.2).
    content = LEADING_PERIOD.sub(b"..", raw)
    smtp.send(content + (b"" if content.endswith(b"\r\n") else b"\r\n") + b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPDataError(code, reply)
    return reply


LEADING_PERIOD = re.compile(rb"(?m)^\.")

# The id a server gives an accepted message in its final reply: "250 2.0.0 Ok: queued as 4Yb7…"
# (Postfix, SendGrid), "250 Ok 0100018c…" (Amazon SES, whose events carry that id).
QUEUE_ID = re.compile(rb"^(?:\d\.\d\.\d\s+)?(?:ok:?\s+queued as|ok|queued as)\s+<?([\w.@+=/-]{6,200})>?\s*$", re.I)


def queue_id(reply: bytes) -> str:
    """The provider's id for the message from the server's final reply, or "" if it names none."""
    match = QUEUE_ID.match(reply.strip())
    return match[1].decode("ascii") if match else ""


def _abandon(smtp: smtplib.SMTP, code: int) -> None:
    """What sendmail does with a refused transaction: 421 closes the connection, anything else resets it."""
    if code == 421:
        smtp.close()
    else:
        with contextlib.suppress(smtplib.SMTPServerDisconnected):
            smtp.rset()

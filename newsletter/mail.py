"""Email plumbing shared by confirmation mail and the digest sender.

Everything opens its connection here, so Django < 6.1 (``EMAIL_*`` settings, ``get_connection()``)
and Django >= 6.1 (``MAILERS``, where ``get_connection()`` is deprecated) behave the same.
"""

from __future__ import annotations

import contextlib
import smtplib
from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from .conf import get_setting
from .dkim_signing import signer


def get_connection():
    """A fresh, unopened connection to the default mailer."""
    mailers = getattr(mail, "mailers", None)  # Django >= 6.1
    if mailers is not None:
        return mailers.default
    return mail.get_connection()


def send_one(message) -> bool:
    """Send one message on a connection of its own; True if the backend accepted it.

    Once the server has answered, a failure to say goodbye changes nothing, so closing never raises.
    """
    connection = get_connection()
    connection.open()
    try:
        sign = signer()
        smtp = getattr(connection, "connection", None)
        if sign is not None and isinstance(connection, SMTPBackend) and smtp is not None:
            from .messages import serialise
            from .wire import envelope_sender

            raw = sign(serialise(message))
            refused = smtp.sendmail(envelope_sender(connection, message.from_email), message.recipients(), raw)
            return not refused
        return connection.send_messages([message]) == 1
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()


def newsletter_site(newsletter):
    """The newsletter's Wagtail site, else the default site (None if there is none)."""
    if newsletter.site_id:
        return newsletter.site
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def base_url(newsletter) -> str:
    """Scheme and host for absolute links: the setting, else the newsletter's (or default) site."""
    configured = get_setting("BASE_URL")
    if configured:
        return configured.rstrip("/")
    site = newsletter_site(newsletter)
    if site is None:
        from django.conf import settings

        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return site.root_url.rstrip("/")


def absolute(newsletter_or_base, url: str) -> str:
    if not url or urlsplit(url).scheme:
        return url
    base = newsletter_or_base if isinstance(newsletter_or_base, str) else base_url(newsletter_or_base)
    return f"{base}{url if url.startswith('/') else '/' + url}"


def sender_domain(newsletter) -> str:
    address = parseaddr(newsletter.from_email)[1]
    return address.rpartition("@")[2] or "localhost"


def unsubscribe_mailto(newsletter) -> str:
    return get_setting("UNSUBSCRIBE_MAILTO") or f"unsubscribe@{sender_domain(newsletter)}"


def list_id(newsletter) -> str:
    return f"{newsletter.name} <{newsletter.slug}.{sender_domain(newsletter)}>"


def list_headers(newsletter, *, unsubscribe_url: str, token: str) -> dict[str, str]:
    """What every bulk message (an edition, the welcome) carries, RFC 2369, 2919 and 8058: the list's
    id, unsubscribing by https (one click) and by mail, and ``Precedence: bulk``. Transactional mail
    (the confirmation, which the reader asked for) carries none of them."""
    mailto = f"mailto:{unsubscribe_mailto(newsletter)}?subject=unsubscribe%20{token}"
    return {
        "List-Id": list_id(newsletter),
        "List-Unsubscribe": f"<{unsubscribe_url}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Precedence": "bulk",
    }


def newsletter_message(
    newsletter, *, subject: str, text: str, html: str, to: str, headers: dict[str, str] | None = None
) -> EmailMultiAlternatives:
    """An automatic email from ``newsletter`` to one address: text with an HTML alternative.

    Every one is ``Auto-Submitted: auto-generated`` (RFC 3834: no vacation replies to it) and has a
    Message-ID on the sender's own domain, not the sending host's name."""
    headers = dict(headers or {})
    headers.setdefault("Message-ID", make_msgid(domain=sender_domain(newsletter)))
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=newsletter.from_email,
        to=[to],
        reply_to=[newsletter.reply_to] if newsletter.reply_to else [],
        headers={**headers, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message

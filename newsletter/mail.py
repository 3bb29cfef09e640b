"""Email plumbing shared by confirmation mail and the digest sender.

Everything opens its connection here, so Django < 6.1 (``EMAIL_*`` settings, ``get_connection()``)
and Django >= 6.1 (``MAILERS``, where ``get_connection()`` is deprecated) behave the same.
"""

from __future__ import annotations

import contextlib
import smtplib
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.core import mail
from django.core.mail import EmailMultiAlternatives

from .conf import get_setting


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


def newsletter_message(
    newsletter, *, subject: str, text: str, html: str, to: str, headers: dict[str, str] | None = None
) -> EmailMultiAlternatives:
    """An automatic email from ``newsletter`` to one address: text with an HTML alternative."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=newsletter.from_email,
        to=[to],
        reply_to=[newsletter.reply_to] if newsletter.reply_to else [],
        headers={**(headers or {}), "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message

"""The newsletter's settings, read through one accessor with documented defaults, on every use.

Override any key in ``settings.NEWSLETTER``::

    NEWSLETTER = {"BATCH_SIZE": 200, "BASE_URL": "https://news.example.org"}

A key this module does not know is an ``ImproperlyConfigured`` naming it, and ``manage.py check``
reports it (``newsletter.E002``). A value given is used as given (an empty string included: the
defaults of the text settings are empty strings themselves).
"""

from __future__ import annotations

from typing import Any

from structured_data import AppSettings

SETTING = "NEWSLETTER"

DEFAULTS: dict[str, Any] = {
    # The page model whose live, public pages make the daily digest (looked up with apps.get_model,
    # so this app never imports the articles app).
    "ARTICLE_MODEL": "articles.ArticlePage",
    # Scheme and host for every link in an email; blank: the newsletter's site root URL.
    "BASE_URL": "",
    # The mailto half of List-Unsubscribe; blank: unsubscribe@<domain of the from address>.
    "UNSUBSCRIBE_MAILTO": "",
    # How long a confirmation link works, in seconds. Unsubscribe links never expire.
    "CONFIRM_MAX_AGE": 7 * 24 * 3600,
    # At most one confirmation email per address in this many seconds.
    "CONFIRMATION_INTERVAL": 24 * 3600,
    # Signup attempts allowed per window, per client IP and per address (Django's cache).
    "RATE_LIMIT_WINDOW": 3600,
    "RATE_LIMIT_PER_IP": 20,
    "RATE_LIMIT_PER_ADDRESS": 5,
    # Sending: deliveries claimed per batch (one SMTP connection each), attempts before a delivery
    # is failed, the base of the exponential backoff for temporary errors, how long a claim lives
    # before another worker may take it over, and hard bounces that suppress an address.
    "BATCH_SIZE": 100,
    "MAX_ATTEMPTS": 5,
    "RETRY_BACKOFF": 60,
    "CLAIM_TIMEOUT": 15 * 60,
    "HARD_BOUNCE_LIMIT": 2,
    # How many proxies in front of the site append to X-Forwarded-For (the client IP for rate limits
    # is the entry that many places from the right); 0: REMOTE_ADDR. From NUM_PROXIES in settings/base.py.
    "NUM_PROXIES": 0,
    # Provider events (newsletter.events): soft bounces that suppress an address when this many of
    # its deliveries soft-bounced within this many days; the complaint rate over 30 days above which
    # the admin warns (Gmail and Yahoo ask bulk senders to stay under 0.3%).
    "SOFT_BOUNCE_LIMIT": 3,
    "SOFT_BOUNCE_DAYS": 30,
    "COMPLAINT_WARNING_RATE": 0.001,
    # "Send a test" in the admin: at most this many per editor per hour, and only to the editor's own
    # address when it has confirmed a subscription (double opt-in) or is listed here (account emails
    # change without any check). From NEWSLETTER_TEST_RECIPIENTS (comma-separated) in settings/base.py.
    "TEST_SENDS_PER_HOUR": 10,
    "TEST_RECIPIENTS": [],
    # The providers whose webhooks are mounted at /anymail/ (names as in anymail's URLs: amazon_ses,
    # mailgun, postmark...); empty: the ESP of the email backend and every provider with ANYMAIL
    # settings of its own. Either way only providers whose requests can be checked (newsletter/webhooks.py).
    # From NEWSLETTER_WEBHOOK_PROVIDERS (comma-separated) in settings/base.py.
    "WEBHOOK_PROVIDERS": [],
    # DKIM signing of mail sent over SMTP by this site itself (newsletter/dkim_signing.py): the signing
    # domain, the selector and the private key (PEM). Blank key: no signing (a provider's API signs
    # for itself). From NEWSLETTER_DKIM_DOMAIN, _SELECTOR and _PRIVATE_KEY in settings/base.py.
    "DKIM_DOMAIN": "",
    "DKIM_SELECTOR": "",
    "DKIM_PRIVATE_KEY": "",
}


NEWSLETTER = AppSettings(SETTING, DEFAULTS, check_id="newsletter.E002")
NEWSLETTER.register_check()


def get_setting(name: str) -> Any:
    """``NEWSLETTER[name]``, or its default."""
    return NEWSLETTER.get(name)

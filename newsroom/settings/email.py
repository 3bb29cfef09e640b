"""Email configuration from ``EMAIL_URL`` for every supported Django version.

Django 6.1 deprecates the ``EMAIL_*`` settings in favour of ``MAILERS`` and refuses a mix of the two,
so settings modules call :func:`email_settings` and put whichever shape it returns in their namespace.
"""

from __future__ import annotations

import django

USE_MAILERS = django.VERSION >= (6, 1)

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"

# EMAIL_* setting -> MAILERS OPTIONS key, per backend that understands it.
_SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
    "EMAIL_SSL_KEYFILE": "ssl_keyfile",
    "EMAIL_SSL_CERTFILE": "ssl_certfile",
}
_FILE_OPTIONS = {"EMAIL_FILE_PATH": "file_path"}

# Seconds an SMTP connection waits for the server before giving up, unless the configuration
# gives its own. Without one a hung server holds a sender forever,
# and the newsletter's claims (``newsletter.claims.Lease``) cannot know how long a message may take.
DEFAULT_SMTP_TIMEOUT = 30


def mailer_from_config(config: dict) -> dict:
    """One ``MAILERS`` entry from a django-environ ``env.email()`` dict (or any ``EMAIL_*`` dict)."""
    backend = config.get("EMAIL_BACKEND") or SMTP_BACKEND
    mapping = _SMTP_OPTIONS if backend == SMTP_BACKEND else _FILE_OPTIONS if backend == FILE_BACKEND else {}
    options = {option: config[name] for name, option in mapping.items() if config.get(name) not in (None, "")}
    options.update(config.get("OPTIONS") or {})
    return {"BACKEND": backend, "OPTIONS": options}


def provider_settings(environ) -> tuple[str, dict]:
    """django-anymail from the environment: ``ANYMAIL_BACKEND`` (``amazon_ses``, ``mailgun``, ``postmark``,
    ``sendgrid``…: that provider's email backend, blank for none) and every other ``ANYMAIL_<NAME>``
    variable as ``ANYMAIL["<NAME>"]`` (``ANYMAIL_WEBHOOK_SECRET``, ``ANYMAIL_MAILGUN_API_KEY``…)."""
    backend = environ.get("ANYMAIL_BACKEND", "").strip()
    options = {
        name.removeprefix("ANYMAIL_"): value
        for name, value in environ.items()
        if name.startswith("ANYMAIL_") and name != "ANYMAIL_BACKEND" and value
    }
    return (f"anymail.backends.{backend}.EmailBackend" if backend else ""), options


def email_settings(config: dict) -> dict:
    """The settings to define for ``config``: ``{"MAILERS": ...}`` on Django >= 6.1, else ``EMAIL_*``."""
    if (config.get("EMAIL_BACKEND") or SMTP_BACKEND) == SMTP_BACKEND and config.get("EMAIL_TIMEOUT") in (None, ""):
        config = {**config, "EMAIL_TIMEOUT": DEFAULT_SMTP_TIMEOUT}
    if USE_MAILERS:
        return {"MAILERS": {"default": mailer_from_config(config)}}
    return {name: value for name, value in config.items() if name.startswith("EMAIL_")}

"""The provider webhooks mounted at ``/anymail/``: only those of configured providers, each answering
a request it cannot read with 400.

``anymail.urls`` mounts every provider django-anymail knows; a provider's view without its settings
raises on every request (Mailgun without a signing key: a 500 for anyone who posts), and a body a
view cannot parse (SES's SNS JSON, a list where an object belongs) was a 500 too, which providers
take as "try again later". Here a provider is mounted when it is named in
``NEWSLETTER["WEBHOOK_PROVIDERS"]`` (``NEWSLETTER_WEBHOOK_PROVIDERS``), or, without that list, when it
is the ESP of the email backend or has ``ANYMAIL`` settings of its own (``MAILGUN_...``), and only
when its requests can be checked: signed providers need their key, the rest the shared basic-auth
``WEBHOOK_SECRET``. Errors while checking and parsing a request, and parsed events holding a NUL
character (PostgreSQL refuses it in a query), become
``AnymailWebhookValidationFailure`` (400, as Django answers any ``SuspiciousOperation``); errors
while applying parsed events stay 500, so the provider retries them.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailError, AnymailWebhookValidationFailure
from anymail.webhooks.base import AnymailCoreWebhookView
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, path, re_path
from django.urls.resolvers import RoutePattern

from .conf import get_setting

# Providers whose webhooks check a signature of their own and refuse to start without its key
# (any one of the ANYMAIL settings listed); every other provider relies on basic auth.
SIGNING_KEYS: dict[str, tuple[str, ...]] = {
    "mailgun": ("MAILGUN_WEBHOOK_SIGNING_KEY", "MAILGUN_API_KEY"),
    "mailersend": ("MAILERSEND_SIGNING_SECRET", "MAILERSEND_INBOUND_SECRET"),
    "mandrill": ("MANDRILL_WEBHOOK_KEY",),
    "postal": ("POSTAL_WEBHOOK_KEY",),
    "unisender_go": ("UNISENDER_GO_API_KEY",),
}
# URL prefixes that are another name for a provider (anymail keeps them for old webhooks, deprecated).
ALIASES = {"sendinblue": "brevo"}
BACKEND = re.compile(r"^anymail\.backends\.(?P<esp>\w+)\.")

# What a view raises on a body it cannot read: anymail's own errors, what parsing arbitrary JSON or
# form data raises, and the configuration errors anymail raises once it is running for a body of
# another kind (a tracking event posted to an inbound URL); a view that cannot start for want of
# settings is never mounted (:func:`starts`).
UNREADABLE = (
    AnymailError,
    ImproperlyConfigured,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    RecursionError,
)


def provider_of(route: str) -> str:
    """The provider a route of ``anymail.urls`` belongs to: its first path segment."""
    segment = route.lstrip("^").split("/", 1)[0]
    return ALIASES.get(segment, segment)


def known_providers() -> list[str]:
    return sorted({provider_of(str(pattern.pattern)) for pattern in anymail_urls.urlpatterns})


def _email_backends() -> list[str]:
    backends = [getattr(settings, "EMAIL_BACKEND", "")]
    for mailer in (getattr(settings, "MAILERS", None) or {}).values():
        backends.append(mailer.get("BACKEND", ""))
    return [backend for backend in backends if backend]


def named_providers(anymail_settings: dict, backends: Iterable[str]) -> set[str]:
    """Providers the settings speak of: the ESP of an anymail email backend, and every provider with
    an ``ANYMAIL`` setting of its own (``AMAZON_SES_...``, ``POSTMARK_...``)."""
    providers = {match["esp"] for backend in backends if (match := BACKEND.match(backend))}
    for provider in known_providers():
        prefix = provider.upper() + "_"
        if any(name.upper().startswith(prefix) for name in anymail_settings):
            providers.add(provider)
    return providers


def is_secured(provider: str, anymail_settings: dict) -> bool:
    """The provider's requests can be checked: its signing key, or the shared basic-auth secret."""
    if provider in SIGNING_KEYS:
        return any(anymail_settings.get(name) for name in SIGNING_KEYS[provider])
    return bool(anymail_settings.get("WEBHOOK_SECRET"))


def configured_providers() -> list[str]:
    """The providers whose webhooks are mounted, from the settings (see the module docstring)."""
    anymail_settings = getattr(settings, "ANYMAIL", None) or {}
    listed = get_setting("WEBHOOK_PROVIDERS")
    if isinstance(listed, str):
        listed = [name.strip() for name in listed.split(",") if name.strip()]
    wanted = (
        {ALIASES.get(name, name) for name in listed} if listed else named_providers(anymail_settings, _email_backends())
    )
    return sorted(provider for provider in wanted & set(known_providers()) if is_secured(provider, anymail_settings))


def holds_nul(value: object) -> bool:
    """A NUL character in any string of ``value`` (dicts, lists and tuples walked): no provider sends
    one, and PostgreSQL refuses it in a query, so the event handler would fail on it (a 500)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(dict.keys(item))
            stack.extend(dict.values(item))  # a QueryDict's lists of values, not only the last of each
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


class GuardedWebhookView(AnymailCoreWebhookView):
    """Mixed in before a provider's view: a request it cannot check or parse is a 400, not a 500."""

    def reject(self, error: BaseException) -> AnymailWebhookValidationFailure:
        return AnymailWebhookValidationFailure(
            f"Unreadable {self.esp_name} webhook request ({error.__class__.__name__})"
        )

    def run_validators(self, request):
        try:
            super().run_validators(request)
        except AnymailWebhookValidationFailure:
            raise
        except UNREADABLE as error:
            raise self.reject(error) from error

    def parse_events(self, request):
        try:
            events = list(super().parse_events(request))  # parsed here, whether a list or a generator
        except AnymailWebhookValidationFailure:
            raise
        except UNREADABLE as error:
            raise self.reject(error) from error
        if any(holds_nul(vars(event)) for event in events):
            raise self.reject(ValueError("NUL character"))
        return events


def guarded(view_class: type[AnymailCoreWebhookView]) -> type[AnymailCoreWebhookView]:
    """``view_class`` with :class:`GuardedWebhookView` before it."""
    return type(view_class.__name__, (GuardedWebhookView, view_class), {"__module__": __name__})


def starts(view_class: type, initkwargs: dict) -> bool:
    """The view can be made with the current settings (anymail reads them when it is made, per
    request, and raises a configuration error for a missing key: a 500 on every request)."""
    try:
        with warnings.catch_warnings():  # its warnings (deprecations, insecure settings) come per request
            warnings.simplefilter("ignore")
            view_class(**initkwargs)
    except ImproperlyConfigured:
        return False
    return True


def webhook_urlpatterns(providers: Iterable[str] | None = None) -> list[URLPattern]:
    """``anymail.urls`` for ``providers`` (default: :func:`configured_providers`), each view guarded;
    a view that cannot start with the current settings (MailerSend's inbound view without its own
    secret) is left out."""
    mounted = set(configured_providers() if providers is None else providers)
    patterns = []
    for pattern in anymail_urls.urlpatterns:
        route = str(pattern.pattern)
        initkwargs = dict(pattern.callback.view_initkwargs)
        deprecated = route.lstrip("^").split("/", 1)[0] in ALIASES
        if deprecated or provider_of(route) not in mounted or not starts(pattern.callback.view_class, initkwargs):
            continue
        view = guarded(pattern.callback.view_class).as_view(**initkwargs)
        make = path if isinstance(pattern.pattern, RoutePattern) else re_path
        patterns.append(make(route, view, name=pattern.name))
    return patterns

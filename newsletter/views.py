"""Public endpoints: signup, confirmation and unsubscribe.

The signup form lives inside fully cached article pages, so it cannot carry a per-user CSRF token.
The endpoint is ``csrf_exempt`` and protected by what does not need one: the browser's ``Origin``
(or ``Referer``) must be this site, a honeypot field, rate limits per IP and per address, and at most
one confirmation email per address per day. Its answer is the same whatever the address's state.

Confirmation and unsubscribe URLs carry a signed token; that token is the capability (nobody can
forge a request without it), so their POSTs need no cookie or CSRF token either, which is what
RFC 8058 one-click unsubscribe requires. GETs never change anything: link scanners only see a button.
"""

from __future__ import annotations

import logging
import re
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language_from_path
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import ratelimit, subscriptions
from .addresses import mailbox_key
from .after_response import after_response
from .conf import get_setting
from .forms import SignupForm
from .mail import base_url
from .models import Newsletter, Subscriber, default_newsletter
from .tasks import send_confirmation_email
from .tokens import read_confirm_token

logger = logging.getLogger(__name__)
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def client_ip(request) -> str:
    """The reader's address, as the last trusted proxy saw it.

    Each proxy appends the address it received from to ``X-Forwarded-For``; whatever stands further
    left was sent by the client and proves nothing. Behind ``NUM_PROXIES`` trusted proxies the reader
    is the entry that many places from the right (as werkzeug's ProxyFix and DRF count); with no
    proxies, or fewer entries than proxies, it is ``REMOTE_ADDR``.
    """
    proxies = get_setting("NUM_PROXIES")
    remote = request.META.get("REMOTE_ADDR", "")
    if not proxies:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    return entries[-proxies] if len(entries) >= proxies and entries[-proxies] else remote


def _allowed_hosts(request, newsletter: Newsletter | None) -> set[str]:
    hosts = {request.get_host().lower()}
    hosts.update(urlsplit(origin).netloc.lower() for origin in settings.CSRF_TRUSTED_ORIGINS)
    if newsletter is not None:
        hosts.add(urlsplit(base_url(newsletter)).netloc.lower())
    return hosts


def is_same_site(request, newsletter: Newsletter | None) -> bool:
    """The browser says the form was posted from one of our pages (Origin, else Referer)."""
    origin = request.META.get("HTTP_ORIGIN", "")
    if not origin or origin == "null":
        origin = request.META.get("HTTP_REFERER", "")
    host = urlsplit(origin).netloc.lower() if origin else ""
    return bool(host) and host in _allowed_hosts(request, newsletter)


def same_site_source(request, newsletter: Newsletter, url: str) -> str:
    """``url`` if it is an http(s) URL on this site (a path is made absolute), else "".

    The page a reader signed up on comes from the form or, failing that, the ``Referer``: both are
    the client's to write, and the value reaches the admin and its CSV export. Control characters
    (a NUL reaches PostgreSQL as an error), other sites and other schemes are dropped.
    """
    if not url or len(url) > 500 or any(ord(char) < 32 or ord(char) == 127 for char in url):
        return ""
    if url.startswith("/") and not url.startswith("//"):
        url = request.build_absolute_uri(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in _allowed_hosts(request, newsletter):
        return ""
    return url


def signup_language(request, source: str) -> str:
    """The language of the page the reader signed up on: its URL's language prefix, else the request's."""
    return get_language_from_path(urlsplit(source).path) or getattr(request, "LANGUAGE_CODE", "") or ""


def requested_newsletter(value: str | None):
    """The active newsletter a request names (None for the default); ``False`` if the value is no slug."""
    if not value:
        return default_newsletter(None)
    if len(value) > 60 or not SLUG.fullmatch(value):
        return False
    return default_newsletter(value)


def enqueue_confirmation(subscriber_id: int) -> None:
    """Hand the confirmation email to the task queue; the reader's answer never depends on it.

    The view calls this through :func:`~newsletter.after_response.after_response`: after the
    subscriber is committed and the answer sent, on every backend. On the embedded default
    (``ImmediateBackend``) the task runs here, in-process, and a failed send
    is recorded in its result and logged by the task; on django-tasks-db it is a row a ``db_worker``
    picks up. If even enqueuing fails, the signup is already recorded: the reader still gets the
    same answer, the error is logged, and ``manage.py resend_confirmations`` sends it later.
    """
    try:
        send_confirmation_email.enqueue(subscriber_id)
    except Exception:
        logger.exception("Could not enqueue the confirmation email for subscriber %s", subscriber_id)


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class SignupView(View):
    template_name = "newsletter/signup.html"
    done_template_name = "newsletter/signup_done.html"

    def get(self, request):
        newsletter = requested_newsletter(request.GET.get("newsletter"))
        if newsletter is False:
            raise BadRequest("That is not the name of a newsletter.")
        if newsletter is None:
            raise Http404("No such newsletter")
        form = SignupForm(initial={"newsletter": newsletter.slug})
        return render(request, self.template_name, {"form": form, "newsletter": newsletter})

    def post(self, request):
        form = SignupForm(request.POST)
        newsletter = requested_newsletter(request.POST.get("newsletter"))
        if newsletter is False:
            return self.error(request, form, None, "That is not the name of a newsletter.", status=400)
        if newsletter is None:
            return self.error(request, form, None, "This newsletter is not taking signups.", status=404)
        if not is_same_site(request, newsletter):
            return self.error(request, form, newsletter, "Please sign up from a page on our site.", status=403)
        window = get_setting("RATE_LIMIT_WINDOW")
        if not ratelimit.allow("ip", client_ip(request), limit=get_setting("RATE_LIMIT_PER_IP"), window=window):
            return self.error(request, form, newsletter, "Too many attempts. Please try again later.", status=429)
        if form.is_bot:
            return self.done(request, newsletter)  # the honeypot was filled: pretend, do nothing
        if not form.is_valid():
            return self.invalid(request, form, newsletter)
        email = form.cleaned_data["email"]
        if not ratelimit.allow(
            "address",
            f"{newsletter.pk}:{mailbox_key(email)}",
            limit=get_setting("RATE_LIMIT_PER_ADDRESS"),
            window=window,
        ):
            return self.error(request, form, newsletter, "Too many attempts. Please try again later.", status=429)
        source = form.cleaned_data.get("source") or request.META.get("HTTP_REFERER", "")
        source = same_site_source(request, newsletter, source)
        subscriber = subscriptions.request_subscription(
            newsletter, email, source_url=source, language=signup_language(request, source)
        )
        if subscriber is not None:
            # Not before answering: a new address would take longer than a known one (issue 13).
            after_response(partial(enqueue_confirmation, subscriber.pk))
        return self.done(request, newsletter)

    def done(self, request, newsletter):
        if wants_json(request):
            return JsonResponse({"ok": True, "message": newsletter.success_message})
        return render(request, self.done_template_name, {"newsletter": newsletter})

    def invalid(self, request, form, newsletter):
        if wants_json(request):
            errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
            return JsonResponse({"ok": False, "errors": errors}, status=400)
        return render(request, self.template_name, {"form": form, "newsletter": newsletter}, status=400)

    def error(self, request, form, newsletter, message: str, *, status: int):
        if wants_json(request):
            return JsonResponse({"ok": False, "errors": {"__all__": [message]}}, status=status)
        form.is_valid()
        form.add_error(None, message)
        return render(request, self.template_name, {"form": form, "newsletter": newsletter}, status=status)


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class ConfirmView(View):
    """GET shows a button; only the POST it makes confirms, so mail scanners cannot."""

    template_name = "newsletter/confirm.html"

    def subscriber(self, token: str) -> Subscriber | None:
        data = read_confirm_token(token)
        if data is None:
            return None
        subscriber = Subscriber.objects.select_related("newsletter").filter(pk=data.subscriber_id).first()
        if subscriber is None or subscriber.email != data.email or subscriber.signup_number != data.signup_number:
            return None  # another address, or a link from an earlier signup (before an unsubscribe)
        return subscriber

    def get(self, request, token):
        subscriber = self.subscriber(token)
        state = "invalid" if subscriber is None else "ask"
        if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
            state = "confirmed"
        status = 200 if subscriber is not None else 400
        return render(request, self.template_name, self.context(subscriber, state), status=status)

    def post(self, request, token):
        subscriber = self.subscriber(token)
        if subscriber is None:
            return render(request, self.template_name, self.context(None, "invalid"), status=400)
        state = "confirmed" if subscriptions.confirm(subscriber) else "invalid"
        return render(request, self.template_name, self.context(subscriber, state), status=200)

    def context(self, subscriber, state):
        return {"subscriber": subscriber, "newsletter": subscriber.newsletter if subscriber else None, "state": state}


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class UnsubscribeView(View):
    """The List-Unsubscribe URL and the footer link in one: GET asks, POST unsubscribes at once.

    An RFC 8058 one-click POST (``List-Unsubscribe=One-Click``) comes from the mailbox provider
    with no cookies; it gets a short plain answer.
    """

    template_name = "newsletter/unsubscribe.html"

    def subscriber(self, token: str) -> Subscriber | None:
        return subscriptions.subscriber_for_token(token)

    def get(self, request, token):
        subscriber = self.subscriber(token)
        if subscriber is None:
            return render(request, self.template_name, {"state": "invalid"}, status=400)
        state = "ask" if subscriber.status in (Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED) else "done"
        return render(
            request, self.template_name, {"state": state, "subscriber": subscriber, "newsletter": subscriber.newsletter}
        )

    def post(self, request, token):
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscriber = self.subscriber(token)
        if subscriber is None:
            if one_click:
                return HttpResponse("Unknown unsubscribe link.\n", status=400, content_type="text/plain")
            return render(request, self.template_name, {"state": "invalid"}, status=400)
        subscriptions.unsubscribe(subscriber, method="one-click" if one_click else "unsubscribe page")
        if one_click:
            return HttpResponse("Unsubscribed.\n", content_type="text/plain")
        return render(
            request,
            self.template_name,
            {"state": "done", "subscriber": subscriber, "newsletter": subscriber.newsletter},
        )

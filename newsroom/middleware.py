"""Fail soft when a backing service goes away."""

import logging

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page, not a traceback, while the database is unreachable.

    Django closes a broken connection at the end of the request, so the next request reconnects
    by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("database unavailable while serving %s: %s", request.path, exception)
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return None


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL character.

    PostgreSQL refuses NUL in text, so a ``?q=%00`` that reaches a query is a 500 there (and a
    stored NUL on SQLite). No URL of ours has a use for one; form fields refuse it on their own
    (Django's ``ProhibitNullCharactersValidator``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in query.items()):
            return HttpResponseBadRequest("Bad request: a NUL character in the address.\n", content_type="text/plain")
        return self.get_response(request)


class UrlLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without ``Vary: Accept-Language`` where the URL alone decides the language.

    With ``i18n_patterns(prefix_default_language=False)`` an unprefixed URL is always the default
    language (Django ignores the header there), so the header only splits every cache's copy of a
    page by browser language for nothing.
    """

    def process_response(self, request, response):
        vary = response.headers.get("Vary")
        response = super().process_response(request, response)
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
        if i18n_patterns_used and not prefixed_default_language:
            if vary is None:
                del response.headers["Vary"]
            else:
                response.headers["Vary"] = vary
        return response

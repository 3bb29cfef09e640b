"""Fail soft when a backing service goes away."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
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

"""Fail soft when a backing service goes away."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
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

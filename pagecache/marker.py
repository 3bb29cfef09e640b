"""The ``newsroom_signed_in`` cookie: tells Varnish which readers need the application, not the cache.

Varnish cannot load a session, so a session cookie alone would let anyone pass it. Instead the
VCL passes only requests carrying this marker, and drops every other cookie on cacheable paths.
The application sets it when a session holds something that changes pages (a signed-in user, a
page or collection password already given) and deletes it once that is gone: at logout, or on the
first answer after the session expired that is not a public page. It carries nothing secret: a
forged marker only reaches the application's own page cache, which checks the real session
(``policy.bypasses_cache``).
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from . import policy

#: The cookie's name; the VCL (deploy/varnish/newsroom.vcl) matches the same one.
COOKIE_NAME = "newsroom_signed_in"

_PASSED_KEYS = (
    PageViewRestriction.passed_view_restrictions_session_key,
    CollectionViewRestriction.passed_view_restrictions_session_key,
)


def needs_application(request: HttpRequest) -> bool:
    """Whether this reader's pages differ from the cached ones; reads the session only when the
    request brought its cookie or the view touched it (a login), so other answers gain no ``Vary``."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES and not session.accessed:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return any(session.get(key) for key in _PASSED_KEYS)


class SignedInMarkerMiddleware:
    """Sets or deletes the marker when it disagrees with the session; after AuthenticationMiddleware."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        wanted = needs_application(request)
        present = COOKIE_NAME in request.COOKIES
        if wanted and not present:
            response.set_cookie(
                COOKIE_NAME,
                "1",
                max_age=None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE,
                domain=settings.SESSION_COOKIE_DOMAIN,
                path=settings.SESSION_COOKIE_PATH,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif present and not wanted and not policy.is_marked_public(request):
            # Not on a page meant for every reader: the Set-Cookie would make it private, and a forged
            # marker could then keep pages out of the cache. The next private answer (sign-in) deletes it.
            response.delete_cookie(
                COOKIE_NAME, path=settings.SESSION_COOKIE_PATH, domain=settings.SESSION_COOKIE_DOMAIN, samesite="Lax"
            )
        return cast("HttpResponse", response)

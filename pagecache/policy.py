"""Who may keep a response: ``public`` with ages for what every anonymous reader gets alike,
``private, no-store`` for anything personal.

Views opt in: Wagtail pages (through the ``before_serve_page`` hook), feeds, sitemaps and
robots.txt (:func:`pagecache.decorators.public_cache`) mark their request public. Everything else
keeps its own headers, except that anything personal is always made ``private, no-store``: the
admin and previews, pages behind a view restriction, responses that set a cookie, and every
response to a signed-in user (editors see the userbar).
"""

from __future__ import annotations

import hashlib
import logging
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from .conf import get_setting

logger = logging.getLogger(__name__)

PUBLIC = "public"
PRIVATE = "private"
_MARK = "_pagecache_policy"
_last_session_error_logged = 0.0


def mark_public(request: HttpRequest) -> None:
    """This view's answer is the same for every anonymous reader (unless already marked private)."""
    if getattr(request, _MARK, None) != PRIVATE:
        setattr(request, _MARK, PUBLIC)


def is_marked_public(request: HttpRequest) -> bool:
    """Whether the view said its answer is the same for every anonymous reader."""
    return getattr(request, _MARK, None) == PUBLIC


def mark_private(request: HttpRequest) -> None:
    """This view's answer is personal: never stored by anyone."""
    setattr(request, _MARK, PRIVATE)


def has_session_cookie(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def bypasses_cache(request: HttpRequest) -> bool:
    """Whether the page cache steps aside: only for a session that loads with a signed-in user.

    The cache runs before the session middleware, so this loads the session itself, and only when
    the request carries its cookie: hits without one stay free. A made-up or expired ``sessionid``
    is served from the cache like any reader, and so is an ``Authorization`` header (no view here
    reads one, and only responses that views mark public are stored).
    """
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    probe = HttpRequest()
    probe.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        return get_user(probe).is_authenticated
    except Exception as error:  # a database outage: answered from the cache, as for any reader
        global _last_session_error_logged
        if time.monotonic() - _last_session_error_logged > 60:  # an outage would flood the log
            _last_session_error_logged = time.monotonic()
            logger.warning("page cache: session not loaded (%s: %s); served as anonymous", type(error).__name__, error)
        return False


def is_signed_in(request: HttpRequest) -> bool:
    """Whether a user is signed in; loads the session only when the request carries its cookie."""
    if not has_session_cookie(request):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def is_personal(request: HttpRequest, response: HttpResponse) -> bool:
    if getattr(request, _MARK, None) == PRIVATE or getattr(request, "is_preview", False):
        return True
    if request.path.startswith(tuple(get_setting("PRIVATE_PATHS"))):
        return True
    if response.cookies:
        return True
    return is_signed_in(request)


def _already_private(response: HttpResponse) -> bool:
    value = response.get("Cache-Control", "").lower()
    return any(word in value for word in ("private", "no-store", "no-cache"))


def public_cache_control() -> dict[str, int | bool]:
    return {
        "public": True,
        "max_age": get_setting("MAX_AGE"),
        "s_maxage": get_setting("S_MAXAGE"),
        "stale_while_revalidate": get_setting("STALE_WHILE_REVALIDATE"),
        "stale_if_error": get_setting("STALE_IF_ERROR"),
    }


def make_private(response: HttpResponse) -> None:
    """``private, no-store``, whatever the view said about ages."""
    value = response.get("Cache-Control", "")
    kept = [
        part.strip()
        for part in value.split(",")
        if part.strip()
        and part.strip().split("=")[0].lower() not in ("public", "max-age", "s-maxage")
        and not part.strip().lower().startswith("stale-")
    ]
    response["Cache-Control"] = ", ".join(kept)
    patch_cache_control(response, private=True, no_store=True)


def set_validators(response: HttpResponse) -> None:
    """A strong ETag from the body, and Last-Modified (when this copy was made) where the view set none."""
    if not response.has_header("ETag") and not response.streaming:
        response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=12).hexdigest()}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(time.time())


def apply(request: HttpRequest, response: HttpResponse) -> str | None:
    """Set the response's caching headers; PUBLIC, PRIVATE, or None (left as the view made it)."""
    if is_personal(request, response):
        make_private(response)
        return PRIVATE
    if getattr(request, _MARK, None) != PUBLIC or request.method not in ("GET", "HEAD"):
        return None
    if response.status_code != 200 or response.streaming or _already_private(response):
        return None
    patch_cache_control(response, **public_cache_control())
    set_validators(response)
    return PUBLIC

"""Run work after the response has gone to the client, so its duration tells the client nothing.

The signup answer must not wait for the confirmation email, or its timing says whether the address
was new. On a real queue enqueuing is one INSERT; on the embedded ``ImmediateBackend`` the task runs
inside ``enqueue()``. Inside a request, :func:`after_response` keeps the callable until Django's
``request_finished`` signal, which the server sends from ``response.close()`` once the body has been
written (WSGI and ASGI alike; the test client too, before ``post()`` returns). Outside a request
(management commands, shells) it runs at once.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable

from django.core.signals import request_finished, request_started

logger = logging.getLogger(__name__)

# None outside a request; a list of callables while one is being served (per thread or task).
_pending: contextvars.ContextVar[list[Callable[[], object]] | None] = contextvars.ContextVar(
    "newsletter_after_response", default=None
)


def after_response(callback: Callable[[], object]) -> None:
    """Call ``callback`` once the current response has been sent; at once outside a request."""
    pending = _pending.get()
    if pending is None:
        callback()
    else:
        pending.append(callback)


def _request_started(**kwargs) -> None:
    _pending.set([])


def _request_finished(**kwargs) -> None:
    callbacks = _pending.get() or []
    _pending.set(None)
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the response is gone: log, never raise into the server
            logger.exception("Work deferred until after the response failed: %r", callback)


def connect_signals() -> None:
    """Called from ``NewsletterConfig.ready()``: before the first request starts, not when a view is imported."""
    request_started.connect(_request_started, dispatch_uid="newsletter.after_response.started")
    request_finished.connect(_request_finished, dispatch_uid="newsletter.after_response.finished")

"""Opting a view in to public caching."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from .policy import mark_public


def public_cache(view: Callable[..., Any]) -> Callable[..., Any]:
    """The view's successful GET/HEAD answers are the same for every anonymous reader (feeds, sitemaps)."""

    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        mark_public(request)
        return view(request, *args, **kwargs)

    return wrapped

"""Wagtail pages are public unless a view restriction covers them (then personal: never stored)."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from . import keys
from .policy import mark_private, mark_public
from .restrictions import is_restricted


@hooks.register("before_serve_page", order=-100)
def mark_page_request(page: Any, request: Any, serve_args: Any, serve_kwargs: Any) -> None:
    # Before Wagtail's own restriction check, which answers the password or login form itself.
    if is_restricted(page):
        mark_private(request)
    else:
        mark_public(request)
        keys.add_page(request, page)

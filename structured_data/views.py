"""Admin views: the structured-data report of a live page (linked from the userbar)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.models import Page


def report(request: HttpRequest, page_id: int) -> HttpResponse:
    """The report for the live page ``page_id`` (``?url=`` picks one of its routes, on the same site)."""
    from .editor import check_live, report_response  # the checker is an optional extra: loaded when used

    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    url = request.GET.get("url") or None
    base = page.get_full_url(request)
    if url and (not base or urlsplit(url).netloc != urlsplit(base).netloc or not url.startswith(base)):
        url = None  # only the page itself or one of its routes
    result = check_live(page, url)
    return report_response(request, page, result, title="Structured data of the live page")

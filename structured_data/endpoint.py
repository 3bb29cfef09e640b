"""A page's graph as ``application/ld+json``, from the page's own URL.

Any page URL answers with its graph when asked for it, either by content negotiation
(``Accept: application/ld+json``) or explicitly with ``?format=jsonld`` (the stable URL the HTML
head links to with ``<link rel="alternate" type="application/ld+json">``). Why the page's own URL
and not an id-based one such as ``/structured-data/page/<id>.jsonld``: the request goes through
Wagtail's routing and serving, so the site, the page, RoutablePage routes (an author's profile)
and every ``before_serve_page`` / ``on_serve_page`` check (view restrictions: the password form,
the login redirect) apply exactly as they do to the HTML; there is no second lookup to get wrong
and no id to enumerate.

The hook (see ``wagtail_hooks.py``) wraps ``Page.serve`` inside Wagtail's view-restriction check.
``serve`` returns a ``TemplateResponse`` that has not been rendered: its context holds ``page``
and, for a route that shows another object, that object, the same two things the
``{% structured_data %}`` tag reads. The graph is built from them and the HTML is never rendered.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from wagtail.models import Page

from .conf import get_setting
from .graph import Graph, get_graph
from .rendering import dumps_json_ld
from .visibility import is_published

JSON_LD = "application/ld+json"
FORMAT_PARAM = "format"
FORMAT_VALUE = "jsonld"


def wants_json_ld(request: HttpRequest) -> bool:
    """``?format=jsonld``, or an ``Accept`` header that prefers JSON-LD to HTML."""
    if request.GET.get(FORMAT_PARAM) == FORMAT_VALUE:
        return True
    if "ld+json" not in request.headers.get("Accept", ""):
        return False
    return request.get_preferred_type(["text/html", JSON_LD]) == JSON_LD


def json_ld_url(page_url: str) -> str:
    """The stable JSON-LD URL of a page (or route) URL."""
    return f"{page_url}{'&' if '?' in page_url else '?'}{FORMAT_PARAM}={FORMAT_VALUE}"


def last_modified(page: Page, graph: Graph) -> datetime.datetime | None:
    """The published revision's time, or a later ``dateModified`` in the graph (an author edited since)."""
    moments = [page.last_published_at] if page.last_published_at else []
    for node in graph.nodes:
        value = node.get("dateModified")
        if isinstance(value, str):
            try:
                moment = datetime.datetime.fromisoformat(value)
            except ValueError:
                continue
            if moment.tzinfo is not None:
                moments.append(moment)
    return max(moments) if moments else None


def graph_response(request: HttpRequest, page: Page, obj: Any = None) -> HttpResponse:
    """The graph of ``page`` (showing ``obj``) with validators; 304 when the client's copy is current."""
    if not is_published(page) and not getattr(request, "is_preview", False):
        raise Http404("No structured data for this page.")
    graph = get_graph(request, page, obj)
    body = dumps_json_ld(graph.as_dict())
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:20]
    # The published revision names the version; the digest catches what it does not cover (an
    # author's bio, the publisher setting), so a stale graph is never confirmed with a 304.
    etag = f'"{page.live_revision_id or 0}-{digest}"'
    modified = last_modified(page, graph)
    timestamp = calendar.timegm(modified.utctimetuple()) if modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(body.encode("utf-8"), content_type=JSON_LD)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_vary_headers(response, ["Accept"])
    if page.get_view_restrictions().exists():
        patch_cache_control(response, private=True)  # served past a restriction: never to a shared cache
    else:
        patch_cache_control(response, max_age=get_setting("ENDPOINT_MAX_AGE"))
    return response


def serve_json_ld(callback: Any) -> Any:
    """``on_serve_page`` hook body: the graph instead of the HTML when the request asks for it."""

    def inner(page: Page, request: HttpRequest, args: Any, kwargs: Any) -> HttpResponse:
        if not get_setting("ENABLED") or not wants_json_ld(request):
            response = callback(page, request, args, kwargs)
            patch_vary_headers(response, ["Accept"])  # the same URL answers JSON-LD to other clients
            return response
        response = callback(page, request, args, kwargs)
        context = getattr(response, "context_data", None) if isinstance(response, SimpleTemplateResponse) else None
        if not context or not isinstance(context.get("page"), Page) or response.status_code != 200:
            return response  # a redirect, an error or a non-template page: answered as the HTML would be
        return graph_response(request, context["page"], context.get(get_setting("CONTEXT_OBJECT_KEY")))

    return inner

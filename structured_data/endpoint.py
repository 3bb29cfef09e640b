"""A page's graph as ``application/ld+json`` (or in a news format), from the page's own URL.

The news formats (:mod:`structured_data.formats`: ninjs, NewsML-G2) are served the same way:
``?format=ninjs`` or ``Accept: application/ninjs+json``, ``?format=newsml`` or ``Accept:
application/vnd.iptc.g2.newsitem+xml``, through the same checks, validators and cache headers.

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
from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from wagtail.models import Page

from .conf import get_setting
from .formats import available as formats_available
from .formats import build_news_item, formats, get_format
from .graph import Graph, get_graph
from .visibility import is_published

JSON_LD = "application/ld+json"
FORMAT_PARAM = "format"
FORMAT_VALUE = "jsonld"


def requested_format(request: HttpRequest) -> str | None:
    """``"jsonld"`` or a news format's name (:mod:`structured_data.formats`) the request asks for, else None.

    Asked for with ``?format=<name>``, or an ``Accept`` header that prefers the format's media
    type to HTML.
    """
    value = request.GET.get(FORMAT_PARAM)
    if value == FORMAT_VALUE:
        return FORMAT_VALUE
    if value and get_format(value) is not None and formats_available():
        return value
    accept = request.headers.get("Accept", "")
    if not accept:
        return None
    offered = {JSON_LD: FORMAT_VALUE} if "ld+json" in accept else {}
    if formats_available():
        offered.update({f.media_type: f.name for f in formats().values() if f.media_type in accept})
    if not offered:
        return None
    preferred = request.get_preferred_type(["text/html", *offered])
    return offered.get(preferred) if preferred else None


def negotiates(request: HttpRequest) -> bool:
    """Whether the ``Accept`` header names a media type this endpoint answers in place of HTML.

    A cache keyed on the URL alone must not answer such a request (pagecache skips it), since
    the same URL gives HTML to browsers; the ``?format=`` URL is the one to cache.
    """
    accept = request.headers.get("Accept", "")
    return "ld+json" in accept or any(f.media_type in accept for f in formats().values())


def wants_json_ld(request: HttpRequest) -> bool:
    """``?format=jsonld``, or an ``Accept`` header that prefers JSON-LD to HTML."""
    return requested_format(request) == FORMAT_VALUE


def json_ld_url(page_url: str) -> str:
    """The stable JSON-LD URL of a page (or route) URL."""
    return format_url(page_url, FORMAT_VALUE)


def format_url(page_url: str, name: str) -> str:
    """The stable URL of a page (or route) URL in format ``name`` (``jsonld``, ``ninjs``, ``newsml``)."""
    return f"{page_url}{'&' if '?' in page_url else '?'}{FORMAT_PARAM}={name}"


def format_urls(page_url: str) -> list[str]:
    """Every ``?format=`` URL a page (or route) URL answers: JSON-LD, then each news format served.

    What a purge of the page must reach besides the page itself (a CDN keys each URL apart).
    """
    names = [FORMAT_VALUE]
    if formats_available():
        names.extend(formats())
    return [format_url(page_url, name) for name in names]


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
    _check_published(request, page)
    graph = get_graph(request, page, obj)
    body = graph.json_ld().encode("utf-8")
    return _respond(request, page, body, JSON_LD, last_modified(page, graph))


def format_response(request: HttpRequest, page: Page, name: str, obj: Any = None) -> HttpResponse:
    """``page`` (showing ``obj``) in news format ``name``, with the same validators and caching as the graph."""
    _check_published(request, page)
    news_format = get_format(name)
    if news_format is None:
        raise Http404(f"No format {name!r}.")
    item, graph = build_news_item(page, request, obj)
    body = news_format.serialize(item)
    content_type = news_format.media_type
    if content_type.endswith("json"):
        content_type += "; charset=utf-8"
    return _respond(request, page, body, content_type, last_modified(page, graph))


def _check_published(request: HttpRequest, page: Page) -> None:
    if not is_published(page) and not getattr(request, "is_preview", False):
        raise Http404("No structured data for this page.")


def _respond(
    request: HttpRequest, page: Page, body: bytes, content_type: str, modified: datetime.datetime | None
) -> HttpResponse:
    digest = hashlib.sha256(body).hexdigest()[:20]
    # The published revision names the version; the digest catches what it does not cover (an
    # author's bio, the publisher setting), so a stale body is never confirmed with a 304.
    etag = f'"{page.live_revision_id or 0}-{digest}"'
    timestamp = calendar.timegm(modified.utctimetuple()) if modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(body, content_type=content_type)
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
    """``on_serve_page`` hook body: the graph or a news format instead of the HTML when the request asks for it."""

    def inner(page: Page, request: HttpRequest, args: Any, kwargs: Any) -> HttpResponse:
        name = requested_format(request) if get_setting("ENABLED") else None
        response = callback(page, request, args, kwargs)
        if name is None:
            patch_vary_headers(response, ["Accept"])  # the same URL answers JSON-LD or ninjs to other clients
            return cast("HttpResponse", response)
        context = getattr(response, "context_data", None) if isinstance(response, SimpleTemplateResponse) else None
        if not context or not isinstance(context.get("page"), Page) or response.status_code != 200:
            # A redirect, an error or a non-template page: answered as the HTML would be.
            return cast("HttpResponse", response)
        obj = context.get(get_setting("CONTEXT_OBJECT_KEY"))
        if name == FORMAT_VALUE:
            return graph_response(request, context["page"], obj)
        return format_response(request, context["page"], name, obj)

    return inner

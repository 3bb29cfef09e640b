"""``?format=jsonld`` for views that show something other than a page (a topic, a date archive).

Pages get it from the plugin's endpoint (an ``on_serve_page`` hook); these views are not served by
Wagtail, so the same answer is given here: the graph their HTML embeds, built by the plugin's
public ``build_graph`` from the ``page`` and ``structured_data_object`` of the view's context.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_vary_headers

from structured_data import build_graph

JSON_LD = "application/ld+json"


def asks_for_json_ld(request: HttpRequest) -> bool:
    return request.GET.get("format") == "jsonld" or "ld+json" in request.headers.get("Accept", "")


def with_json_ld(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view's graph instead of its HTML when the request asks for JSON-LD."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        if not asks_for_json_ld(request) or not isinstance(response, SimpleTemplateResponse):
            return response
        context = response.context_data or {}
        subject = context.get("structured_data_object")
        if subject is None or response.status_code != 200:
            return response
        graph = build_graph(context["page"], request, subject)
        body = json.dumps(graph.as_dict(), ensure_ascii=False, separators=(",", ":"))
        answer = HttpResponse(body.encode(), content_type=f"{JSON_LD}; charset=utf-8")
        patch_vary_headers(answer, ["Accept"])
        return answer

    return wrapped

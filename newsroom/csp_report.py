"""The ``report-uri`` endpoint of the Content-Security-Policy (``newsroom/csp.py``): browsers post
violation reports here, and they are logged (logger ``newsroom.csp``).

Anyone can post anything, so the body is bounded before it is parsed (size, then nesting depth,
then shape: 400 for whatever is not a report), and what is logged is rate-limited per client IP
and overall, in Django's cache.
"""

from __future__ import annotations

import json
import logging

from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

# The newsletter's fixed-window counter in Django's cache, and its reading of the client IP behind
# NUM_PROXIES trusted proxies: both generic, and below this package in the layers.
from newsletter import ratelimit
from newsletter.views import client_ip

logger = logging.getLogger("newsroom.csp")

MAX_REPORT_BYTES = 16 * 1024
# A report is an object of strings (or a list of them, from the Reporting API): a few levels deep.
MAX_REPORT_DEPTH = 8
MAX_REPORTS_PER_REQUEST = 10
# Reports logged per client IP, and from everyone, per window (seconds); the rest are answered and
# dropped, so nobody can fill the logs. Counted in Django's cache, shared by every worker.
LOG_LIMIT_PER_IP = 10
LOG_LIMIT_GLOBAL = 100
LOG_LIMIT_WINDOW = 60


def nesting_depth(text: str) -> int:
    """How deeply the JSON in ``text`` nests arrays and objects, counted without parsing it (the
    parser recurses once per level: a body of brackets alone would exhaust Python's stack)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def parse_reports(raw: bytes) -> list[dict] | None:
    """The violation reports in a request body, or None when it is not one: not JSON, nested deeper
    than a report is, or not a report object (``{"csp-report": {...}}``, or the Reporting API's list
    of ``{"body": {...}}``)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if nesting_depth(text) > MAX_REPORT_DEPTH:
        return None
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        return None
    items = body if isinstance(body, list) else [body]
    if not items or len(items) > MAX_REPORTS_PER_REQUEST or not all(isinstance(item, dict) for item in items):
        return None
    reports = [item.get("csp-report") or item.get("body") for item in items]
    return reports if all(isinstance(report, dict) for report in reports) else None


def may_log(request) -> bool:
    """Whether this request's reports are logged: within the per-IP and the global limit."""
    window = LOG_LIMIT_WINDOW
    return ratelimit.allow("csp-report-ip", client_ip(request), limit=LOG_LIMIT_PER_IP, window=window) and (
        ratelimit.allow("csp-report", "all", limit=LOG_LIMIT_GLOBAL, window=window)
    )


@csrf_exempt
def csp_report(request):
    """Log a browser's violation report (``report-uri``): 204 for a report, 400 for anything else
    (413 when too large to read). Logging is rate-limited (:func:`may_log`)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    reports = parse_reports(request.body)
    if reports is None:
        return HttpResponse(status=400)
    if not may_log(request):
        return HttpResponse(status=204)
    for report in reports:
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            str(report.get("violated-directive") or report.get("effectiveDirective") or "")[:200],
            str(report.get("blocked-uri") or report.get("blockedURL") or "")[:500],
            str(report.get("document-uri") or report.get("documentURL") or "")[:500],
        )
    return HttpResponse(status=204)

"""Reports → Background updates: every rebuild with its progress (done of total, batches, timing)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Rebuild

#: Rows the report lists (the newest first); older ones stay in the table.
SHOWN = 50


def running_and_recent(limit: int = SHOWN) -> list[Rebuild]:
    running = list(Rebuild.objects.filter(finished_at__isnull=True)[:limit])
    recent = list(Rebuild.objects.filter(finished_at__isnull=False)[: max(0, limit - len(running))])
    return running + recent


def report(request: HttpRequest) -> HttpResponse:
    return render(
        request, "rebuilds/report.html", {"rebuilds": running_and_recent(), "page_title": "Background updates"}
    )

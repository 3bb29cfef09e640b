"""The admin dashboard's structured-data panel: the latest stored run's totals and the change over a week.

Every site's latest run is summed; "since last week" compares each with that site's latest run at
least seven days older (earlier runs keep their totals for this), or says there is none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .check_runs import latest_runs
from .models import CheckRun

WEEK = datetime.timedelta(days=7)
FIGURES = (("pages_checked", _("Pages checked")), ("errors", _("Errors")), ("warnings", _("Warnings")))


@dataclass
class SummaryRow:
    key: str
    label: str
    value: int
    change: int | None


def week_earlier(run: CheckRun) -> CheckRun | None:
    """The site's latest run started at least a week before ``run``."""
    same_site = (
        CheckRun.objects.filter(site_id=run.site_id)
        if run.site_id is not None
        else CheckRun.objects.filter(site__isnull=True)
    )
    return same_site.filter(started_at__lte=run.started_at - WEEK).order_by("-started_at", "-pk").first()


def summary() -> dict[str, Any] | None:
    """The panel's figures: totals of each site's latest run, and their change since a week earlier."""
    runs = latest_runs()
    if not runs:
        return None
    earlier = [week_earlier(run) for run in runs]
    rows = []
    for key, label in FIGURES:
        value = sum(getattr(run, key) for run in runs)
        known = [pair for pair in zip(runs, earlier, strict=True) if pair[1] is not None]
        change = sum(getattr(now, key) - getattr(then, key) for now, then in known) if known else None
        rows.append(SummaryRow(key, str(label), value, change))
    return {
        "checked_at": max(run.started_at for run in runs),
        "rows": rows,
        "flagged": sum(run.flagged for run in runs),
    }


class StructuredDataPanel(Component):
    name = "structured_data_summary"
    order = 150
    template_name = "structured_data/dashboard_panel.html"

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        from django.urls import reverse

        return {"summary": summary(), "report_url": reverse("structured_data_site_report")}

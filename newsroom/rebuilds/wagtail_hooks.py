"""The editor sees background rebuilds: a message after the save, a dashboard panel, a report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import views
from .models import Rebuild
from .signals import ATTRIBUTE

#: Running rebuilds shown on the dashboard (the report lists the rest).
PANEL_ROWS = 5


class RebuildsPanel(Component):
    """Running rebuilds with done/total; nothing at all when none is running."""

    name = "background_rebuilds"
    order = 90
    template_name = "rebuilds/panel.html"

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        running = list(Rebuild.objects.filter(finished_at__isnull=True)[: PANEL_ROWS + 1])
        return {
            "rebuilds": running[:PANEL_ROWS],
            "more": len(running) > PANEL_ROWS,
            "report_url": reverse("rebuilds_report"),
        }

    def render_html(self, parent_context: Any = None) -> str:
        if not Rebuild.objects.filter(finished_at__isnull=True).exists():
            return ""
        return super().render_html(parent_context)


@hooks.register("construct_homepage_panels")
def add_panel(request: Any, panels: list) -> None:
    panels.append(RebuildsPanel())


@hooks.register("register_admin_urls")
def urls() -> list:
    return [path("background-updates/", views.report, name="rebuilds_report")]


@hooks.register("register_reports_menu_item")
def menu_item() -> MenuItem:
    return MenuItem("Background updates", reverse("rebuilds_report"), icon_name="resubmit", order=900)


def tell_editor(request: Any, instance: Any) -> None:
    rebuild = getattr(instance, "__dict__", {}).get(ATTRIBUTE)
    if rebuild is None:
        return
    text = ngettext(
        "%(count)d page shows this: its stored data is being updated in the background.",
        "%(count)d pages show this: their stored data is being updated in the background.",
        rebuild.total,
    ) % {"count": rebuild.total}
    messages.info(request, f"{text} Progress: Reports → Background updates ({reverse('rebuilds_report')}).")


@hooks.register("after_edit_snippet")
def after_edit_snippet(request: Any, instance: Any) -> None:
    tell_editor(request, instance)


@hooks.register("after_publish_page")
def after_publish_page(request: Any, page: Any) -> None:
    tell_editor(request, page)

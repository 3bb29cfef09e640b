"""The admin's site-wide structured-data report (Reports menu): every live page's stored findings.

Built on Wagtail's ``ReportView`` like its own reports, so the filters, pagination and the CSV/XLSX
export (``SpreadsheetExportMixin``) are Wagtail's. The rows are those of each site's latest run of
``check_structured_data --store``; a user sees the rows of the pages they may edit, and only users
who may edit some page see the report at all (403 otherwise).
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from .check_runs import latest_runs
from .models import Finding, PageCheck, PageCheckAuthor

SEVERITY_CHOICES = [
    ("error", _("With errors")),
    ("warning", _("With warnings")),
    ("any", _("With errors or warnings")),
    ("none", _("Without findings")),
]


def latest_checks() -> QuerySet[PageCheck]:
    """The page rows of each site's latest stored run, for live pages."""
    return PageCheck.objects.filter(run__in=[run.pk for run in latest_runs()], page__live=True)


def _rule_choices() -> list[tuple[str, str]]:
    rules = Finding.objects.filter(page_check__in=latest_checks()).order_by("rule").values_list("rule", flat=True)
    return [(rule, rule) for rule in rules.distinct()]


def _author_choices() -> list[tuple[str, str]]:
    names = PageCheckAuthor.objects.filter(page_check__in=latest_checks()).order_by("name")
    return [(name, name) for name in names.values_list("name", flat=True).distinct()]


def _sections(request: Any) -> QuerySet[Page]:
    sections: QuerySet[Page] = Page.objects.filter(pk__in=latest_checks().values("section_id")).order_by("title")
    return sections


class StructuredDataReportFilterSet(WagtailFilterSet):
    severity = django_filters.ChoiceFilter(
        label=_("Severity"), choices=SEVERITY_CHOICES, method="filter_severity", empty_label=_("All pages")
    )
    rule = django_filters.ChoiceFilter(label=_("Rule"), choices=_rule_choices, method="filter_rule")
    section = django_filters.ModelChoiceFilter(label=_("Section"), queryset=_sections, empty_label=_("Any section"))
    author = django_filters.ChoiceFilter(label=_("Author"), choices=_author_choices, method="filter_author")
    flagged = django_filters.BooleanFilter(
        label=_("Findings changed after publishing"), field_name="flagged_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = PageCheck
        fields = ["severity", "rule", "section", "author", "flagged"]

    def filter_severity(self, queryset: QuerySet[PageCheck], name: str, value: str) -> QuerySet[PageCheck]:
        if value == "error":
            return queryset.filter(errors__gt=0)
        if value == "warning":
            return queryset.filter(warnings__gt=0)
        if value == "any":
            return queryset.exclude(errors=0, warnings=0)
        if value == "none":
            return queryset.filter(errors=0, warnings=0)
        return queryset

    def filter_rule(self, queryset: QuerySet[PageCheck], name: str, value: str) -> QuerySet[PageCheck]:
        return queryset.filter(pk__in=Finding.objects.filter(rule=value).values("page_check_id"))

    def filter_author(self, queryset: QuerySet[PageCheck], name: str, value: str) -> QuerySet[PageCheck]:
        return queryset.filter(pk__in=PageCheckAuthor.objects.filter(name=value).values("page_check_id"))


class FindingsColumn(Column):
    cell_template_name = "structured_data/reports/findings_cell.html"


class StructuredDataReportView(ReportView):
    page_title = _("Structured data")
    header_icon = "code"
    index_url_name = "structured_data_site_report"
    index_results_url_name = "structured_data_site_report_results"
    filterset_class = StructuredDataReportFilterSet
    model = PageCheck
    permission_policy = page_permission_policy
    verbose_name = _("page")
    verbose_name_plural = _("pages")
    no_results_message = _("No stored check yet: run manage.py check_structured_data --site HOSTNAME --store.")
    columns = [
        TitleColumn("title", label=_("Page"), url_name="wagtailadmin_pages:edit", id_accessor="page_id"),
        Column("section_title", label=_("Section")),
        Column("authors", label=_("Authors"), accessor=lambda check: ", ".join(check.author_names)),
        Column("errors", label=_("Errors")),
        Column("warnings", label=_("Warnings")),
        FindingsColumn("findings", label=_("Findings"), accessor=lambda check: check.findings.all()),
        Column("flag_label", label=_("Changed after publishing")),
    ]
    list_export = [
        "title",
        "url",
        "edit_url",
        "section_title",
        "author_names",
        "errors",
        "warnings",
        "rule_ids",
        "findings_text",
        "flagged_at",
    ]
    export_headings = {
        "title": _("Page"),
        "url": _("URL"),
        "edit_url": _("Edit"),
        "section_title": _("Section"),
        "author_names": _("Authors"),
        "errors": _("Errors"),
        "warnings": _("Warnings"),
        "rule_ids": _("Rules"),
        "findings_text": _("Findings"),
        "flagged_at": _("Findings changed after publishing"),
    }

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """403 for a user who may edit no page (Wagtail's admin would redirect to the dashboard instead)."""
        if not page_permission_policy.user_has_permission(request.user, "change"):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self) -> str:
        return f"structured-data-report-{datetime.date.today():%Y-%m-%d}"

    @cached_property
    def runs(self) -> list[Any]:
        return latest_runs()

    def get_page_subtitle(self) -> str:
        if not self.runs:
            return ""
        newest = max(run.started_at for run in self.runs)
        return str(_("Last stored check: %(when)s") % {"when": f"{newest:%Y-%m-%d %H:%M %Z}"})

    def get_queryset(self) -> QuerySet[PageCheck]:
        editable = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return (
            PageCheck.objects.filter(run__in=[run.pk for run in self.runs], page__live=True)
            .filter(page__in=editable.values("pk"))
            .select_related("section")
            .prefetch_related("findings", "authors")
            .order_by("-errors", "-warnings", "title", "pk")
        )


def report_url() -> str:
    return reverse("structured_data_site_report")

"""The stored check and the admin's structured-data report, on the test app's pages: what is stored, the
filters, the CSV and XLSX exports, who may see it, the dashboard panel's figures and the flag."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from typing import Any, ClassVar

import openpyxl
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupPagePermission

from structured_data.check_runs import author_names_in_graph, store_check_run
from structured_data.checker.site import SiteRenderer
from structured_data.dashboard import summary
from structured_data.models import CheckRun, Finding, PageCheck, PublisherSettings
from structured_data.schema import PageSchema

from .builders import build_site, make_event, make_image, make_plain, publish, registered
from .testapp.models import EventPage, PlainPage
from .testapp.schema import EventSchema

REPORT = "/admin/reports/structured-data/"


class BylinedPageSchema(PageSchema):
    """A plain page as an Article with one author, named in the page's search description."""

    schema_type = "Article"
    id_fragment = "article"
    properties: ClassVar[Sequence[str]] = ("headline", "url", "author")

    def headline(self, page: PlainPage) -> str:
        return page.title

    def author(self, page: PlainPage) -> Any:
        if not page.search_description:
            return None
        return {"@type": "Person", "@id": f"{self.builder.page_url}#author", "name": page.search_description}


class EventWithTypoSchema(EventSchema):
    """What a changed schema might do to pages already published: a property schema.org does not define."""

    extra_properties = {**EventSchema.extra_properties, "eventMood": "festive"}


def store(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_structured_data", "--site", "localhost", "--store", *args, stdout=out, stderr=err)
    except SystemExit:  # pragma: no cover - CommandError exits only from the command line
        pass
    except Exception as error:  # the command exits 1 when errors were found, after storing the run
        if getattr(error, "returncode", None) != 1:
            raise
    return out.getvalue()


def make_user(username: str, *, superuser: bool = False, editor_of: Any = None) -> Any:
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw", is_superuser=superuser)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if editor_of is not None:
        group = Group.objects.create(name=f"Editors of {editor_of.title} ({username})")
        GroupPagePermission.objects.create(group=group, page=editor_of, permission_type="change")
        user.groups.add(group)
    return user


class StoredRunTests(TestCase):
    tree: Any

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        PublisherSettings.objects.create(site=cls.tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
        cls.other = cls.tree.home.add_child(instance=PlainPage(title="Sport", slug="sport"))
        publish(cls.other)
        cls.ada = make_plain(cls.tree.section, "Harbor reopens", search_description="Ada Byline")
        cls.grace = make_plain(cls.other, "Cup final", search_description="Grace Reporter")
        cls.event = make_event(cls.tree.section, "Harbor festival", summary="Boats and music.")
        draft = cls.tree.section.add_child(instance=PlainPage(title="Unpublished plans", slug="plans", live=False))
        cls.draft = draft
        with registered(PlainPage, BylinedPageSchema):
            cls.output = store()
            # What the checker says of each URL, afresh: the stored rows must say the same.
            renderer = SiteRenderer(cls.tree.site)
            cls.fresh = {url: renderer.check(url) for url in renderer.page_urls()}
        cls.stored_run = CheckRun.objects.get()
        cls.superuser = make_user("admin", superuser=True)
        cls.sport_editor = make_user("sport", editor_of=cls.other)
        cls.outsider = make_user("outsider")

    def rows(self, response: Any) -> list[str]:
        return [row.title for row in response.context["object_list"]]

    # The stored run -------------------------------------------------------------------------------

    def test_every_visible_page_is_stored_with_the_checkers_findings(self):
        checks = {check.page_id: check for check in PageCheck.objects.filter(run=self.stored_run)}
        live_ids = {self.tree.home.pk, self.tree.section.pk, self.other.pk, self.ada.pk, self.grace.pk, self.event.pk}
        self.assertEqual(set(checks), live_ids)
        self.assertNotIn(self.draft.pk, checks)
        for check in checks.values():
            issues, _json_ld = self.fresh[check.url]
            stored = sorted((f.severity, f.rule, f.path, f.message) for f in check.findings.all())
            self.assertEqual(stored, sorted((i.severity, i.code, i.path, i.message) for i in issues))
            self.assertEqual(check.errors, sum(i.severity == "error" for i in issues))
            self.assertEqual(check.warnings, sum(i.severity == "warning" for i in issues))
        self.assertEqual(self.stored_run.pages_checked, len(live_ids))
        self.assertEqual(self.stored_run.errors, sum(check.errors for check in checks.values()))
        self.assertEqual(self.stored_run.warnings, sum(check.warnings for check in checks.values()))
        self.assertGreater(
            self.stored_run.errors + self.stored_run.warnings, 0, "the test site should give the report something"
        )
        self.assertIn(f"Checked {len(live_ids)} page(s)", self.output)

    def test_sections_are_parents_and_authors_come_from_the_graph(self):
        checks = {check.page_id: check for check in PageCheck.objects.filter(run=self.stored_run)}
        self.assertEqual(checks[self.ada.pk].section_id, self.tree.section.pk)
        self.assertEqual(checks[self.grace.pk].section_id, self.other.pk)
        self.assertIsNone(checks[self.tree.home.pk].section_id)
        self.assertEqual(checks[self.ada.pk].author_names, ["Ada Byline"])
        self.assertEqual(checks[self.grace.pk].author_names, ["Grace Reporter"])
        self.assertEqual(checks[self.event.pk].author_names, [])

    def test_author_names_follow_references_by_id(self):
        graph = [
            {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "Article", "author": [{"@id": "#a"}, {"@type": "Person", "name": "Inline Name"}]},
                    {"@type": "Person", "@id": "#a", "name": "Referenced Name"},
                ],
            }
        ]
        self.assertEqual(author_names_in_graph(graph), ["Referenced Name", "Inline Name"])

    def test_store_refuses_other_sources(self):
        from django.core.management.base import CommandError

        with self.assertRaises(CommandError) as raised:
            call_command("check_structured_data", "--url", "https://example.com/", "--store")
        self.assertIn("--store", str(raised.exception))

    # The report -----------------------------------------------------------------------------------

    def test_the_report_lists_every_live_page_with_a_link_to_its_edit_view(self):
        self.client.force_login(self.superuser)
        response = self.client.get(REPORT)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["object_list"]), self.stored_run.pages_checked)
        self.assertContains(response, reverse("wagtailadmin_pages:edit", args=[self.ada.pk]))
        self.assertContains(response, "Ada Byline")

    def test_filters_by_severity_rule_section_and_author(self):
        self.client.force_login(self.superuser)
        checks = PageCheck.objects.filter(run=self.stored_run)
        with_errors = sorted(check.title for check in checks if check.errors)
        clean = sorted(check.title for check in checks if not check.errors and not check.warnings)
        self.assertTrue(with_errors)
        self.assertEqual(sorted(self.rows(self.client.get(REPORT, {"severity": "error"}))), with_errors)
        self.assertEqual(sorted(self.rows(self.client.get(REPORT, {"severity": "none"}))), clean)

        rule = Finding.objects.filter(page_check__run=self.stored_run).values_list("rule", flat=True).first()
        having_rule = sorted({f.page_check.title for f in Finding.objects.filter(rule=rule)})
        self.assertEqual(sorted(self.rows(self.client.get(REPORT, {"rule": rule}))), having_rule)

        section = self.rows(self.client.get(REPORT, {"section": self.other.pk}))
        self.assertEqual(section, ["Cup final"])
        self.assertEqual(self.rows(self.client.get(REPORT, {"author": "Ada Byline"})), ["Harbor reopens"])

    def test_a_filter_value_that_is_not_a_choice_is_ignored_not_an_error(self):
        self.client.force_login(self.superuser)
        for query in ({"rule": "no-such-rule"}, {"section": "abc"}, {"severity": "<script>"}):
            response = self.client.get(REPORT, query)
            self.assertEqual(response.status_code, 200, query)

    def test_csv_export_has_a_row_per_page_with_its_findings(self):
        self.client.force_login(self.superuser)
        response = self.client.get(REPORT, {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        text = b"".join(response.streaming_content).decode()
        rows = list(csv.DictReader(io.StringIO(text)))
        self.assertEqual(len(rows), self.stored_run.pages_checked)
        by_title = {row["Page"]: row for row in rows}
        ada = PageCheck.objects.get(run=self.stored_run, page_id=self.ada.pk)
        self.assertEqual(by_title["Harbor reopens"]["Errors"], str(ada.errors))
        self.assertEqual(by_title["Harbor reopens"]["Warnings"], str(ada.warnings))
        self.assertEqual(by_title["Harbor reopens"]["Authors"], "Ada Byline")
        self.assertEqual(by_title["Harbor reopens"]["Findings"].splitlines(), [f.as_line() for f in ada.findings.all()])
        self.assertTrue(by_title["Harbor reopens"]["Edit"].endswith(f"/admin/pages/{self.ada.pk}/edit/"))

    def test_xlsx_export_of_a_filtered_report(self):
        self.client.force_login(self.superuser)
        response = self.client.get(REPORT, {"export": "xlsx", "author": "Grace Reporter"})
        self.assertEqual(response.status_code, 200)
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheet = workbook.active
        header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        self.assertEqual(header[:2], ["Page", "URL"])
        self.assertEqual(len(rows), 1)
        grace = PageCheck.objects.get(run=self.stored_run, page_id=self.grace.pk)
        row = dict(zip(header, rows[0], strict=True))
        self.assertEqual((row["Page"], row["URL"], row["Section"]), ("Cup final", grace.url, "Sport"))
        self.assertEqual(row["Errors"], grace.errors)
        self.assertEqual(row["Rules"], ", ".join(grace.rule_ids))

    # Who may see it -------------------------------------------------------------------------------

    def test_users_who_cannot_edit_pages_get_403_and_no_menu_item_or_panel(self):
        self.client.force_login(self.outsider)
        for url in (REPORT, REPORT + "results/", REPORT + "?export=csv"):
            self.assertEqual(self.client.get(url).status_code, 403, url)
        dashboard = self.client.get("/admin/")
        self.assertEqual(dashboard.status_code, 200)
        self.assertNotContains(dashboard, "structured-data-summary")
        self.assertNotContains(dashboard, REPORT)

    def test_an_editor_sees_only_the_pages_they_may_edit(self):
        self.client.force_login(self.sport_editor)
        self.assertEqual(sorted(self.rows(self.client.get(REPORT))), ["Cup final", "Sport"])
        text = b"".join(self.client.get(REPORT, {"export": "csv"}).streaming_content).decode()
        self.assertEqual(sorted(row["Page"] for row in csv.DictReader(io.StringIO(text))), ["Cup final", "Sport"])
        self.assertContains(self.client.get("/admin/"), "structured-data-summary")


class FlagAndTrendTests(TestCase):
    """Runs on several days: the dashboard's week-on-week figures and the flag on a changed page."""

    tree: Any

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        PublisherSettings.objects.create(site=cls.tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
        cls.event = make_event(cls.tree.section, "Harbor festival", summary="Boats and music.")
        cls.steady = make_event(cls.tree.section, "Regatta", summary="Sails.")
        cls.first, _pages = store_check_run(cls.tree.site)
        with registered(EventPage, EventWithTypoSchema):
            cls.second, _pages = store_check_run(cls.tree.site)
        cls.editor = make_user("editor", editor_of=cls.tree.home)

    def check_of(self, page: Any) -> PageCheck:
        return PageCheck.objects.get(run__site=self.tree.site, page_id=page.pk)

    def test_only_the_latest_run_keeps_page_rows_and_every_run_its_totals(self):
        self.assertEqual(set(PageCheck.objects.values_list("run_id", flat=True)), {self.second.pk})
        self.assertEqual(CheckRun.objects.count(), 2)
        self.assertEqual(CheckRun.objects.get(pk=self.first.pk).pages_checked, self.first.pages_checked)

    def test_findings_that_change_without_a_publication_flag_the_page(self):
        self.assertGreater(self.second.errors, self.first.errors, "an unknown property is an error")
        self.assertIsNotNone(self.check_of(self.event).flagged_at)
        self.assertIsNotNone(self.check_of(self.steady).flagged_at)
        self.assertIsNone(self.check_of(self.tree.section).flagged_at)
        self.assertEqual(self.second.flagged, 2)

        self.client.force_login(self.editor)
        flagged = self.client.get(REPORT, {"flagged": "true"})
        self.assertEqual(sorted(row.title for row in flagged.context["object_list"]), ["Harbor festival", "Regatta"])
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.event.pk]))
        self.assertEqual(edit.status_code, 200)
        notices = [str(message) for message in edit.context["messages"]]
        self.assertTrue(any("changed on" in notice and "without it being published" in notice for notice in notices))
        section_edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.tree.section.pk]))
        self.assertFalse(any("without it being published" in str(m) for m in section_edit.context["messages"]))

    def test_publishing_clears_the_flag_and_an_unchanged_next_run_keeps_it(self):
        self.client.force_login(self.editor)
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.event.pk])
        with registered(EventPage, EventWithTypoSchema):
            publish(self.event)
            # Published since the run: the notice is gone at once, before the next run.
            edit = self.client.get(edit_url)
            self.assertFalse(any("without it being published" in str(m) for m in edit.context["messages"]))
            third, _pages = store_check_run(self.tree.site)
        self.assertIsNone(self.check_of(self.event).flagged_at)
        self.assertIsNotNone(self.check_of(self.steady).flagged_at, "unchanged since the flag: kept")
        self.assertEqual(third.flagged, 1)

    def test_the_dashboard_panel_compares_with_the_run_a_week_earlier(self):
        self.assertIsNone(summary()["rows"][0].change, "no run a week before the latest yet")
        week_ago = CheckRun.objects.create(
            site=self.tree.site,
            started_at=self.second.started_at - datetime.timedelta(days=8),
            finished_at=self.second.started_at - datetime.timedelta(days=8),
            pages_checked=self.second.pages_checked - 1,
            errors=self.second.errors + 5,
            warnings=self.second.warnings,
        )
        figures = {row.key: row for row in summary()["rows"]}
        self.assertEqual(figures["pages_checked"].value, self.second.pages_checked)
        self.assertEqual(figures["pages_checked"].change, 1)
        self.assertEqual(figures["errors"].value, self.second.errors)
        self.assertEqual(figures["errors"].change, self.second.errors - week_ago.errors)
        self.assertEqual(figures["warnings"].change, 0)

        self.client.force_login(self.editor)
        dashboard = self.client.get("/admin/")
        self.assertContains(dashboard, "structured-data-summary")
        self.assertContains(dashboard, 'data-figure="errors">', html=False)
        self.assertContains(dashboard, "-5")

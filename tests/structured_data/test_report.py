"""The plugin's structured-data report on our own site: articles with Author bylines, the nightly task,
filters by our sections and authors (read from the graph, no Author model in the plugin), exports,
permissions and the flag raised by a publisher setting changed after the articles were published."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupPagePermission

from structured_data.models import CheckRun, PageCheck, PublisherSettings
from structured_data.tasks import store_check_run_task
from tests.support.builders import build_site, make_article, make_author, make_image

REPORT = "/admin/reports/structured-data/"


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


class NewsroomReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Local", "Sport"))
        cls.local, cls.sport = cls.tree.sections
        cls.publisher = PublisherSettings.objects.create(
            site=cls.tree.site, name="The Test Ledger", logo=make_image("Ledger logo", 600, 300)
        )
        rita = make_author("Rita Alvarez")
        sam = make_author("Sam Okafor")
        cls.ferry = make_article(cls.local, "Ferry timetable changes", authors=[rita])
        cls.derby = make_article(cls.sport, "Derby ends level", authors=[rita, sam])
        cls.match = make_article(cls.sport, "Cup draw", authors=[sam])
        result = store_check_run_task.enqueue(site_id=cls.tree.site.pk)
        cls.task_result = result.return_value
        cls.first_run = CheckRun.objects.get()

        user_model = get_user_model()
        cls.admin = user_model.objects.create_superuser("admin", "admin@example.com", "pw")
        cls.reader = user_model.objects.create_user("reader", "reader@example.com", "pw")
        cls.reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
        cls.sport_desk = user_model.objects.create_user("sport", "sport@example.com", "pw")
        cls.sport_desk.user_permissions.add(Permission.objects.get(codename="access_admin"))
        group = Group.objects.create(name="Sport desk")
        GroupPagePermission.objects.create(group=group, page=cls.sport, permission_type="change")
        GroupPagePermission.objects.create(group=group, page=cls.sport, permission_type="publish")
        cls.sport_desk.groups.add(group)

    def titles(self, response) -> list[str]:
        return sorted(check.title for check in response.context["object_list"])

    def test_the_task_stores_a_run_of_every_visible_page(self):
        self.assertEqual(self.task_result["run"], self.first_run.pk)
        self.assertEqual(self.task_result["pages_checked"], self.first_run.pages_checked)
        stored = set(PageCheck.objects.filter(run=self.first_run).values_list("page_id", flat=True))
        self.assertTrue({self.ferry.pk, self.derby.pk, self.match.pk, self.tree.home.pk} <= stored)

    def test_filters_by_our_authors_and_sections(self):
        self.client.force_login(self.admin)
        by_rita = self.client.get(REPORT, {"author": "Rita Alvarez"})
        self.assertEqual(self.titles(by_rita), ["Derby ends level", "Ferry timetable changes"])
        self.assertEqual(
            self.titles(self.client.get(REPORT, {"author": "Sam Okafor"})), ["Cup draw", "Derby ends level"]
        )
        self.assertEqual(
            self.titles(self.client.get(REPORT, {"section": self.sport.pk})), ["Cup draw", "Derby ends level"]
        )

    def test_rows_link_to_the_edit_view_in_the_page_and_the_export(self):
        self.client.force_login(self.admin)
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.ferry.pk])
        self.assertContains(self.client.get(REPORT), f'href="{edit_url}"')
        rows = {row["Page"]: row for row in csv_rows(self.client.get(REPORT, {"export": "csv"}))}
        self.assertTrue(rows["Ferry timetable changes"]["Edit"].endswith(edit_url))
        self.assertEqual(rows["Derby ends level"]["Authors"], "Rita Alvarez, Sam Okafor")

    def test_xlsx_export_has_the_same_rows_as_the_csv(self):
        self.client.force_login(self.admin)
        csv_titles = sorted(row["Page"] for row in csv_rows(self.client.get(REPORT, {"export": "csv"})))
        response = self.client.get(REPORT, {"export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        _header, *rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(sorted(row[0] for row in rows), csv_titles)

    def test_editors_see_their_pages_and_others_get_403(self):
        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(REPORT).status_code, 403)
        self.client.force_login(self.sport_desk)
        self.assertEqual(self.titles(self.client.get(REPORT)), ["Cup draw", "Derby ends level", "Sport"])

    def test_a_publisher_setting_changed_after_publishing_flags_the_articles(self):
        self.publisher.logo = None
        self.publisher.save()
        second = store_check_run_task.enqueue(site_id=self.tree.site.pk).return_value
        flagged = set(
            PageCheck.objects.filter(run_id=second["run"], flagged_at__isnull=False).values_list("page_id", flat=True)
        )
        self.assertTrue({self.ferry.pk, self.derby.pk, self.match.pk} <= flagged)
        self.assertEqual(second["flagged"], len(flagged))

        self.client.force_login(self.sport_desk)
        response = self.client.get(REPORT, {"flagged": "true"})
        self.assertIn("Derby ends level", self.titles(response))
        self.assertNotIn("Ferry timetable changes", self.titles(response), "not a page this editor may edit")
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.derby.pk]))
        self.assertTrue(any("without it being published" in str(message) for message in edit.context["messages"]))

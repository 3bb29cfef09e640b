"""Editors: the structured-data preview mode, the userbar item, and checks when publishing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from articles.models import ArticlePage
from structured_data.editor import PREVIEW_MODE
from structured_data.models import PublisherSettings
from tests.support.checker_site import build_checked_site
from tests.support.html import parse


class StructuredDataAdminTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_checked_site()
        cls.article = cls.tree.articles[0]
        cls.user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")

    def setUp(self):
        self.client.force_login(self.user)

    def edit_data(self, page, **changes):
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = querydict_from_html(self.client.get(edit_url).content.decode(), form_id="page-edit-form")
        # The body StreamField is drawn by JavaScript, so it is not in the HTML form: post it as empty.
        data.setdefault("body-count", "0")
        for name, value in changes.items():
            data[name] = value
        return edit_url, data

    def preview(self, page, **changes):
        _edit_url, data = self.edit_data(page, **changes)
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        assert self.client.post(preview_url, data).json()["is_valid"]
        return self.client.get(preview_url, {"mode": PREVIEW_MODE})

    def test_article_offers_the_preview_mode(self):
        assert (PREVIEW_MODE, "Structured data") in [(name, str(label)) for name, label in self.article.preview_modes]

    def test_preview_mode_shows_the_draft_json_ld_and_its_issues(self):
        response = self.preview(self.article, title="A draft headline nobody has published")
        assert response.status_code == 200
        doc = parse(response.content.decode())
        summary = doc.cssselect(".summary")[0]
        assert summary.get("data-errors") == "0"
        json_ld = "".join(pre.text_content() for pre in doc.cssselect("pre.json-ld"))
        assert "A draft headline nobody has published" in json_ld  # the draft, before publishing
        assert '"@type": "NewsArticle"' in json_ld

    def break_publisher_type(self):
        """A type schema.org does not define (as a value saved before the choices changed would be): an error."""
        PublisherSettings.objects.update(organization_type="NewsOrganisation")

    def test_preview_mode_lists_errors(self):
        self.break_publisher_type()
        response = self.preview(self.article)
        doc = parse(response.content.decode())
        assert doc.cssselect(".summary")[0].get("data-errors") != "0"
        codes = [row.get("data-code") for row in doc.cssselect("tr.issue")]
        assert "unknown-type" in codes

    def test_userbar_links_to_the_live_report(self):
        response = self.client.get(self.article.url)
        doc = parse(response.content.decode())
        links = [a.get("href") for a in doc.cssselect("a") if "Check structured data" in a.text_content()]
        assert len(links) == 1
        report = self.client.get(links[0])
        assert report.status_code == 200
        assert parse(report.content.decode()).cssselect(".summary")[0].get("data-errors") == "0"

    def test_userbar_item_is_not_shown_to_anonymous_visitors(self):
        self.client.logout()
        assert "Check structured data" not in self.client.get(self.article.url).content.decode()

    def test_report_needs_edit_permission(self):
        self.client.logout()
        url = reverse("structured_data_report", args=[self.article.pk])
        assert self.client.get(url).status_code in (302, 403)

    def test_report_of_an_author_profile_route(self):
        index = self.tree.authors_index
        profile = index.url_for_author(self.tree.authors[0], full=True)
        url = reverse("structured_data_report", args=[index.pk])
        response = self.client.get(url, {"url": profile})
        doc = parse(response.content.decode())
        assert profile in doc.text_content()
        assert '"ProfilePage"' in "".join(pre.text_content() for pre in doc.cssselect("pre.json-ld"))

    def test_publishing_a_clean_page_shows_no_structured_data_warning(self):
        edit_url, data = self.edit_data(self.article, **{"action-publish": "action-publish"})
        response = self.client.post(edit_url, data, follow=True)
        assert not [m for m in get_messages(response.wsgi_request) if "structured data" in str(m)]

    def test_publishing_with_errors_warns(self):
        self.break_publisher_type()
        edit_url, data = self.edit_data(self.article, title="Fares rise again", **{"action-publish": "action-publish"})
        response = self.client.post(edit_url, data, follow=True)
        warnings = [str(m) for m in get_messages(response.wsgi_request) if "structured data" in str(m)]
        assert len(warnings) == 1
        assert "'NewsOrganisation' is not a schema.org type" in warnings[0]
        self.article.refresh_from_db()
        assert self.article.title == "Fares rise again"  # published all the same

    @override_settings(STRUCTURED_DATA={"BLOCK_PUBLISH_ON_ERRORS": True})
    def test_blocking_setting_refuses_to_publish(self):
        self.break_publisher_type()
        edit_url, data = self.edit_data(self.article, title="Fares rise again", **{"action-publish": "action-publish"})
        response = self.client.post(edit_url, data, follow=True)
        errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
        assert any("Not published" in message and "NewsOrganisation" in message for message in errors)
        self.article.refresh_from_db()
        assert self.article.title == "Ferry fares rise in June"  # the live page is unchanged
        assert ArticlePage.objects.get(pk=self.article.pk).get_latest_revision().content["title"] == "Fares rise again"

    @override_settings(STRUCTURED_DATA={"BLOCK_PUBLISH_ON_ERRORS": True})
    def test_blocking_setting_lets_clean_pages_through(self):
        edit_url, data = self.edit_data(self.article, title="Fares rise again", **{"action-publish": "action-publish"})
        self.client.post(edit_url, data)
        self.article.refresh_from_db()
        assert self.article.title == "Fares rise again"

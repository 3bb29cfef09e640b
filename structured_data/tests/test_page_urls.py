"""The graph's page URLs (structured_data.page_urls) are exactly what Wagtail's ``page.get_full_url(request)`` gives.

This module is also the URLconf of the i18n tests: Wagtail's pages under an ``i18n_patterns``
language prefix and an include prefix.
"""

from __future__ import annotations

from unittest import mock

from django.conf.urls.i18n import i18n_patterns
from django.test import RequestFactory, TestCase, override_settings
from django.urls import include, path, set_script_prefix
from django.utils import translation
from wagtail import urls as wagtail_urls
from wagtail.models import Page, Site

from structured_data.page_urls import PageUrls

from .builders import build_site, make_plain
from .testapp.models import PlainPage

urlpatterns = i18n_patterns(path("pages/", include(wagtail_urls)))


@override_settings(ALLOWED_HOSTS=["*"])
class PageUrlsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_plain(cls.tree.section, "Ferry schedule changes")
        cls.accented = make_plain(cls.tree.section, "Café crème", slug="café-crème")
        # A second site, with its own home page under the tree's root.
        cls.other_home = cls.tree.root.add_child(instance=PlainPage(title="Other home", slug="other-home"))
        cls.other_site = Site.objects.create(
            hostname="other.example", port=8080, root_page=cls.other_home, site_name="Other"
        )
        cls.other_page = cls.other_home.add_child(instance=PlainPage(title="Über uns", slug="über-uns"))
        # Not under any site, and a path wagtail_serve would not accept (a slug set around validation).
        cls.orphan = cls.tree.root.add_child(instance=PlainPage(title="Orphan", slug="orphan"))
        cls.refused = cls.tree.section.add_child(instance=PlainPage(title="Refused", slug="refused"))
        Page.objects.filter(pk=cls.refused.pk).update(url_path=f"{cls.tree.section.url_path}not.a.slug/")

    def request(self, host: str = "localhost"):
        return RequestFactory().get("/", HTTP_HOST=host)

    def assert_same_as_wagtail(self, request) -> None:
        """Every page, as a specific and as a plain Page instance, through one PageUrls (as a graph does)."""
        urls = PageUrls(request)
        pages = [*Page.objects.specific().order_by("path"), *Page.objects.order_by("path")]
        for page in pages:
            with self.subTest(page=page.url_path, specific=type(page).__name__):
                self.assertEqual(urls.full_url(page), page.get_full_url(request))

    def test_same_urls_as_wagtail_for_each_site_and_without_a_request(self):
        for request in (self.request(), self.request("other.example:8080"), None):
            with self.subTest(host=request.get_host() if request else None):
                self.assert_same_as_wagtail(request)

    def test_non_ascii_slugs_are_percent_encoded_as_reverse_encodes_them(self):
        urls = PageUrls(self.request())
        self.assertEqual(urls.full_url(self.accented), "http://localhost/local/caf%C3%A9-cr%C3%A8me/")
        self.assertEqual(urls.full_url(self.other_page), "http://other.example:8080/%C3%BCber-uns/")

    def test_unroutable_pages_have_no_url(self):
        urls = PageUrls(self.request())
        self.assertIsNone(urls.full_url(Page.objects.get(pk=self.orphan.pk)))
        self.assertIsNone(urls.full_url(Page.objects.get(pk=self.refused.pk)))

    def test_a_page_on_two_sites_gets_the_requests_site(self):
        Site.objects.create(hostname="alias.example", root_page=self.tree.home, site_name="Alias")
        Site.clear_site_root_paths_cache()
        self.assertEqual(
            PageUrls(self.request("alias.example")).full_url(self.article),
            "http://alias.example/local/ferry-schedule-changes/",
        )
        for host in ("localhost", "alias.example"):
            with self.subTest(host=host):
                self.assert_same_as_wagtail(self.request(host))

    def test_a_page_class_with_its_own_urls_is_left_to_wagtail(self):
        def get_url_parts(page, request=None):
            return self.other_site.pk, "https://elsewhere.example", f"/custom/{page.pk}/"

        page = PlainPage.objects.get(pk=self.other_page.pk)
        with mock.patch.object(PlainPage, "get_url_parts", get_url_parts):
            self.assertEqual(PageUrls(self.request()).full_url(page), f"https://elsewhere.example/custom/{page.pk}/")

    def test_without_wagtail_append_slash(self):
        with mock.patch("wagtail.models.pages.WAGTAIL_APPEND_SLASH", False):
            self.assertEqual(
                PageUrls(self.request()).full_url(self.article), "http://localhost/local/ferry-schedule-changes"
            )
            self.assert_same_as_wagtail(self.request())

    def test_under_a_script_prefix(self):
        self.assert_same_as_wagtail(self.request())  # the route's prefix without one, first
        set_script_prefix("/news/")
        try:
            self.assertEqual(
                PageUrls(self.request()).full_url(self.article), "http://localhost/news/local/ferry-schedule-changes/"
            )
            self.assert_same_as_wagtail(self.request())
        finally:
            set_script_prefix("/")

    @override_settings(ROOT_URLCONF=__name__, WAGTAIL_I18N_ENABLED=False)  # the project enables it
    def test_under_i18n_patterns_in_the_active_language(self):
        Site.clear_site_root_paths_cache()
        for language in ("en", "fr"):
            with self.subTest(language=language), translation.override(language):
                self.assertEqual(
                    PageUrls(self.request()).full_url(self.article),
                    f"http://localhost/{language}/pages/local/ferry-schedule-changes/",
                )
                self.assert_same_as_wagtail(self.request())

    @override_settings(ROOT_URLCONF=__name__, WAGTAIL_I18N_ENABLED=True)
    def test_with_wagtail_i18n_in_the_pages_language(self):
        Site.clear_site_root_paths_cache()
        for language in ("en", "fr"):
            with self.subTest(language=language), translation.override(language):
                self.assertEqual(
                    PageUrls(self.request()).full_url(self.article),
                    "http://localhost/en/pages/local/ferry-schedule-changes/",
                )
                self.assert_same_as_wagtail(self.request())

    @override_settings(ROOT_URLCONF="structured_data.tests.urls_without_pages")
    def test_without_wagtails_route_no_page_has_a_url(self):
        self.assertIsNone(PageUrls(self.request()).full_url(self.article))
        self.assert_same_as_wagtail(self.request())

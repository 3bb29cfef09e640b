"""One visibility rule across every output: page JSON-LD, the endpoint, exports, sitemaps and feeds.

The matrix: a visible article; a live article with a draft headlined DRAFT-SECRET; a draft-only
article; password-, login- and group-restricted sections with a child and a grandchild each; an
article scheduled for tomorrow (never live) and a live one whose go-live time is tomorrow; a live
article whose expiry has passed but whose expiry job has not run; an article on a second site;
an alias. Only the visible article and the live version of the changed one may appear anywhere.
"""

from __future__ import annotations

import datetime
import io
import json

import lxml.etree
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from articles.models import ArticlePage, HomePage, SectionPage
from structured_data.models import PublisherSettings
from tests.support.builders import build_site, make_article, make_author
from tests.support.jsonld import JsonLdGraph, script_texts
from tests.support.sitemaps import sitemap_files, sitemap_locations

SECRET = "DRAFT-SECRET"
ARTICLE_TYPES = {
    "NewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "ReportageNewsArticle",
}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "atom": "http://www.w3.org/2005/Atom"}


def article_urls_in_nodes(nodes) -> set[str]:
    urls = set()
    for node in nodes:
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if ARTICLE_TYPES.intersection(types):
            urls.add(node["url"])
    return urls


class VisibilityMatrix(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Local", "Password", "Login", "Members"))
        PublisherSettings.objects.create(site=cls.tree.site, name="The Test Ledger")
        cls.author = make_author("Rita Alvarez")
        local = cls.tree.section
        tomorrow = timezone.now() + datetime.timedelta(days=1)
        yesterday = timezone.now() - datetime.timedelta(days=1)
        a = [cls.author]

        cls.visible = make_article(local, "Visible story", authors=a)
        cls.changed = make_article(local, "Changed story", authors=a)
        draft = ArticlePage.objects.get(pk=cls.changed.pk)
        draft.title = SECRET
        draft.standfirst = f"{SECRET} standfirst"
        draft.save_revision()
        cls.draft_only = make_article(local, "Draft only story", authors=a, publish=False)
        cls.scheduled = make_article(local, "Scheduled story", authors=a, publish=False, go_live_at=tomorrow)
        cls.live_future = make_article(local, "Live future story", authors=a)
        ArticlePage.objects.filter(pk=cls.live_future.pk).update(go_live_at=tomorrow)
        cls.expired = make_article(local, "Expired story", authors=a)
        ArticlePage.objects.filter(pk=cls.expired.pk).update(expire_at=yesterday)
        cls.alias = cls.visible.create_alias(update_slug="alias-story")

        group = Group.objects.create(name="Members")
        cls.restricted = []
        for section, kind in zip(cls.tree.sections[1:], ("password", "login", "groups"), strict=True):
            restriction = PageViewRestriction.objects.create(page=section, restriction_type=kind, password="hunter2")
            if kind == "groups":
                restriction.groups.add(group)
            child = make_article(section, f"{kind} child story", authors=a)
            grandchild = make_article(child, f"{kind} grandchild story", authors=a)
            cls.restricted += [section, child, grandchild]

        root = Page.get_first_root_node()
        other_home = root.add_child(instance=HomePage(title="Other home", slug="other-home"))
        Site.objects.create(hostname="localhost", port=8080, root_page=other_home, site_name="Other")
        other_section = other_home.add_child(instance=SectionPage(title="Elsewhere", slug="elsewhere"))
        cls.other_site = make_article(other_section, "Other site story", authors=a)

        cls.hidden_articles = [cls.draft_only, cls.scheduled, cls.live_future, cls.expired, cls.alias,
                               *[page for page in cls.restricted if page.specific_class is ArticlePage],
                               cls.other_site]  # fmt: skip
        cls.expected = {cls.full(cls.visible), cls.full(cls.changed)}

    @staticmethod
    def full(page) -> str:
        return page.get_full_url()

    def all_article_pages(self):
        return [self.visible, self.changed, *self.hidden_articles]

    def assert_no_secret(self, text: str):
        self.assertNotIn(SECRET, text)

    # Pages -------------------------------------------------------------------------------------

    def test_page_json_ld_in_html(self):
        seen = set()
        for page in self.all_article_pages():
            path = page.get_url_parts()[2]
            response = self.client.get(path)
            body = response.content.decode()
            self.assert_no_secret(body)
            if response.status_code == 200 and script_texts(body):
                seen |= article_urls_in_nodes(JsonLdGraph(body, "http://localhost/").nodes)
                self.assertIn('type="application/ld+json" href="', body)
        self.assertEqual(seen, self.expected)

    def test_endpoint_by_accept_header_and_by_stable_url(self):
        for how in ({"HTTP_ACCEPT": "application/ld+json"}, {"data": {"format": "jsonld"}}):
            seen = set()
            for page in self.all_article_pages():
                path = page.get_url_parts()[2]
                response = self.client.get(path, **how)
                self.assert_no_secret(response.content.decode())
                if response.get("Content-Type", "").startswith("application/ld+json"):
                    self.assertEqual(response.status_code, 200)
                    seen |= article_urls_in_nodes(json.loads(response.content)["@graph"])
                else:
                    self.assertIn(response.status_code, (200, 302, 404))  # the password form, login, 404
            with self.subTest(how=how):
                self.assertEqual(seen, self.expected)

    def test_restricted_pages_answer_as_their_html(self):
        for page in self.restricted:
            path = page.get_url_parts()[2]
            html = self.client.get(path)
            json_ld = self.client.get(path, HTTP_ACCEPT="application/ld+json")
            self.assertEqual(json_ld.status_code, html.status_code, path)
            self.assertEqual(json_ld.get("Location"), html.get("Location"))
            self.assertFalse(json_ld["Content-Type"].startswith("application/ld+json"))

    # Exports ----------------------------------------------------------------------------------

    def export(self, *args) -> str:
        out = io.StringIO()
        call_command("export_structured_data", *args, "--site", "localhost:80", stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def test_ndjson_export(self):
        text = self.export("--format", "ndjson")
        self.assert_no_secret(text)
        nodes = [node for line in text.splitlines() for node in json.loads(line)["@graph"]]
        self.assertEqual(article_urls_in_nodes(nodes), self.expected)

    def test_jsonld_export(self):
        text = self.export("--format", "jsonld")
        self.assert_no_secret(text)
        self.assertEqual(article_urls_in_nodes(json.loads(text)["@graph"]), self.expected)

    def test_every_site_export_adds_the_other_sites_page_only(self):
        out = io.StringIO()
        call_command("export_structured_data", "--format", "jsonld", stdout=out, stderr=io.StringIO())
        urls = article_urls_in_nodes(json.loads(out.getvalue())["@graph"])
        self.assertEqual(urls, self.expected | {self.full(self.other_site)})

    # Sitemaps and feeds ------------------------------------------------------------------------

    def test_sitemap(self):
        for path in ["/sitemap.xml", *sitemap_files(self.client)]:
            self.assert_no_secret(self.client.get(path).content.decode())
        locations = set(sitemap_locations(self.client))
        expected = self.expected | {
            "http://localhost/", "http://localhost/local/", "http://localhost/authors/",
            "http://localhost/authors/rita-alvarez/",
        }  # fmt: skip
        self.assertEqual(locations, expected)

    def test_news_sitemap(self):
        response = self.client.get("/news-sitemap.xml")
        self.assert_no_secret(response.content.decode())
        locations = set(lxml.etree.fromstring(response.content).xpath("//s:loc/text()", namespaces=NS))
        self.assertEqual(locations, self.expected)

    def test_feeds(self):
        feeds = ["/feeds/{}/", "/feeds/sections/local/{}/", "/feeds/authors/rita-alvarez/{}/"]
        for template in feeds:
            for fmt in ("rss", "atom"):
                url = template.format(fmt)
                with self.subTest(url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assert_no_secret(response.content.decode())
                    tree = lxml.etree.fromstring(response.content)
                    if fmt == "rss":
                        links = tree.xpath("//item/link/text()")
                    else:
                        links = tree.xpath("//atom:entry/atom:link[@rel='alternate']/@href", namespaces=NS)
                    self.assertEqual(len(links), len(set(links)))
                    self.assertEqual(set(links), self.expected)

    def test_restricted_section_feeds_are_not_found(self):
        for section in self.restricted[::3]:
            self.assertEqual(self.client.get(f"/feeds/sections/{section.slug}/rss/").status_code, 404)

"""A page's graph as application/ld+json: content negotiation, the stable URL, validators, 304s."""

from __future__ import annotations

import json

from django.test import TestCase
from django.utils.http import http_date

from structured_data.models import PublisherSettings
from tests.support.builders import build_site, make_article, make_author
from tests.support.html import parse
from tests.support.jsonld import JsonLdGraph

LD = "application/ld+json"


class EndpointTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        PublisherSettings.objects.create(site=cls.tree.site, name="The Test Ledger")
        cls.author = make_author("Rita Alvarez")
        cls.article = make_article(cls.tree.section, "Ferry </script> resumes", authors=[cls.author])

    def get_ld(self, path, **extra):
        return self.client.get(path, HTTP_ACCEPT=LD, **extra)

    def test_accept_header_returns_the_same_graph_as_the_html(self):
        html = self.client.get(self.article.url)
        response = self.get_ld(self.article.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], LD)
        self.assertIn("Accept", response["Vary"])
        self.assertIn("Accept", html["Vary"])
        self.assertEqual(json.loads(response.content), JsonLdGraph.from_response(html).data)

    def test_browsers_get_html(self):
        response = self.client.get(self.article.url, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
        self.assertTrue(response["Content-Type"].startswith("text/html"))

    def test_head_links_the_stable_url(self):
        html = self.client.get(self.article.url)
        links = parse(html).xpath('//head/link[@rel="alternate"][@type="application/ld+json"]/@href')
        self.assertEqual(links, [f"http://localhost{self.article.url}?format=jsonld"])
        response = self.client.get(links[0])
        self.assertEqual(response["Content-Type"], LD)
        self.assertEqual(json.loads(response.content)["@graph"][0]["headline"], "Ferry </script> resumes")

    def test_author_profile_route(self):
        html = self.client.get("/authors/rita-alvarez/")
        link = parse(html).xpath('//head/link[@type="application/ld+json"]/@href')
        self.assertEqual(link, ["http://localhost/authors/rita-alvarez/?format=jsonld"])
        graph = json.loads(self.get_ld("/authors/rita-alvarez/").content)["@graph"]
        self.assertEqual({node["@type"] for node in graph} >= {"Person", "ProfilePage"}, True)
        self.assertEqual(self.get_ld("/authors/nobody/").status_code, 404)

    def test_missing_page_is_404(self):
        self.assertEqual(self.get_ld("/local/no-such-story/").status_code, 404)
        self.assertEqual(self.client.get("/local/no-such-story/", {"format": "jsonld"}).status_code, 404)

    def test_validators_and_304(self):
        response = self.get_ld(self.article.url)
        etag = response["ETag"]
        self.assertTrue(etag.startswith(f'"{self.article.live_revision_id}-'))
        self.assertEqual(response["Last-Modified"], http_date(self.article.last_published_at.timestamp()))
        self.assertEqual(self.get_ld(self.article.url, HTTP_IF_NONE_MATCH=etag).status_code, 304)
        since = self.get_ld(self.article.url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        self.assertEqual(since.status_code, 304)
        self.assertEqual(self.get_ld(self.article.url, HTTP_IF_NONE_MATCH='"stale"').status_code, 200)

    def test_republishing_changes_the_etag(self):
        etag = self.get_ld(self.article.url)["ETag"]
        page = self.article.specific_class.objects.get(pk=self.article.pk)
        page.title = "Ferry resumes service"
        page.save_revision().publish()
        response = self.get_ld(self.article.url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 200)
        self.assertNotEqual(response["ETag"], etag)

    def test_author_edit_without_republishing_changes_the_etag(self):
        etag = self.get_ld(self.article.url)["ETag"]
        self.author.name = "Rita Alvarez-Soto"
        self.author.save()
        self.assertEqual(self.get_ld(self.article.url, HTTP_IF_NONE_MATCH=etag).status_code, 200)

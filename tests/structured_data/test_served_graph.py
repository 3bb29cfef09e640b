"""Pages print their stored graph when it is current: the same text a build gives, never a stale one."""

from __future__ import annotations

import json

from django.test import TestCase
from lxml import html

from structured_data.models import PublisherSettings, StoredGraph
from tests.support.builders import build_site, make_article, make_author, make_image


def json_ld_text(client, url: str) -> str:
    """The text inside the page's JSON-LD ``<script>`` element, as a browser reads it."""
    response = client.get(url)
    assert response.status_code == 200, url
    scripts = html.fromstring(response.content).xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return scripts[0].text


class ServedStoredGraphTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        PublisherSettings.objects.create(site=cls.tree.site, name="Ledger", logo=make_image("Logo", 300, 300))
        cls.author = make_author("Rita Costa", photo=make_image("Portrait", 400, 400))
        cls.article = make_article(
            cls.tree.section, "Ferry schedule changes", authors=[cls.author], lead_image=make_image("Ferry")
        )

    def stored_text(self) -> str:
        return StoredGraph.objects.get(pk=self.article.pk).text

    def test_the_page_prints_its_stored_graph_which_equals_a_fresh_build(self):
        served = json_ld_text(self.client, self.article.url)
        own = json.loads(self.stored_text())
        self.assertEqual(json.loads(served)["@graph"][: len(own)], own)
        StoredGraph.objects.all().delete()  # now the page builds its graph
        self.assertEqual(json_ld_text(self.client, self.article.url), served)

    def test_a_saved_live_row_drops_the_stored_graph_and_the_page_shows_the_change(self):
        self.article.tags.add("ferries")
        self.article.save()  # a script or an import writing the live row, no revision
        self.assertFalse(StoredGraph.objects.filter(pk=self.article.pk).exists())
        article = json.loads(json_ld_text(self.client, self.article.url))["@graph"][0]
        self.assertEqual(article["keywords"], ["ferries"])

    def test_a_draft_keeps_the_stored_graph_and_the_page_shows_what_is_live(self):
        before = self.stored_text()
        self.article.title = "A draft headline"
        self.article.save_revision()
        self.assertEqual(self.stored_text(), before)
        article = json.loads(json_ld_text(self.client, self.article.url))["@graph"][0]
        self.assertEqual(article["headline"], "Ferry schedule changes")

    def test_a_stale_stored_graph_is_not_printed(self):
        # Text stored for another revision (as an import backdating a page in place leaves it).
        StoredGraph.objects.filter(pk=self.article.pk).update(text='[{"@id":"stale","name":"Stale"}]', revision_id=0)
        served = json.loads(json_ld_text(self.client, self.article.url))
        self.assertEqual(served["@graph"][0]["headline"], "Ferry schedule changes")

    def test_the_json_ld_endpoint_serves_the_same_text(self):
        response = self.client.get(f"{self.article.url}?format=jsonld")
        self.assertEqual(response.content.decode(), json_ld_text(self.client, self.article.url))

"""The visibility matrix again, with stored graphs for pages that were visible once and are not now.

Every live page of the matrix stored its graph when it was published (restricted sections'
children, the expired page, the page whose go-live time moved to tomorrow, the other site's page)
and the export has run once to store the rest (creating the second site forgot them, so
they are stored again first). Here one more article is published, exported and
only then put behind a password: its stored graph stays, and no output may show it. Every test of
the matrix runs again on top of that.
"""

from __future__ import annotations

import io

from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

import tests.exports.test_visibility as matrix
from articles.models import ArticlePage
from structured_data import stored
from structured_data.models import StoredGraph
from tests.support.builders import make_article


class StoredGraphsVisibilityMatrix(matrix.VisibilityMatrix):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Creating the second site forgot every stored graph (a new site can change URLs): store
        # each live page's graph again, as publishing does.
        for page in Page.objects.filter(live=True):
            stored.store_page(page)
        cls.restricted_later = make_article(cls.tree.section, "Restricted later story", authors=[cls.author])
        call_command("export_structured_data", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
        PageViewRestriction.objects.create(page=cls.restricted_later, restriction_type="password", password="x")
        cls.hidden_articles = [*cls.hidden_articles, cls.restricted_later]

    def test_hidden_live_pages_have_stored_graphs(self):
        hidden = [cls_page for cls_page in self.hidden_articles if ArticlePage.objects.get(pk=cls_page.pk).live]
        kept = set(StoredGraph.objects.filter(pk__in=[page.pk for page in hidden]).values_list("pk", flat=True))
        for page in (self.expired, self.live_future, self.other_site, self.restricted_later,
                     *[p for p in self.restricted if p.specific_class is ArticlePage]):  # fmt: skip
            with self.subTest(page.title):
                self.assertIn(page.pk, kept)

    def test_the_changed_page_stores_its_live_revision_only(self):
        graph = StoredGraph.objects.get(pk=self.changed.pk)
        self.assertIn("Changed story", graph.text)
        self.assertNotIn(matrix.SECRET, "".join(StoredGraph.objects.values_list("text", flat=True)))

    def test_exports_twice_in_a_row(self):
        for fmt in ("ndjson", "jsonld"):
            first = self.export("--format", fmt)
            self.assertEqual(self.export("--format", fmt), first)
            self.assert_no_secret(first)
            self.assertNotIn("Restricted later story", first)

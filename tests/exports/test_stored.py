"""Stored graphs (``structured_data.stored``): the export gives what a fresh build gives, after every edit.

A "fresh build" here is ``build_graph`` called page by page, outside the export, with nothing
stored; the export's output is compared with it node for node (parsed), and byte for byte with an
export that finds nothing stored.
"""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

from django.core.management import call_command
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Page, Site

from articles.models import ArticlePage, Author, AuthorIndexPage, HomePage, SectionPage
from structured_data import stored
from structured_data.export import ExportRequest
from structured_data.graph import build_graph
from structured_data.models import PublisherSettings, StoredGraph, StoredGraphDependency
from structured_data.rendering import dumps_json_ld
from structured_data.visibility import visible_pages
from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph

LISTINGS = (HomePage, SectionPage, AuthorIndexPage)


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_structured_data", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fresh_graphs() -> list[dict]:
    """Every visible page's graph built now, one by one, as the pages build it (no stored graph read)."""
    graphs = []
    for site in Site.objects.order_by("-is_default_site", "hostname", "port"):
        request = ExportRequest(site)
        for page in visible_pages(Page.objects.all(), site=site).order_by("pk").specific():
            graphs.append(json.loads(dumps_json_ld(build_graph(page, request, site=site).as_dict())))
    return graphs


def exported_graphs(*args: str) -> list[dict]:
    return [json.loads(line) for line in export(*args).splitlines()]


def stored_pks() -> set[int]:
    return set(StoredGraph.objects.values_list("pk", flat=True))


class StoredGraphsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Local", "Business"))
        cls.publisher = PublisherSettings.objects.create(
            site=cls.tree.site, name="The Test Ledger", logo=make_image("Logo", 300, 300)
        )
        cls.authors = [
            make_author("Rita Alvarez", photo=make_image("Rita", 300, 300)),
            make_author("Sam Okafor", photo=make_image("Sam", 300, 300)),
            make_author("Lee Park"),
        ]
        cls.photo = make_image("Harbor", 1600, 1200, caption="The harbor at dawn.", credit="Ledger staff")
        cls.other_photo = make_image("Ferry", 1600, 1200, caption="The ferry.", credit="Agency")
        cls.articles = []
        for i in range(6):
            article = make_article(
                cls.tree.sections[i % 2], f"Story {i}", authors=[cls.authors[i % 3], cls.authors[(i + 1) % 3]],
                lead_image=cls.photo if i % 2 == 0 else cls.other_photo,
                body=[paragraph("<p>The ferry left at six.</p>"), image_block(cls.other_photo, "Body photo")],
            )  # fmt: skip
            cls.articles.append(article)
        cls.articles[0].tags.add("Harbor", "Ferries")
        cls.articles[0].save_revision().publish()

    def assert_export_is_fresh(self, *absent: str):
        """The export (stored graphs where current) equals a fresh build, and shows none of ``absent``."""
        text = export()
        for value in absent:
            self.assertFalse(value in text, f"{value!r} is still exported")
        self.assertEqual([json.loads(line) for line in text.splitlines()], fresh_graphs())
        return text


class PublishingStoresTheLiveGraph(StoredGraphsTestCase):
    def test_publishing_stores_the_graph_of_the_live_revision(self):
        for article in self.articles:
            graph = StoredGraph.objects.get(pk=article.pk)
            article.refresh_from_db()
            self.assertEqual(graph.revision_id, article.live_revision_id)
            self.assertEqual(graph.context, stored.current_context(self.tree.site))
            self.assertIn(article.title, graph.text)
            types = graph.types.split()
            self.assertEqual(types, ["NewsArticle", "WebPage"])
            self.assertTrue(graph.page_node_id.endswith(f"{article.url_path.removeprefix('/home')}#webpage"))

    def test_every_stored_graph_equals_a_fresh_build_of_its_page(self):
        export()  # stores whatever publishing did not
        request = ExportRequest(self.tree.site)
        site_nodes = stored.SiteNodes.build(request, self.tree.site)
        graphs = StoredGraph.objects.all()
        self.assertEqual({graph.pk for graph in graphs}, {article.pk for article in self.articles})
        for graph in graphs:
            page = Page.objects.get(pk=graph.pk).specific
            built = json.loads(dumps_json_ld(build_graph(page, request, site=self.tree.site).as_dict()))["@graph"]
            own = json.loads(graph.text)
            self.assertEqual([*own, *json.loads(f"[{site_nodes.text}]")], built)

    def test_a_draft_is_never_stored(self):
        article = ArticlePage.objects.get(pk=self.articles[1].pk)
        before = StoredGraph.objects.get(pk=article.pk).text
        article.title = "DRAFT-SECRET"
        article.standfirst = "DRAFT-SECRET standfirst"
        article.save_revision()
        self.assertEqual(StoredGraph.objects.get(pk=article.pk).text, before)
        self.assertNotIn("DRAFT-SECRET", "".join(StoredGraph.objects.values_list("text", flat=True)))
        self.assert_export_is_fresh("DRAFT-SECRET")

    def test_listings_are_never_stored(self):
        export()
        listing_pks = {page.pk for model in LISTINGS for page in model.objects.all()}
        self.assertTrue(listing_pks)
        self.assertFalse(listing_pks & stored_pks())

    def test_publishing_in_an_editors_time_zone_and_language_stores_the_export_context(self):
        article = ArticlePage.objects.get(pk=self.articles[2].pk)
        article.standfirst = "Republished from Tokyo."
        with timezone.override("Asia/Tokyo"), translation.override("fr"):
            article.save_revision().publish()
        graph = StoredGraph.objects.get(pk=article.pk)
        self.assertEqual(graph.context, stored.current_context(self.tree.site))
        self.assertNotIn("+09:00", graph.text)
        self.assertIn("Republished from Tokyo.", graph.text)
        self.assert_export_is_fresh("+09:00")

    def test_an_export_in_another_time_zone_builds_its_own(self):
        export()
        with timezone.override("Asia/Tokyo"):
            tokyo = export()
            self.assertEqual([json.loads(line) for line in tokyo.splitlines()], fresh_graphs())
        self.assertIn("+09:00", tokyo)
        self.assert_export_is_fresh("+09:00")


class ExportWithAndWithoutStoredGraphs(StoredGraphsTestCase):
    def test_output_is_identical_with_and_without_stored_graphs(self):
        for args in (("--format", "ndjson"), ("--format", "jsonld"), ("--type", "NewsArticle"), ("--type", "WebPage"),
                     ("--format", "jsonld", "--type", "NewsArticle")):  # fmt: skip
            with self.subTest(args=args):
                StoredGraph.objects.all().delete()
                StoredGraphDependency.objects.all().delete()
                cold = export(*args)  # builds every graph (and stores them)
                self.assertEqual(len(stored_pks()), len(self.articles))
                warm = export(*args)  # reads them
                self.assertTrue(cold)
                self.assertEqual(warm, cold)
        self.assertEqual(exported_graphs(), fresh_graphs())

    def test_rebuild_command(self):
        StoredGraph.objects.all().delete()
        out = io.StringIO()
        call_command("rebuild_structured_data", "--no-progress", stdout=out, stderr=io.StringIO())
        self.assertEqual(stored_pks(), {article.pk for article in self.articles})
        self.assertIn(f"Stored {len(self.articles)} page graph(s)", out.getvalue())
        with CaptureQueriesContext(connection) as queries:
            warm = export()
        self.assertLessEqual(len(queries), 25)  # nothing built but the listings
        self.assertEqual([json.loads(line) for line in warm.splitlines()], fresh_graphs())

    def test_a_stale_revision_is_rebuilt(self):
        export()
        article = self.articles[3]
        StoredGraph.objects.filter(pk=article.pk).update(revision_id=None, text='[{"@id":"stale"}]')
        text = self.assert_export_is_fresh('"stale"')
        self.assertIn(article.title, text)
        self.assertNotIn("stale", StoredGraph.objects.get(pk=article.pk).text)

    def test_backdated_publication_times_are_rebuilt(self):
        export()
        article = self.articles[2]
        backdated = timezone.now().replace(year=2020, microsecond=0)
        ArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=backdated,
            last_published_at=backdated,
            listing_date=Coalesce("publication_date", Value(backdated)),
        )
        text = self.assert_export_is_fresh()
        self.assertIn(f'"datePublished":"{timezone.localtime(backdated).isoformat()}"', text)


class EditsReachTheExport(StoredGraphsTestCase):
    """After each kind of edit, the export equals a fresh build and never shows the old value."""

    def setUp(self):
        export()  # every article's graph stored and current
        self.assertEqual(stored_pks(), {article.pk for article in self.articles})

    def articles_with(self, author: Author) -> set[int]:
        return {article.pk for article in self.articles if author in ArticlePage.objects.get(pk=article.pk).authors}

    def test_author_renamed(self):
        rita = Author.objects.get(pk=self.authors[0].pk)
        rita.name = "Rita Alvarez-Moreno"
        rita.save()
        # Only the graphs that show her were dropped.
        self.assertEqual(stored_pks(), {a.pk for a in self.articles} - self.articles_with(rita))
        text = self.assert_export_is_fresh()
        self.assertIn("Rita Alvarez-Moreno", text)
        self.assertNotIn('"Rita Alvarez"', text)

    def test_author_portrait_caption_and_credit(self):
        portrait = self.authors[1].photo
        portrait.credit = "Portrait by the Ledger"
        portrait.save()
        self.assertEqual(stored_pks(), {a.pk for a in self.articles} - self.articles_with(self.authors[1]))
        self.assertIn("Portrait by the Ledger", self.assert_export_is_fresh())

    def test_image_caption_and_credit_changed(self):
        photo = type(self.photo).objects.get(pk=self.photo.pk)
        photo.caption = "The harbor at noon."
        photo.credit = "New credit"
        photo.save()
        text = self.assert_export_is_fresh("The harbor at dawn.", "Ledger staff")
        self.assertIn("The harbor at noon.", text)
        self.assertIn("New credit", text)

    def test_section_renamed_and_republished(self):
        section = SectionPage.objects.get(pk=self.tree.sections[0].pk)
        section.title = "Harbor news"
        section.save_revision().publish()
        in_section = {a.pk for a in self.articles if a.get_parent().pk == section.pk}
        self.assertFalse(in_section & stored_pks())
        text = self.assert_export_is_fresh('"Local"')
        self.assertIn('"articleSection":"Harbor news"', text)

    def test_section_republished_unchanged_keeps_the_stored_graphs(self):
        section = SectionPage.objects.get(pk=self.tree.sections[0].pk)
        section.search_description = "All the local news."
        section.save_revision().publish()
        self.assertEqual(stored_pks(), {a.pk for a in self.articles})
        self.assert_export_is_fresh()

    def test_section_slug_changed_and_republished(self):
        section = SectionPage.objects.get(pk=self.tree.sections[0].pk)
        section.slug = "harbor"
        section.save_revision().publish()
        text = self.assert_export_is_fresh("http://localhost/local/")
        self.assertIn("http://localhost/harbor/", text)

    def test_article_moved_to_another_section(self):
        article = Page.objects.get(pk=self.articles[0].pk)
        old_url = article.specific.get_full_url()
        article.move(self.tree.sections[1], pos="last-child")
        self.assertNotIn(article.pk, stored_pks())
        text = self.assert_export_is_fresh(old_url)
        entity = f'"@id":"http://localhost/business/{article.slug}/#article"'
        moved = next(json.loads(line) for line in text.splitlines() if entity in line)
        self.assertEqual(moved["@graph"][0]["articleSection"], "Business")

    def test_publisher_name_changed(self):
        publisher = PublisherSettings.objects.get(pk=self.publisher.pk)
        publisher.name = "The Harbor Ledger"
        publisher.save()
        self.assertEqual(stored_pks(), {a.pk for a in self.articles})  # only site-wide nodes changed
        old = '"@id":"http://localhost/#organization","name":"The Test Ledger"'
        text = self.assert_export_is_fresh(old, '"caption":"The Test Ledger"')
        self.assertIn('"@id":"http://localhost/#organization","name":"The Harbor Ledger"', text)

    def test_page_unpublished(self):
        article = Page.objects.get(pk=self.articles[4].pk)
        url = article.specific.get_full_url()
        article.unpublish()
        self.assertNotIn(article.pk, stored_pks())
        self.assert_export_is_fresh(url)

    def test_page_deleted(self):
        article = Page.objects.get(pk=self.articles[5].pk)
        url = article.specific.get_full_url()
        article.delete()
        self.assertNotIn(article.pk, stored_pks())
        self.assertFalse(StoredGraphDependency.objects.filter(graph_id=article.pk).exists())
        self.assert_export_is_fresh(url)

    def test_authors_index_unpublished_and_republished(self):
        index = Page.objects.get(pk=self.tree.authors_index.pk)
        index.unpublish()
        self.assertFalse(stored_pks())  # every article names a person, whose URL was the index's
        self.assert_export_is_fresh("http://localhost/authors/")
        AuthorIndexPage.objects.get(pk=index.pk).save_revision().publish()
        self.assertIn("http://localhost/authors/rita-alvarez/#person", self.assert_export_is_fresh())

    def test_authors_index_restricted(self):
        from wagtail.models import PageViewRestriction

        restriction = PageViewRestriction.objects.create(
            page=self.tree.authors_index, restriction_type="password", password="x"
        )
        self.assert_export_is_fresh("http://localhost/authors/")
        restriction.delete()
        self.assertIn("http://localhost/authors/rita-alvarez/#person", self.assert_export_is_fresh())

    def test_site_changed(self):
        site = Site.objects.get(pk=self.tree.site.pk)
        site.port = 8000
        site.save()
        self.assertFalse(stored_pks())
        self.assertIn("http://localhost:8000/", self.assert_export_is_fresh('"http://localhost/'))


class InvalidationCost(StoredGraphsTestCase):
    def test_an_object_change_drops_its_graphs_in_one_query(self):
        export()
        rita = self.authors[0]
        stored.object_changed(rita)  # content types looked up once per process
        export()
        with CaptureQueriesContext(connection) as queries:
            stored.object_changed(rita)
        self.assertEqual(len(queries), 1, [q["sql"] for q in queries])
        section = Page.objects.get(pk=self.tree.sections[0].pk)
        with CaptureQueriesContext(connection) as queries:
            stored.page_changed(section, republished=True)
        self.assertEqual(len(queries), 1, [q["sql"] for q in queries])


class WarmExportQueries(TestCase):
    """With every graph stored, a batch of pages costs one query however many pages it holds."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Local",))
        PublisherSettings.objects.create(site=cls.tree.site, name="The Test Ledger")
        cls.authors = [make_author(f"Writer {i}", photo=make_image(f"Portrait {i}", 200, 200)) for i in range(4)]
        cls.photo = make_image("Photo", 1300, 900)

    def add_articles(self, count: int, start: int):
        for i in range(start, start + count):
            make_article(self.tree.section, f"Story {i}", authors=[self.authors[i % 4], self.authors[(i + 1) % 4]],
                         lead_image=self.photo, body=[image_block(self.photo, "Cap", "Credit")])  # fmt: skip

    def queries(self, *args: str) -> SimpleNamespace:
        export(*args)  # renditions, the site-wide nodes' cache, the stored graphs
        with CaptureQueriesContext(connection) as captured:
            export(*args)
        return len(captured)

    @override_settings(STRUCTURED_DATA={"EXPORT_BATCH_SIZE": 10})
    def test_one_query_per_batch_of_stored_graphs(self):
        self.add_articles(17, 0)  # + home, section, authors index = 20 pages, 2 batches
        twenty = self.queries("--type", "NewsArticle")
        self.add_articles(40, 17)  # 60 pages, 6 batches
        sixty = self.queries("--type", "NewsArticle")
        self.assertEqual(sixty - twenty, 4, (twenty, sixty))
        self.assertLessEqual(twenty, 10)


class DemoSiteStoredGraphs(TestCase):
    """The demo site (``load_demo_content``): every page's stored graph is its fresh build."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", "--quiet", stdout=io.StringIO())

    def test_every_stored_graph_equals_a_fresh_build(self):
        cold = export()  # stores what publishing the demo content did not
        site = Site.objects.get(is_default_site=True)
        request = ExportRequest(site)
        site_nodes = json.loads(f"[{stored.SiteNodes.build(request, site).text}]")
        graphs = list(StoredGraph.objects.all())
        self.assertGreaterEqual(len(graphs), 30)
        for graph in graphs:
            page = Page.objects.get(pk=graph.pk).specific
            with self.subTest(page.url_path):
                built = json.loads(dumps_json_ld(build_graph(page, request, site=site).as_dict()))["@graph"]
                self.assertEqual([*json.loads(graph.text), *site_nodes], built)
        self.assertEqual([json.loads(line) for line in cold.splitlines()], fresh_graphs())
        self.assertEqual(export(), cold)

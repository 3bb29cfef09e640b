"""Stored graphs and the bulk export on a site of the test app's pages: stored when everything a build read is
accounted for, dropped when what they were built from changes, and never stale when a schema author forgets
``store`` or ``depends_on``."""

from __future__ import annotations

import io
import json
from typing import Any, ClassVar

from django.core.management import call_command
from django.test import RequestFactory, TestCase
from wagtail.models import Collection

from structured_data.graph import build_graph
from structured_data.models import PublisherSettings, StoredGraph
from structured_data.rendering import dumps_json_ld
from structured_data.stored import watch

from .builders import build_site, make_event, make_image, make_plain, publish, registered
from .testapp.models import EventPage, PlainPage
from .testapp.schema import EventSchema


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_structured_data", *args, "--no-progress", stdout=out)
    return out.getvalue()


def ndjson_by_url(text: str) -> dict[str, dict[str, Any]]:
    graphs = [json.loads(line) for line in text.splitlines()]
    by_url = {}
    for graph in graphs:
        page = next(node for node in graph["@graph"] if node["@id"].endswith("#webpage"))
        by_url[page["url"]] = graph
    return by_url


class StoredGraphTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        PublisherSettings.objects.create(site=cls.tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
        cls.about = make_plain(cls.tree.section, "About us")
        cls.event = make_event(cls.tree.section, "Harbor festival")

    def test_a_page_graph_is_stored_on_publish_and_equals_a_fresh_build(self):
        stored = StoredGraph.objects.get(page_id=self.about.pk)
        request = RequestFactory().get("/", HTTP_HOST="localhost")
        fresh = build_graph(PlainPage.objects.get(pk=self.about.pk), request)
        own = [node for node in fresh.nodes if node["@id"].startswith(self.about.full_url)]
        self.assertEqual(json.loads(stored.text), json.loads(dumps_json_ld(own)))

    def test_a_schema_that_says_nothing_about_storing_is_stored_when_its_reads_are_recorded(self):
        self.assertTrue(StoredGraph.objects.filter(page_id=self.event.pk).exists())  # stored when published
        StoredGraph.objects.all().delete()
        export()
        self.assertEqual(
            set(StoredGraph.objects.values_list("page_id", flat=True)) >= {self.event.pk, self.about.pk}, True
        )

    def test_a_schema_that_says_never_is_never_stored(self):
        class Never(EventSchema):
            store = False

        with registered(EventPage, Never):
            StoredGraph.objects.all().delete()
            export()
            self.assertFalse(StoredGraph.objects.filter(page_id=self.event.pk).exists())
            self.assertTrue(StoredGraph.objects.filter(page_id=self.about.pk).exists())

    def test_a_schema_that_forgets_store_and_depends_on_never_serves_a_stale_graph(self):
        """The schema reads a collection's name and tells the builder nothing, and says nothing about storing:
        the plugin sees the read, does not store the graph, and the export follows the change."""

        class ReadsACollection(EventSchema):
            collection_pk: ClassVar[int] = 0

            def description(self, page: EventPage) -> str:
                return f"Listed in {Collection.objects.get(pk=self.collection_pk).name}"

        collection = Collection.get_first_root_node().add_child(name="Summer")
        ReadsACollection.collection_pk = collection.pk
        with registered(EventPage, ReadsACollection):
            publish(EventPage.objects.get(pk=self.event.pk))  # storing is tried on publish...
            self.assertFalse(StoredGraph.objects.filter(page_id=self.event.pk).exists())
            first = ndjson_by_url(export())[self.event.full_url]  # ...and by the export
            self.assertFalse(StoredGraph.objects.filter(page_id=self.event.pk).exists())
            self.assertTrue(StoredGraph.objects.filter(page_id=self.about.pk).exists())
            collection.name = "Autumn"
            collection.save()
            second = ndjson_by_url(export())[self.event.full_url]
        self.assertEqual(first["@graph"][0]["description"], "Listed in Summer")
        self.assertEqual(second["@graph"][0]["description"], "Listed in Autumn")

    def test_a_recorded_dependency_lets_the_graph_be_stored_and_drops_it_on_change(self):
        class RecordsTheCollection(EventSchema):
            collection_pk: ClassVar[int] = 0

            def description(self, page: EventPage) -> str:
                collection = Collection.objects.get(pk=self.collection_pk)
                self.builder.depends_on(collection)
                return f"Listed in {collection.name}"

        watch(Collection)
        collection = Collection.get_first_root_node().add_child(name="Summer")
        RecordsTheCollection.collection_pk = collection.pk
        with registered(EventPage, RecordsTheCollection):
            StoredGraph.objects.all().delete()
            self.assertEqual(
                ndjson_by_url(export())[self.event.full_url]["@graph"][0]["description"], "Listed in Summer"
            )
            self.assertTrue(StoredGraph.objects.filter(page_id=self.event.pk).exists())
            collection.name = "Autumn"
            collection.save()
            self.assertFalse(StoredGraph.objects.filter(page_id=self.event.pk).exists())
            graph = ndjson_by_url(export())[self.event.full_url]
        self.assertEqual(graph["@graph"][0]["description"], "Listed in Autumn")

    def test_a_renamed_ancestor_drops_the_stored_graph_and_the_export_shows_the_new_name(self):
        export()
        self.tree.section.title = "Around town"
        publish(self.tree.section)
        self.assertFalse(StoredGraph.objects.filter(page_id=self.about.pk).exists())
        graph = ndjson_by_url(export())[self.about.full_url]
        crumbs = next(node for node in graph["@graph"] if node["@type"] == "BreadcrumbList")
        self.assertEqual(
            [item["name"] for item in crumbs["itemListElement"]], ["The Test Ledger", "Around town", "About us"]
        )

    def test_an_undeclared_dependency_never_serves_stale_data(self):
        """A schema reads another page's title without telling the builder: it is not stored, so it is never stale."""

        class ReadsTheSection(EventSchema):
            def description(self, page: EventPage) -> str:
                return f"Part of {PlainPage.objects.get(pk=page.get_parent().pk).title}"

        with registered(EventPage, ReadsTheSection):
            StoredGraph.objects.all().delete()  # what rebuild_structured_data does after a schema changes
            self.assertEqual(ndjson_by_url(export())[self.event.full_url]["@graph"][0]["description"], "Part of Local")
            section = PlainPage.objects.get(pk=self.tree.section.pk)
            section.title = "Around town"
            publish(section)
            graph = ndjson_by_url(export())[self.event.full_url]
        self.assertEqual(graph["@graph"][0]["description"], "Part of Around town")

    def test_a_graph_stored_by_other_code_or_settings_is_not_current(self):
        """A deploy that changes a schema, or a setting graphs read, needs no rebuild to show the change."""
        export()  # every graph stored by the test app's own schema

        class Redescribed(EventSchema):
            def description(self, page: EventPage) -> str:
                return "Described by the new code"

        with registered(EventPage, Redescribed):
            self.assertEqual(
                ndjson_by_url(export())[self.event.full_url]["@graph"][0]["description"], "Described by the new code"
            )
            self.assertIn("Described by the new code", StoredGraph.objects.get(page_id=self.event.pk).text)
        # The old code again (a rollback): what the new one stored is not served.
        graph = ndjson_by_url(export())[self.event.full_url]
        self.assertNotEqual(graph["@graph"][0].get("description"), "Described by the new code")
        before = StoredGraph.objects.get(page_id=self.event.pk).context
        with self.settings(STRUCTURED_DATA={"ITEM_LIST_LENGTH": 7}):
            export()
            self.assertNotEqual(StoredGraph.objects.get(page_id=self.event.pk).context, before)

    def test_the_export_writes_every_visible_page_with_the_site_nodes(self):
        self.tree.home.add_child(instance=PlainPage(title="Draft", slug="draft", live=False)).save_revision()
        graphs = ndjson_by_url(export("--format", "ndjson"))
        self.assertEqual(
            set(graphs),
            {self.tree.home.full_url, self.tree.section.full_url, self.about.full_url, self.event.full_url},
        )
        for url, graph in graphs.items():
            types = {node["@type"] for node in graph["@graph"]}
            self.assertLessEqual({"WebPage", "WebSite", "NewsMediaOrganization"}, types, url)
        self.assertEqual(graphs[self.event.full_url]["@graph"][0]["@type"], "Event")
        document = json.loads(export("--format", "jsonld"))
        ids = [node["@id"] for node in document["@graph"]]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(ids.count("http://localhost/#organization"), 1)

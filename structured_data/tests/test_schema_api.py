"""The schema author's side: property order, the ``@id`` hook, ``thumbnailUrl``, and the small builder API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.test import RequestFactory, TestCase

from structured_data.builder import Builder
from structured_data.graph import GraphBuilder, build_graph
from structured_data.models import PublisherSettings
from structured_data.schema import PageSchema, Schema

from .builders import build_site, make_event, make_image, make_plain, registered
from .jsonld import JsonLdGraph
from .testapp.models import EventPage
from .testapp.schema import EventSchema


class PhotoEventSchema(EventSchema):
    """An event with a photo, listing ``thumbnailUrl`` before the ``image`` it comes from."""

    properties: ClassVar[Sequence[str]] = ("thumbnailUrl", "name", "image", "url", "startDate")
    photo: Any = None

    def image(self, page: EventPage) -> Any:
        return self.builder.image_object(self.photo, "width-800", node_id=f"{self.builder.page_url}#photo")


class SchemaApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        PublisherSettings.objects.create(site=cls.tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
        cls.event = make_event(cls.tree.section, "Harbor festival", summary="Boats and music.")
        cls.photo = make_image("Festival crowd", 1600, 900)

    def graph(self, page: Any) -> JsonLdGraph:
        return JsonLdGraph.from_response(self.client.get(page.url))

    def test_the_order_of_properties_changes_only_the_order_of_the_output(self):
        class Reversed(EventSchema):
            properties = tuple(reversed(EventSchema.properties))
            page_properties = tuple(reversed(EventSchema.page_properties))

        expected = self.graph(self.event).nodes
        with registered(EventPage, Reversed):
            reordered = self.graph(self.event).nodes
        self.assertEqual(sorted(map(repr, map(sorted_node, expected))), sorted(map(repr, map(sorted_node, reordered))))
        event = next(node for node in reordered if node["@type"] == "Event")
        declared = [name for name in event if name in Reversed.properties]
        self.assertEqual(declared, [name for name in Reversed.properties if name in event])
        self.assertEqual(declared[0], "organizer")  # "offers" is empty here: no ticket URL

    def test_thumbnail_url_comes_from_image_whichever_runs_first(self):
        PhotoEventSchema.photo = self.photo
        with registered(EventPage, PhotoEventSchema):
            graph = self.graph(self.event)
        event = graph.one("Event")
        photo = graph.resolve(event["image"])
        self.assertEqual(photo["@type"], "ImageObject")
        self.assertEqual(photo["width"], 800)
        self.assertEqual(event["thumbnailUrl"], photo["url"])
        self.assertEqual(graph.one("WebPage")["primaryImageOfPage"], {"@id": photo["@id"]})

    def test_overriding_url_leaves_the_id_alone(self):
        class CanonicalElsewhere(EventSchema):
            def url(self, page: EventPage) -> str:
                return "https://tickets.example/harbor-festival"

        with registered(EventPage, CanonicalElsewhere):
            graph = self.graph(self.event)
        event = graph.one("Event")
        self.assertEqual(event["url"], "https://tickets.example/harbor-festival")
        self.assertEqual(event["@id"], f"{self.event.full_url}#event")
        self.assertEqual(graph.one("WebPage")["@id"], f"{self.event.full_url}#webpage")

    def test_make_id_is_the_id_hook(self):
        class ById(EventSchema):
            def make_id(self, page: EventPage) -> str:
                return f"{self.builder.site_root}#event-{page.pk}"

        with registered(EventPage, ById):
            graph = self.graph(self.event)
        event = graph.one("Event")
        self.assertEqual(event["@id"], f"http://localhost/#event-{self.event.pk}")
        self.assertEqual(event["url"], self.event.full_url)
        self.assertEqual(graph.resolve(graph.one("WebPage")["mainEntity"]), event)

    def test_each_property_is_computed_once_per_object(self):
        calls: list[str] = []

        class Counting(EventSchema):
            page_properties = (*EventSchema.page_properties, "description")  # also on the page node

            def description(self, page: EventPage) -> str:
                calls.append("description")
                return page.summary

        with registered(EventPage, Counting):
            graph = build_graph(self.event, RequestFactory().get(self.event.url))
        self.assertEqual(graph.entity["description"], "Boats and music.")
        self.assertEqual(graph.page_node["description"], "Boats and music.")
        self.assertEqual(calls, ["description"])

    def test_the_graph_builder_is_what_schemas_are_told_it_is(self):
        builder = GraphBuilder(RequestFactory().get(self.event.url), self.event, record_dependencies=True)
        self.assertIsInstance(builder, GraphBuilder)
        as_seen: Builder = builder  # mypy checks that GraphBuilder provides the documented API
        ref = as_seen.add({"@type": "Thing", "@id": "http://localhost/#thing", "name": "A thing"})
        self.assertEqual(as_seen.node(ref), {"@type": "Thing", "@id": "http://localhost/#thing", "name": "A thing"})
        self.assertEqual(as_seen.node("http://localhost/#thing")["name"], "A thing")
        self.assertIsNone(as_seen.node({"@id": "http://localhost/#nothing"}))
        other = make_plain(self.tree.home, "About us")
        self.assertEqual(as_seen.full_url(other), other.full_url)
        self.assertIn(("wagtailcore.page", str(other.pk)), builder.dependencies)  # recorded automatically


def sorted_node(node: dict[str, Any]) -> dict[str, Any]:
    return dict(sorted(node.items()))


def test_the_plugin_decides_unless_a_schema_says_never():
    class Never(PageSchema):
        store = False  # its graph changes with the clock

    class InheritsNever(Never):
        pass

    assert Schema.store is None
    assert PageSchema.store is None
    assert EventSchema.store is None
    assert Never.store is False
    assert InheritsNever.store is False  # saying never is inherited; storing needs no word at all

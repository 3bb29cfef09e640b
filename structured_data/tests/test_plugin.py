"""structured_data as another Wagtail site uses it: a foreign page model, settings, checks, the registry."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.template import Context, Template
from django.test import RequestFactory, TestCase, override_settings
from wagtail.models import Page

from structured_data.conf import DEFAULTS, get_setting
from structured_data.graph import build_graph
from structured_data.models import PublisherSettings
from structured_data.registry import SchemaRegistry, registry
from structured_data.schema import PageSchema, Schema

from .builders import build_site, make_image
from .jsonld import JsonLdGraph
from .testapp.models import EventPage, PlainPage
from .testapp.schema import EventSchema

ROOT = "http://localhost/"


class ForeignPageModelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        PublisherSettings.objects.create(site=cls.tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
        cls.event = cls.tree.home.add_child(
            instance=EventPage(
                title="Harbor festival", slug="harbor-festival", venue="Pier 1", summary="Boats & music.",
                starts_at=datetime.datetime(2025, 7, 4, 18, tzinfo=datetime.UTC),
                ticket_url="javascript:alert(1)",
            )
        )  # fmt: skip
        cls.plain = cls.tree.home.add_child(instance=PlainPage(title="About us", slug="about"))

    def test_a_registered_foreign_page_gets_its_own_entity(self):
        graph = JsonLdGraph.from_response(self.client.get(self.event.url), ROOT)
        event = graph.one("Event")
        self.assertEqual(event["@id"], f"{self.event.full_url}#event")
        self.assertEqual(event["name"], "Harbor festival")
        self.assertEqual(event["description"], "Boats & music.")
        self.assertEqual(
            datetime.datetime.fromisoformat(event["startDate"]), datetime.datetime(2025, 7, 4, 18, tzinfo=datetime.UTC)
        )
        self.assertEqual(event["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode")
        self.assertEqual(event["eventStatus"], "https://schema.org/EventScheduled")  # extra_properties
        self.assertEqual(event["location"], {"@type": "Place", "name": "Pier 1"})
        self.assertEqual(graph.resolve(event["organizer"])["name"], "Events Weekly")
        self.assertNotIn("offers", event)  # its only URL was javascript:, so the Offer is empty and left out
        webpage = graph.one("WebPage")
        self.assertEqual(graph.resolve(webpage["mainEntity"]), event)
        self.assertEqual(
            [c["name"] for c in graph.resolve(webpage["breadcrumb"])["itemListElement"]],
            ["The Test Ledger", "Harbor festival"],
        )
        self.assertFalse(graph.of_type("NewsArticle", "Person"))

    def test_an_unregistered_page_type_falls_back_to_a_web_page(self):
        self.assertIs(registry.get(self.plain), PageSchema)
        graph = JsonLdGraph.from_response(self.client.get(self.plain.url), ROOT)
        self.assertEqual(graph.one("WebPage")["name"], "About us")
        self.assertEqual(
            {n["@type"] for n in graph.nodes},
            {"WebPage", "BreadcrumbList", "WebSite", "NewsMediaOrganization", "ImageObject"},
        )

    def test_the_graph_is_built_from_python_without_a_template(self):
        request = RequestFactory().get(self.event.url)
        graph = build_graph(self.event, request)
        self.assertEqual(graph.entity["@type"], "Event")
        self.assertEqual(graph.as_dict()["@context"], "https://schema.org")

    def test_the_tags_render_nothing_outside_a_wagtail_page(self):
        request = RequestFactory().get("/")
        html = Template("{% load structured_data_tags %}{% structured_data %}").render(Context({"request": request}))
        self.assertEqual(html, "")

    @override_settings(STRUCTURED_DATA={"ENABLED": False, "ROBOTS": "noindex"})
    def test_disabled_tags_render_nothing(self):
        response = self.client.get(self.event.url)
        self.assertNotIn(b"application/ld+json", response.content)
        self.assertNotIn(b"robots", response.content)


class RegistryAndSchemaTests(TestCase):
    """Building an unsaved page looks up its ContentType, so these run inside a test transaction."""

    def test_lookup_follows_the_mro(self):
        class Base:
            pass

        class Child(Base):
            pass

        class Exact(Child):
            pass

        local = SchemaRegistry()
        local.register(Base, PageSchema)
        local.register(Exact, EventSchema, exact_class=True)
        self.assertIs(local.get(Child()), PageSchema)
        self.assertIs(local.get(Exact()), EventSchema)
        self.assertIsNone(local.get(object()))
        self.assertIs(registry.get_for_model(EventPage), EventSchema)
        self.assertIs(registry.get_for_model(Page), PageSchema)

    def test_a_misspelt_property_fails_when_the_class_is_defined(self):
        with pytest.raises(ImproperlyConfigured, match="headlien"):

            class Misspelt(Schema):
                properties = ("name", "headlien")

    def test_extra_properties_cannot_replace_declared_ones(self):
        class Sneaky(EventSchema):
            extra_properties = {"name": "Not the title"}

            def url(self, page):
                return "https://events.example/t/"

        builder = mock.Mock(request=None, page=None, page_id="x#webpage", subject=None)
        schema = Sneaky(builder)
        page = EventPage(title="T", starts_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC), venue="V")
        with pytest.raises(ImproperlyConfigured, match="name"):
            schema._entity_node(page)

    def test_settings_have_documented_defaults_and_reject_typos(self):
        self.assertEqual(get_setting("ROBOTS"), DEFAULTS["ROBOTS"])
        with override_settings(STRUCTURED_DATA={"MIN_IMAGE_PIXELS": 10}):
            self.assertEqual(get_setting("MIN_IMAGE_PIXELS"), 10)
        with override_settings(STRUCTURED_DATA={"MIN_IMAGE_PIXEL": 10}), pytest.raises(ImproperlyConfigured):
            get_setting("ROBOTS")
        with pytest.raises(ImproperlyConfigured):
            get_setting("NO_SUCH_SETTING")


def check_ids() -> list[str]:
    return [m.id for m in run_checks(tags=["structured_data"]) if m.id and m.id.startswith("structured_data.")]


@pytest.fixture
def tree(db) -> SimpleNamespace:
    return build_site()


def test_no_publisher(tree):
    assert check_ids() == ["structured_data.W001"]


def test_publisher_without_logo(tree):
    PublisherSettings.objects.create(site=tree.site, name="Ledger")
    assert check_ids() == ["structured_data.W002"]


def test_logo_too_small(tree):
    PublisherSettings.objects.create(site=tree.site, name="Ledger", logo=make_image("Tiny logo", 100, 300))
    assert check_ids() == ["structured_data.W003"]


def test_good_publisher(tree):
    PublisherSettings.objects.create(site=tree.site, name="Ledger", logo=make_image("Logo", 112, 112))
    assert check_ids() == []


def test_checks_say_nothing_before_migrations(tree):
    with mock.patch("wagtail.models.Site.objects.order_by", side_effect=OperationalError("no such table")):
        assert check_ids() == []

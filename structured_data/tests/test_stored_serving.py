"""A page whose schema vouches for its reads serves its stored graph; publications can defer storing; storing
never stops a publication; and the dependency records tell another app which pages read an object or a page."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest
from wagtail.models import Collection

from structured_data import pages_built_from, pages_reading_page
from structured_data.models import StoredGraph
from structured_data.stored import store_page, storing_deferred

from .builders import build_published_site, make_event, make_image, make_plain, publish, registered
from .jsonld import JsonLdGraph
from .testapp.models import EventPage, PlainPage
from .testapp.schema import EventSchema


class VouchedSchema(EventSchema):
    """Its author says every read is recorded: its stored graph is served in place of a build."""

    store: ClassVar[bool | None] = True


class ReadsCollections(EventSchema):
    """Records one collection it reads by name, and "any collection" (a lookup by type)."""

    collection_pk: ClassVar[int] = 0

    def description(self, page: EventPage) -> str:
        collection = Collection.objects.get(pk=self.collection_pk)
        self.builder.depends_on(collection)
        self.builder.depends_on(Collection)
        return f"Listed in {collection.name}"


class BrokenSchema(EventSchema):
    def description(self, page: EventPage) -> str:
        raise RuntimeError("the summary service is down")


@pytest.fixture
def tree(db) -> SimpleNamespace:
    tree = build_published_site()
    tree.about = make_plain(tree.section, "About us")
    tree.event = make_event(tree.section, "Harbor festival", summary="Boats and music.")
    return tree


def served_event(client: Any, event: EventPage) -> dict[str, Any]:
    return JsonLdGraph.from_response(client.get(event.url)).one("Event")


def test_a_vouched_page_serves_its_stored_graph_until_it_is_republished(tree, client):
    with registered(EventPage, VouchedSchema):
        publish(EventPage.objects.get(pk=tree.event.pk))
        stored = StoredGraph.objects.get(page_id=tree.event.pk)
        nodes = json.loads(stored.text)
        assert nodes[0]["description"] == "Boats and music."
        nodes[0]["description"] = "Read from the stored copy."
        StoredGraph.objects.filter(pk=stored.pk).update(text=json.dumps(nodes))
        event = served_event(client, tree.event)
        assert event["description"] == "Read from the stored copy."  # not built again
        assert served_event(client, tree.event)["description"] == "Read from the stored copy."  # site nodes kept
        publish(EventPage.objects.get(pk=tree.event.pk))
        assert served_event(client, tree.event)["description"] == "Boats and music."
    StoredGraph.objects.filter(page_id=tree.event.pk).update(text=json.dumps(nodes))
    assert served_event(client, tree.event)["description"] == "Boats and music."  # not vouched: always built


def test_a_stale_or_empty_stored_graph_is_not_served(tree, client, settings):
    settings.STRUCTURED_DATA = {"SITE_NODES_CACHE_TIMEOUT": 0}  # site nodes built for each request
    with registered(EventPage, VouchedSchema):
        publish(EventPage.objects.get(pk=tree.event.pk))
        StoredGraph.objects.filter(page_id=tree.event.pk).update(text="[]")
        assert served_event(client, tree.event)["description"] == "Boats and music."
        StoredGraph.objects.filter(page_id=tree.event.pk).update(text='[{"@id": "x"}]', revision_id=None)
        graph = JsonLdGraph.from_response(client.get(tree.event.url))
        assert graph.one("Event")["description"] == "Boats and music."  # another revision's copy: built
        assert "x" not in graph.by_id


def test_deferred_publications_store_nothing_until_rebuilt(tree):
    from structured_data import rebuild_graphs

    StoredGraph.objects.all().delete()
    with storing_deferred() as ids:
        publish(PlainPage.objects.get(pk=tree.about.pk))
        with storing_deferred() as inner:  # a nested use shares the outer set
            publish(EventPage.objects.get(pk=tree.event.pk))
        assert inner is ids
    assert ids == {tree.about.pk, tree.event.pk}
    assert not StoredGraph.objects.exists()
    assert rebuild_graphs(ids) == 2
    assert set(StoredGraph.objects.values_list("page_id", flat=True)) == ids
    with storing_deferred() as ids:
        pass
    assert store_page(PlainPage.objects.get(pk=tree.about.pk))  # stores again once the block is left


def test_a_page_on_no_site_is_not_stored(tree):
    orphan = make_plain(tree.root, "Outside every site")
    assert orphan.get_site() is None
    assert not store_page(orphan)
    assert not StoredGraph.objects.filter(page_id=orphan.pk).exists()


def test_a_failing_build_is_logged_and_never_stops_the_publication(tree, caplog):
    with registered(EventPage, BrokenSchema):
        event = EventPage.objects.get(pk=tree.event.pk)
        event.title = "Harbor festival, day two"
        publish(event)  # no exception
        assert not store_page(event)
    assert EventPage.objects.get(pk=tree.event.pk).title == "Harbor festival, day two"
    assert f"Could not store the structured data graph of page {tree.event.pk}" in caplog.text
    assert "the summary service is down" in caplog.text


def test_pages_built_from_an_object_and_from_any_object_of_its_model(tree):
    summer = Collection.get_first_root_node().add_child(name="Summer")
    autumn = Collection.get_first_root_node().add_child(name="Autumn")
    ReadsCollections.collection_pk = summer.pk
    with registered(EventPage, ReadsCollections):
        assert store_page(EventPage.objects.get(pk=tree.event.pk))
    assert pages_built_from(summer) == {tree.event.pk}
    assert pages_built_from(autumn) == {tree.event.pk}  # the graph looked collections up by type
    assert pages_built_from(Collection(name="Unsaved")) == set()
    assert pages_built_from(make_image("Unused")) == set()


def test_pages_reading_a_page_and_only_what_a_republication_changed(tree):
    assert {tree.about.pk, tree.event.pk} <= pages_reading_page(tree.section)  # their breadcrumbs
    assert pages_reading_page(tree.about) == set()  # only its own graph reads it, and that one is not recorded
    section = PlainPage.objects.get(pk=tree.section.pk)
    assert pages_reading_page(section, republished=True) == set()  # same title and URL: nothing to redo
    section.title = "Around town"
    assert {tree.about.pk, tree.event.pk} <= pages_reading_page(section, republished=True)

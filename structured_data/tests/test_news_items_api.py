"""``news_items_for`` and ``ninjs_items_for``, what a feed or an API page of items calls: only visible pages, a
stored ninjs line served as stored, an item built from a stored graph kept beside it for the next reader, and a
page whose item cannot be built named in the error."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from structured_data import news_items_for, ninjs_items_for
from structured_data.export import ExportError, ExportOptions
from structured_data.formats.export import StoredLine, iter_ninjs, iter_page_news_items
from structured_data.models import StoredGraph

from .builders import build_published_site, make_event, make_plain, registered
from .testapp.models import EventPage
from .testapp.schema import EventSchema


class BodylessSchema(EventSchema):
    def body_html(self, page: EventPage) -> str:
        raise RuntimeError("the body's blocks cannot be read")


@pytest.fixture
def tree(db) -> SimpleNamespace:
    tree = build_published_site()
    tree.harbor = make_event(tree.section, "Harbor festival", summary="Boats and music.")
    tree.parade = make_event(tree.section, "Boat parade", summary="On the river.")
    tree.about = make_plain(tree.home, "About us")
    draft = EventPage(title="Draft", slug="draft", venue="Pier", starts_at=tree.harbor.starts_at, live=False)
    tree.draft = tree.home.add_child(instance=draft)
    return tree


def test_nothing_asked_is_nothing_read(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert news_items_for([], tree.site) == {} and ninjs_items_for([], tree.site) == {}


def test_news_items_of_the_visible_pages_only(tree):
    items = news_items_for([tree.parade.pk, tree.draft.pk, tree.harbor.pk, tree.parade.pk], tree.site)
    assert set(items) == {tree.harbor.pk, tree.parade.pk}  # not the draft; the duplicate once
    assert items[tree.harbor.pk].headline == "Harbor festival"
    assert items[tree.parade.pk].canonical_url == tree.parade.full_url


def test_ninjs_is_served_as_stored_and_an_item_built_from_a_stored_graph_is_kept(tree):
    ids = [tree.harbor.pk, tree.parade.pk]
    stored = ninjs_items_for(ids, tree.site)
    assert {pk: json.loads(text)["uri"] for pk, text in stored.items()} == {
        pk: item.uri for pk, item in news_items_for(ids, tree.site).items()
    }
    StoredGraph.objects.filter(page_id__in=ids).update(ninjs="", item_problems="", item_context="")
    rebuilt = ninjs_items_for(ids, tree.site)  # from the stored graphs, with no stored line
    assert rebuilt == stored
    kept = dict(StoredGraph.objects.filter(page_id__in=ids).values_list("page_id", "ninjs"))
    assert {pk: text.encode() for pk, text in kept.items()} == stored  # for the next reader


def test_small_batches_give_the_same_items_in_page_order(tree):
    options = ExportOptions(sites=[tree.site], batch_size=1)
    pks = [pk for pk, _item in iter_page_news_items(options)]
    assert pks == [tree.home.pk, tree.section.pk, tree.harbor.pk, tree.parade.pk, tree.about.pk]
    lines = list(iter_ninjs(options))
    assert [pk for pk, _line in lines] == pks
    assert all(isinstance(line, StoredLine) for pk, line in lines if pk in (tree.harbor.pk, tree.parade.pk))


def test_a_stored_line_says_where_it_is_from():
    with_page = StoredLine(json.dumps({"uri": "urn:x", "renditions": [{"name": "web", "href": "https://a/"}]}), [])
    assert with_page.where == "https://a/"
    assert StoredLine(json.dumps({"uri": "urn:x"}), ["no body"]).where == "urn:x"


def test_an_item_that_cannot_be_built_names_its_page(tree):
    with registered(EventPage, BodylessSchema), pytest.raises(ExportError) as raised:
        news_items_for([tree.harbor.pk], tree.site)
    assert str(raised.value) == (
        f"page {tree.harbor.pk} ({tree.harbor.url_path}): RuntimeError: the body's blocks cannot be read"
    )

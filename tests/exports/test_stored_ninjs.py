"""Each page's ninjs item is stored beside its graph, written as stored, and built afresh when its context changes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from structured_data import get_news_format, news_items_for, ninjs_items_for
from structured_data.models import PublisherSettings, StoredGraph
from structured_data.tests.iptc_validation import validate_ninjs
from tests.support.builders import make_article, make_author, paragraph


def export_ninjs() -> list[dict]:
    out = io.StringIO()
    call_command(
        "export_structured_data", "--format", "ninjs", "--type", "NewsArticle", stdout=out, stderr=io.StringIO()
    )
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def article(tree):
    PublisherSettings.objects.create(site=tree.site, name="The Test Ledger")
    return make_article(
        tree.section, "Ferry schedule changes", authors=[make_author("Rita Alvarez")],
        body=[paragraph("<p>The ferry leaves at six.</p>")],
    )  # fmt: skip


@pytest.mark.django_db
def test_publishing_stores_the_item_the_formats_would_build(tree, article):
    stored = StoredGraph.objects.get(page=article)
    assert stored.ninjs and stored.item_context
    built = get_news_format("ninjs").serialize(news_items_for([article.pk], tree.site)[article.pk])
    assert stored.ninjs.encode() == built == ninjs_items_for([article.pk], tree.site)[article.pk]
    validate_ninjs(json.loads(stored.ninjs))


@pytest.mark.django_db
def test_the_export_writes_the_stored_item_without_building_it(tree, article):
    item = json.loads(StoredGraph.objects.get(page=article).ninjs)
    item["headlines"][0]["value"] = "Written as stored"
    StoredGraph.objects.filter(page=article).update(ninjs=json.dumps(item))
    assert [i["headlines"][0]["value"] for i in export_ninjs()] == ["Written as stored"]


@pytest.mark.django_db
def test_a_new_publisher_name_makes_the_items_be_built_again(tree, article):
    assert export_ninjs()[0]["infosources"] == [{"name": "The Test Ledger", "uri": "http://localhost/"}]
    settings = PublisherSettings.for_site(tree.site)
    settings.name = "The Harbor Ledger"
    settings.save()
    assert export_ninjs()[0]["infosources"][0]["name"] == "The Harbor Ledger"
    assert json.loads(ninjs_items_for([article.pk], tree.site)[article.pk])["infosources"][0]["name"] == (
        "The Harbor Ledger"
    )


@pytest.mark.django_db
def test_republishing_replaces_the_stored_item(tree, article):
    article.title = "Ferry schedule changes again"
    article.save_revision().publish()
    article.refresh_from_db()
    stored = json.loads(StoredGraph.objects.get(page=article).ninjs)
    assert stored["headlines"][0]["value"] == "Ferry schedule changes again"
    assert stored["version"] == str(article.live_revision_id)


@pytest.mark.django_db
def test_a_graph_stored_without_its_item_gets_it_on_first_use(tree, article):
    expected = StoredGraph.objects.get(page=article).ninjs
    StoredGraph.objects.filter(page=article).update(ninjs="", item_problems="", item_context="")
    assert ninjs_items_for([article.pk], tree.site)[article.pk] == expected.encode()
    assert StoredGraph.objects.get(page=article).ninjs == expected  # kept for the next reader
    settings = PublisherSettings.for_site(tree.site)
    settings.name = "The Harbor Ledger"
    settings.save()
    export_ninjs()
    kept = json.loads(StoredGraph.objects.get(page=article).ninjs)
    assert kept["infosources"][0]["name"] == "The Harbor Ledger"

"""A change many stored graphs read: dropped in the save, rebuilt by task workers in batches, shown in the admin."""

import json

import pytest
from django.contrib.auth import get_user_model
from lxml import html

from newsroom.rebuilds.models import Rebuild
from structured_data.models import StoredGraph
from tests.support.builders import build_site, make_article, make_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def byline(db, settings, django_capture_on_commit_callbacks):
    """Five stored article graphs reading one author, one reading another; batches of two."""
    settings.REBUILD_BATCH_SIZE = 2
    with django_capture_on_commit_callbacks(execute=True):
        tree = build_site(sections=("Local", "Sports"))
        tree.rita, tree.tom = make_author("Rita Alvarez"), make_author("Tom Becker")
        tree.articles = [make_article(tree.sections[n % 2], f"Ferry story {n}", authors=[tree.rita]) for n in range(5)]
        tree.other = make_article(tree.sections[1], "Harbor team wins", authors=[tree.tom])
    return tree


def author_names(page_pk: int) -> set[str]:
    nodes = json.loads(StoredGraph.objects.get(pk=page_pk).text)
    return {node.get("name") for node in nodes if "Person" in str(node.get("@type"))}


def test_a_rename_drops_the_graphs_and_rebuilds_them_in_batches(byline, django_capture_on_commit_callbacks):
    ids = [article.pk for article in byline.articles]
    assert StoredGraph.objects.filter(pk__in=ids).count() == 5
    with django_capture_on_commit_callbacks(execute=False) as pending:
        byline.rita.name = "Rita Alvarez-Stone"
        byline.rita.save()
    rebuild = Rebuild.objects.get()
    assert (rebuild.total, rebuild.done, rebuild.batches, rebuild.finished_at) == (5, 0, 3, None)
    assert not StoredGraph.objects.filter(pk__in=ids).exists()  # dropped in the save, not rebuilt there
    assert StoredGraph.objects.filter(pk=byline.other.pk).exists()
    for callback in pending:  # the commit: batches enqueued (the immediate backend runs them here)
        callback()
    rebuild.refresh_from_db()
    assert (rebuild.done, rebuild.stored) == (5, 5) and rebuild.finished_at is not None
    for pk in ids:
        assert author_names(pk) == {"Rita Alvarez-Stone"}
    assert author_names(byline.other.pk) == {"Tom Becker"}


def test_a_section_rename_rebuilds_the_articles_below_it(byline, django_capture_on_commit_callbacks):
    section = byline.sections[0]
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()  # the same title: nothing read another
    assert not Rebuild.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        section.title = "Metro"
        section.save_revision().publish()
    below = {article.pk for article in byline.articles if article.get_parent().pk == section.pk}
    rebuild = Rebuild.objects.get()
    assert rebuild.total == len(below) and rebuild.done == len(below)
    for pk in below:
        assert "Metro" in StoredGraph.objects.get(pk=pk).text


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def rows(response) -> list[str]:
    tree = html.fromstring(response.content)
    return [" ".join(row.text_content().split()) for row in tree.cssselect("tr.background-rebuild")]


def test_the_editor_sees_running_and_finished_rebuilds(byline, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        byline.rita.name = "Rita Alvarez-Stone"
        byline.rita.save()
    dashboard = rows(editor.get("/admin/"))
    assert len(dashboard) == 1 and "Rita Alvarez-Stone" in dashboard[0] and "0/5" in dashboard[0]
    report = rows(editor.get("/admin/background-updates/"))
    assert "0/5" in report[0] and "running" in report[0]
    for callback in pending:  # the commit: the batches run (the immediate backend)
        callback()
    report = rows(editor.get("/admin/background-updates/"))
    assert "5/5" in report[0] and "running" not in report[0]
    assert rows(editor.get("/admin/")) == []  # nothing running: no panel

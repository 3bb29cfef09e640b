"""A bulk import leaves search indexing, Wagtail's reference index and stored graphs to the end of the run,
then does each once: nothing is missing afterwards, whatever a page's publication skipped."""

from __future__ import annotations

import pytest
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend

from articles.models import ArticlePage
from importer.bulk import bulk_import
from importer.report import Report
from importer.save import resolve_parent
from importer.wordpress import import_wordpress
from structured_data.models import StoredGraph

pytestmark = pytest.mark.django_db
FERRY = "Night ferry returns to the outer islands"


def found(words: str) -> list[str]:
    return [page.title for page in get_search_backend().search(words, ArticlePage)]


def test_indexes_and_graphs_are_made_once_when_the_run_ends(site, export, uploads):
    steps = []
    with bulk_import(lambda step, done, total: steps.append((step, done, total))):
        import_wordpress(export, parent=resolve_parent(None), report=Report(), uploads=uploads, time_zone="UTC")
        ferry = ArticlePage.objects.live().get(title=FERRY)
        assert ferry.lead_image_id is not None
        # Left for the end: no graph stored, no reference recorded, nothing indexed by any publication.
        assert not StoredGraph.objects.filter(page_id=ferry.pk).exists()
        assert not ReferenceIndex.get_references_for_object(ferry).exists()
        assert FERRY not in found("outer islands ferry")
    assert StoredGraph.objects.filter(page_id=ferry.pk).exists()
    referenced = ReferenceIndex.get_references_for_object(ferry).values_list("to_object_id", flat=True)
    assert str(ferry.lead_image_id) in set(referenced)
    assert FERRY in found("outer islands ferry")
    assert {step for step, _done, _total in steps} == {"search index", "reference index", "structured data"}
    assert all(done <= total for _step, done, total in steps)


def test_a_run_that_stops_still_catches_up_and_search_indexes_saves_again(site, export, uploads):
    with pytest.raises(RuntimeError), bulk_import():
        import_wordpress(export, parent=resolve_parent(None), report=Report(), uploads=uploads, time_zone="UTC")
        raise RuntimeError("the operator pressed Ctrl-C")
    ferry = ArticlePage.objects.live().get(title=FERRY)
    assert StoredGraph.objects.filter(page_id=ferry.pk).exists() and FERRY in found("outer islands ferry")
    # Outside the run, a save is indexed as it happens again (the handler is connected back).
    ferry.title = "Night ferry to the outer islands returns for the winter"
    ferry.save_revision().publish()
    assert ferry.title in found("winter ferry")

"""The real-world corpus (tests/importer/realworld): every page imports with its body, its authors as
clean names (organisations as such), its publication date and its own URL; and the corpus as a whole
reaches the body F1 the importer is held to. ``bench/bench_import.py`` prints the same figures beside
trafilatura alone."""

from __future__ import annotations

import io
import statistics

import pytest
from django.core.management import call_command

from articles.models import ArticlePage
from tests.importer.realworld.corpus import pages
from tests.importer.realworld.score import import_draft, score
from tests.support.builders import build_site

PAGES = pages()


def test_the_corpus_has_the_layouts_the_issue_names():
    names = {page.name.split("-", 1)[0] for page in PAGES}
    assert len(PAGES) >= 40
    assert {"wire", "wordpress", "paywall", "live", "microdata", "opengraph", "cms", "teaser", "broadcast"} <= names
    assert {page.story.language for page in PAGES} >= {"en", "de", "fr", "es"}
    assert any(len(page.story.authors) >= 3 for page in PAGES)
    assert any(page.story.organisations for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page(page):
    result = score(page, import_draft(page))
    assert [(a.name, a.is_organisation) for a in result.draft.authors] == [
        (name, name in page.story.organisations) for name in page.story.authors
    ]
    assert result.date_ok, (result.draft.date_published, page.story.published)
    assert result.draft.source_url == page.canonical
    assert result.f1 >= 0.9, (result.precision, result.recall)


def test_corpus_body_f1():
    scores = [score(page, import_draft(page)) for page in PAGES]
    assert statistics.mean(s.f1 for s in scores) >= 0.96


@pytest.mark.django_db
def test_every_page_imports_through_the_command_and_is_recognised_again(tmp_path):
    build_site()
    for page in PAGES:
        (tmp_path / f"{page.name}.html").write_text(page.html)
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), stdout=out, stderr=io.StringIO())
    assert f"{len(PAGES)} imported, 0 updated, 0 skipped, 0 failed" in out.getvalue()
    assert ArticlePage.objects.count() == len(PAGES)
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), stdout=out, stderr=io.StringIO())
    assert f"0 imported, 0 updated, {len(PAGES)} skipped, 0 failed" in out.getvalue()

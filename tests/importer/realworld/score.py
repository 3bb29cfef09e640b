"""How well an import reproduced a page: body shingle F1, authors, date, canonical URL."""

from __future__ import annotations

from dataclasses import dataclass

from importer import shingles
from importer.extract import extract
from importer.mapping import ArticleDraft, body_text_of, map_article

from .layouts import Page


@dataclass
class Score:
    page: str
    precision: float
    recall: float
    authors_ok: bool
    date_ok: bool
    canonical_ok: bool
    draft: ArticleDraft

    @property
    def f1(self) -> float:
        return shingles.f1(self.precision, self.recall)


def import_draft(page: Page) -> ArticleDraft:
    """The draft the importer makes of the page, as if fetched from its own URL."""
    return map_article(extract(page.html.encode("utf-8"), page.canonical))


def score(page: Page, draft: ArticleDraft) -> Score:
    precision, recall = shingles.precision_recall(body_text_of(draft.body), page.story.body_text)
    story = page.story
    authors_ok = [a.name for a in draft.authors] == list(story.authors) and [
        a.name for a in draft.authors if a.is_organisation
    ] == list(story.organisations)
    if draft.date_published is None:
        date_ok = False
    elif page.date_only:
        date_ok = draft.date_published.date() == story.published.date()
    else:
        date_ok = draft.date_published == story.published
    return Score(page.name, precision, recall, authors_ok, date_ok, draft.source_url == page.canonical, draft)

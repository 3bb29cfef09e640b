"""Heading levels that never skip: fitted under the page's h1 when rendered, whatever was stored."""

import itertools

import pytest
from django.test import TestCase

from articles.headings import fitted_levels, stream_heading_levels
from tests.support.builders import build_site, make_article, paragraph
from tests.support.html import parse


@pytest.mark.parametrize(
    ("levels", "fitted"),
    [
        ([2, 3, 2, 3], [2, 3, 2, 3]),  # already fine
        ([3], [2]),  # a subheading first: shown as a heading
        ([3, 3, 2], [2, 2, 2]),
        ([2, 3, 3, 2], [2, 3, 3, 2]),
        ([2, 6], [2, 3]),  # never deeper than one below the previous, nor than h3
        ([4, 5, 3], [2, 3, 2]),  # back up past the first: a heading again
        ([1, 2], [2, 3]),  # never an h1: the page's title is the only one
        ([], []),
    ],
)
def test_fitted_levels(levels, fitted):
    assert fitted_levels(levels) == fitted


def test_stream_heading_levels_reads_raw_blocks_in_order():
    raw = [
        {"type": "paragraph", "value": "<p>x</p>", "id": "p"},
        {"type": "heading", "value": {"text": "A", "level": "h3"}, "id": "a"},
        {"type": "heading", "value": {"text": "B", "level": "h3"}, "id": "b"},
        {"type": "heading", "value": {"text": "C", "level": "h2"}, "id": "c"},
    ]
    assert stream_heading_levels(raw) == {"a": "h2", "b": "h2", "c": "h2"}  # a and b are siblings


class RenderedHeadingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        cls.article = make_article(
            tree.section,
            "Dredging begins",
            body=[
                paragraph("<p>Work started on Monday.</p>"),
                ("heading", {"text": "Who pays", "level": "h3"}),  # stored as written: a skip from h1
                paragraph("<p>The port does.</p>"),
                ("heading", {"text": "What comes next", "level": "h2"}),
                ("heading", {"text": "The bill", "level": "h3"}),
            ],
        )

    def test_article_outline_never_skips_a_level(self):
        html = parse(self.client.get(self.article.url))
        body = html.cssselect(".article__body")[0]
        outline = [(el.tag, el.text_content()) for el in body.iter("h2", "h3", "h4")]
        self.assertEqual(outline, [("h2", "Who pays"), ("h2", "What comes next"), ("h3", "The bill")])
        # The stored content is left as the editor wrote it.
        self.article.refresh_from_db()
        self.assertEqual([b.value["level"] for b in self.article.body if b.block_type == "heading"], ["h3", "h2", "h3"])

    def test_every_page_heading_sequence_starts_at_h1_without_gaps(self):
        html = parse(self.client.get(self.article.url))
        levels = [int(el.tag[1]) for el in html.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        self.assertEqual(levels[0], 1)
        self.assertTrue(all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels)

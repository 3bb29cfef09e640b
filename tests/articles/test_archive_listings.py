"""Listings at two archive sizes: the same number of queries, and every article on exactly one page.

Articles are inserted in bulk (``tests.support.archive``) so that the larger size stays cheap; the
timings at archive size are ``bench/bench_archive.py``'s.
"""

from __future__ import annotations

import datetime

from django.test import TestCase
from django.utils import timezone
from lxml import html

from articles.models import ArticleAuthor, ArticleCorrection, ArticlePage, CorrectionsPage
from articles.models.listings import ARTICLES_PER_PAGE
from tests.support.archive import insert_pages
from tests.support.builders import build_site, make_author
from tests.support.queries import queries_for

SMALL, LARGE = 30, 90


def add_articles(section, author, count: int, start: int) -> list[ArticlePage]:
    """``count`` published articles by ``author`` (one in ten corrected), a day apart, newest last."""
    now = timezone.now()
    pages = []
    for number in range(start, start + count):
        date = now - datetime.timedelta(days=1000 - number, minutes=number)
        pages.append(
            ArticlePage(
                title=f"Story {number:04d}",
                slug=f"story-{number:04d}",
                standfirst="What happened.",
                live=True,
                first_published_at=date,
                last_published_at=date,
                listing_date=date,
                section_page_id=section.pk,
            )
        )
    section.refresh_from_db()
    insert_pages(section, pages)
    ArticleAuthor.objects.bulk_create(ArticleAuthor(page_id=page.pk, author=author, sort_order=0) for page in pages)
    ArticleCorrection.objects.bulk_create(
        ArticleCorrection(page_id=page.pk, text="A name was misspelt.", date=page.first_published_at, sort_order=0)
        for page in pages[::10]
    )
    return pages


class ArchiveListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("News", "Sport"))
        cls.tree.home.add_child(instance=CorrectionsPage(title="Corrections", slug="corrections"))
        cls.author = make_author("Prolific Writer")
        cls.articles = add_articles(cls.tree.section, cls.author, SMALL, 0)

    def queries(self, path: str) -> int:
        return queries_for(self.client, path)  # after requests that fill the caches

    def paths(self) -> list[str]:
        last = -(-ArticlePage.objects.filter(section_page=self.tree.section).count() // ARTICLES_PER_PAGE)
        return [
            "/", "/news/", f"/news/?page={last}", "/authors/prolific-writer/",
            f"/authors/prolific-writer/?page={last}", "/corrections/", "/feeds/rss/", "/feeds/sections/news/rss/",
            "/feeds/authors/prolific-writer/rss/", "/news-sitemap.xml", f"{self.articles[0].url}?format=jsonld",
        ]  # fmt: skip

    def test_listings_query_the_same_at_two_sizes(self):
        small = {path.split("?")[0] + ("?last" if "page=" in path else ""): self.queries(path) for path in self.paths()}
        add_articles(self.tree.section, self.author, LARGE - SMALL, SMALL)
        large = {path.split("?")[0] + ("?last" if "page=" in path else ""): self.queries(path) for path in self.paths()}
        self.assertEqual(large, small)

    def listed(self, path: str) -> list[str]:
        tree = html.fromstring(self.client.get(path).content)
        return [link.get("href") for link in tree.cssselect("main article a[href*='/story-']")]

    def test_every_article_is_on_exactly_one_page_newest_first(self):
        for base in ("/news/", "/authors/prolific-writer/"):
            with self.subTest(base):
                seen: list[str] = []
                for number in range(1, -(-SMALL // ARTICLES_PER_PAGE) + 1):
                    seen += list(dict.fromkeys(self.listed(f"{base}?page={number}")))
                expected = [page.url for page in sorted(self.articles, key=lambda p: p.listing_date, reverse=True)]
                self.assertEqual(seen, expected)

    def test_a_page_number_past_the_end_or_not_a_number_shows_a_real_page(self):
        last = self.listed(f"/news/?page={-(-SMALL // ARTICLES_PER_PAGE)}")
        self.assertEqual(self.listed("/news/?page=999"), last)
        self.assertEqual(self.listed("/news/?page=abc"), self.listed("/news/"))

"""What a search finds, in what order, and what it never shows (real index: SQLite, or PostgreSQL)."""

from __future__ import annotations

import datetime

import lxml.html
from django.test import TestCase
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.search.conftest import build_newsroom, site_client
from tests.support.builders import make_article


def headlines(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    tree = lxml.html.fromstring(response.content)
    return [link.text_content() for link in tree.cssselect(".search-result__headline a")]


def snippets(response) -> list[str]:
    tree = lxml.html.fromstring(response.content)
    return [element.text_content() for element in tree.cssselect(".search-result__snippet")]


class SearchResultsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_newsroom()
        section = cls.tree.sections[0]
        now = timezone.now()
        cls.expired = make_article(section, "Lighthouse expired notice", standfirst="Gone.")
        type(cls.expired).objects.filter(pk=cls.expired.pk).update(expire_at=now - datetime.timedelta(days=1))
        cls.court = make_article(section, "Lighthouse court order", unavailable_after=now - datetime.timedelta(days=1))
        cls.restricted = make_article(section, "Lighthouse members only", standfirst="Private.")
        PageViewRestriction.objects.create(page=cls.restricted, restriction_type=PageViewRestriction.LOGIN)
        cls.old = make_article(
            section,
            "Lighthouse history",
            standfirst="Built in 1850.",
            publication_date=now - datetime.timedelta(days=400),
        )

    def setUp(self):
        self.client = site_client()

    def test_headline_match_ranks_above_body_match(self):
        found = headlines(self.client.get("/search/?q=lighthouse"))
        self.assertEqual(found[-1], "Council meets on Tuesday")  # the word only in its body
        self.assertEqual(set(found[:-1]), {"Lighthouse keeper retires", "Lighthouse history"})

    def test_newest_first_orders_the_matches_by_their_date(self):
        from articles.models import ArticlePage

        found = headlines(self.client.get("/search/?q=lighthouse&sort=newest"))
        by_date = ArticlePage.objects.filter(title__in=found).order_by("-listing_date", "-pk")
        self.assertEqual(found, list(by_date.values_list("title", flat=True)))
        self.assertEqual(found[-1], "Lighthouse history")  # published 400 days ago
        self.assertEqual(len(found), 3)

    def test_drafts_restricted_and_expired_pages_never_appear(self):
        found = headlines(self.client.get("/search/?q=lighthouse"))
        for hidden in ("Lighthouse draft never published", "Lighthouse expired notice", "Lighthouse members only",
                       "Lighthouse court order"):  # fmt: skip
            self.assertNotIn(hidden, found)
        self.assertEqual(len(found), 3)

    def test_captions_credits_tags_authors_and_sections_are_searched(self):
        for query in ("container terminal", "lensman", "sailing", "becker regatta", "sports regatta"):
            with self.subTest(query=query):
                self.assertEqual(headlines(self.client.get("/search/", {"q": query})), ["Regatta season opens"])

    def test_subscriber_article_is_found_by_its_free_part_only(self):
        self.assertEqual(headlines(self.client.get("/search/?q=ferry+operator")), ["Inside the ferry contract"])
        response = self.client.get("/search/?q=zeppelin")
        self.assertEqual(headlines(response), [])
        self.assertContains(response, "Nothing found for")
        for text in snippets(self.client.get("/search/?q=ferry")):
            self.assertNotIn("secret", text)

    def test_snippet_highlights_the_words_and_escapes_the_text(self):
        section = self.tree.sections[0]
        make_article(section, "<script>alert(1)</script> harbor alarm", standfirst="<b>Harbor</b> & bay")
        response = self.client.get("/search/?q=harbor")
        self.assertNotContains(response, "<script>alert(1)</script>")
        tree = lxml.html.fromstring(response.content)
        marks = [mark.text_content() for mark in tree.cssselect(".search-result mark")]
        self.assertIn("Harbor", marks)
        self.assertEqual(snippets(response), ["<b>Harbor</b> & bay"])  # shown as text, not markup

    def test_filters_section_author_language_and_dates(self):
        self.assertEqual(headlines(self.client.get("/search/?q=regatta&section=local")), [])
        self.assertEqual(headlines(self.client.get("/search/?q=regatta&section=sports")), ["Regatta season opens"])
        self.assertEqual(
            headlines(self.client.get("/search/?q=lighthouse&author=rita-alvarez")), ["Lighthouse keeper retires"]
        )
        self.assertEqual(headlines(self.client.get("/search/?q=lighthouse&language=fr")), [])
        self.assertEqual(len(headlines(self.client.get("/search/?q=lighthouse&language=en"))), 3)
        year_ago = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
        self.assertNotIn("Lighthouse history", headlines(self.client.get(f"/search/?q=lighthouse&from={year_ago}")))
        self.assertEqual(headlines(self.client.get(f"/search/?q=lighthouse&to={year_ago}")), ["Lighthouse history"])

    def test_filter_links_are_plain_urls_of_this_search(self):
        tree = lxml.html.fromstring(self.client.get("/search/?q=lighthouse").content)
        links = {link.text_content(): link.get("href") for link in tree.cssselect(".search__filters a")}
        self.assertEqual(links["Sports"], "/search/?q=lighthouse&section=sports")
        self.assertEqual(links["Newest first"], "/search/?q=lighthouse&sort=newest")
        self.assertEqual(links["Rita Alvarez"], "/search/?q=lighthouse&author=rita-alvarez")
        self.assertEqual(headlines(self.client.get(links["Newest first"]))[-1], "Lighthouse history")

    def test_filter_lines_separate_their_links_without_a_trailing_dot(self):
        for url in ("/search/?q=lighthouse", "/search/?q=lighthouse&section=sports&from=2020-01-01"):
            tree = lxml.html.fromstring(self.client.get(url).content)
            lines = [" ".join(p.text_content().split()) for p in tree.cssselect(".search__filters p")]
            assert lines and all(not line.endswith("·") for line in lines), lines
        # A chosen filter: its options, a separator, then the link that clears it.
        assert "Section: Local · Sports · any section" in lines
        assert any(line.startswith("Published:") and line.endswith("· any time") for line in lines), lines

    def test_count_and_pagination(self):
        section = self.tree.sections[1]
        for number in range(12):
            make_article(section, f"Tide table {number}", standfirst="Tides.")
        first = self.client.get("/search/?q=tide")
        self.assertContains(first, "12 results for “tide”")
        self.assertEqual(len(headlines(first)), 10)
        tree = lxml.html.fromstring(first.content)
        next_url = tree.cssselect('.pagination a[rel~="next"]')[0].get("href")
        self.assertEqual(next_url, "/search/?q=tide&page=2")
        self.assertEqual(len(headlines(self.client.get(next_url))), 2)
        self.assertEqual(len(headlines(self.client.get("/search/?q=tide&page=999"))), 2)  # the last page

    def test_no_results_page_suggests_what_to_try(self):
        response = self.client.get("/search/?q=xylophonist&section=sports")
        self.assertContains(response, "Nothing found for “xylophonist”")
        tree = lxml.html.fromstring(response.content)
        hrefs = [link.get("href") for link in tree.cssselect(".search__none a")]
        self.assertIn("/search/?q=xylophonist", hrefs)  # the same words without the filter

    def test_the_header_search_box_works_without_javascript(self):
        tree = lxml.html.fromstring(self.client.get("/").content)
        form = tree.cssselect("header form[role=search]")[0]
        field = form.cssselect("input[name=q]")[0]
        self.assertEqual((form.get("action"), form.get("method")), ("/search/", "get"))
        self.assertEqual(tree.cssselect(f'label[for="{field.get("id")}"]')[0].text_content(), "Search")

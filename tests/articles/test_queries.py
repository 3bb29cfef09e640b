"""Listings, articles and author pages cost a constant number of queries, however much they show."""

from django.conf import settings
from django.test import TestCase

from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph
from tests.support.queries import queries_for


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Small", "Large"))
        cls.authors = [make_author(f"Writer {i}", photo=make_image(f"Portrait {i}", 400, 400)) for i in range(3)]
        photos = [make_image(f"Photo {i}", caption=f"Caption {i}", credit=f"Credit {i}") for i in range(5)]
        cls.small_article = make_article(
            cls.tree.sections[0],
            "One author one photo",
            authors=cls.authors[:1],
            lead_image=photos[0],
            body=[paragraph("<p>Text.</p>"), image_block(photos[1])],
        )
        cls.large_article = make_article(
            cls.tree.sections[1],
            "Three authors five photos",
            authors=cls.authors,
            lead_image=photos[0],
            body=[paragraph("<p>Text.</p>")] + [image_block(p) for p in photos],
        )
        for i in range(2):
            make_article(
                cls.tree.sections[0], f"Small section story {i}", authors=cls.authors[:1], lead_image=photos[i]
            )
        for i in range(9):
            make_article(
                cls.tree.sections[1], f"Large section story {i}", authors=cls.authors, lead_image=photos[i % 5]
            )
        cls.quiet_author = make_author("Quiet Writer", photo=make_image("Quiet portrait", 400, 400))
        make_article(
            cls.tree.sections[0], "The only story by the quiet writer", authors=[cls.quiet_author], lead_image=photos[0]
        )

    def test_article_page_queries_do_not_grow_with_authors_or_photos(self):
        small = queries_for(self.client, self.small_article.url, warm=False)
        large = queries_for(self.client, self.large_article.url, warm=False)
        self.assertEqual(small, large)

    def test_an_article_costs_its_own_rows_once_the_site_is_cached(self):
        # The page by id (pagecache/routes.py), its tags, byline, the authors' links, corrections,
        # every photo (lead, portraits, body) with its renditions and the stored JSON-LD graph (by key)
        # in one query each: the route,
        # view restrictions, section, ancestors, language versions, authors index, publisher and
        # newsletter come from the cache. As in production, the header and footer are cached fragments.
        # The byline named in the response's cache keys (pagecache/keys.py) is the one the page shows.
        fragments = {**settings.PAGE_CACHE, "FRAGMENT_TIMEOUT": 600}
        for article in (self.small_article, self.large_article):
            with self.subTest(article.title), self.settings(PAGE_CACHE=fragments):
                self.assertEqual(queries_for(self.client, article.url, warm=True), 8)

    def test_section_listing_queries_do_not_grow_with_cards(self):
        small = queries_for(self.client, self.tree.sections[0].url, warm=False)
        large = queries_for(self.client, self.tree.sections[1].url, warm=False)
        self.assertEqual(small, large)

    def test_author_profile_queries_do_not_grow_with_articles(self):
        quiet = queries_for(self.client, "/authors/quiet-writer/", warm=False)
        busy = queries_for(self.client, "/authors/writer-0/", warm=False)
        self.assertEqual(quiet, busy)

    def test_home_is_bounded_and_authors_index_does_not_grow_with_authors(self):
        # 26: one more since translations: the page's language versions (hreflang and the switcher).
        self.assertLessEqual(queries_for(self.client, "/", warm=False), 26)
        few = queries_for(self.client, "/authors/", warm=False)
        for i in range(4):
            make_author(f"Extra writer {i}", photo=make_image(f"Extra portrait {i}", 300, 300))
        self.assertEqual(queries_for(self.client, "/authors/", warm=False), few)

"""The graph costs what it must: an article reads its stored graph in one query, or is built from
what the page loaded without any; profile pages add none."""

from __future__ import annotations

from django.db import connection
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from structured_data.graph import build_graph
from structured_data.models import PublisherPolicy, PublisherSettings, PublisherSocialLink, StoredGraph
from structured_data.utils import page_ancestors
from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph
from tests.support.queries import queries_for

DISABLED = {"ENABLED": False}


class GraphQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Small", "Large"))
        logo = make_image("Logo", 300, 300)
        publisher = PublisherSettings.objects.create(site=cls.tree.site, name="Ledger", logo=logo)
        PublisherSocialLink.objects.create(setting=publisher, url="https://social.example/@ledger")
        PublisherPolicy.objects.create(setting=publisher, kind="ethicsPolicy", page=cls.tree.authors_index)
        cls.authors = [make_author(f"Writer {i}", photo=make_image(f"Portrait {i}", 400, 400)) for i in range(3)]
        photos = [make_image(f"Photo {i}", 1600, 1200, caption=f"Caption {i}", credit=f"Credit {i}") for i in range(5)]
        cls.small = make_article(
            cls.tree.sections[0],
            "One author one photo",
            authors=cls.authors[:1],
            lead_image=photos[0],
            body=[paragraph("<p>Text.</p>"), image_block(photos[0])],
        )
        cls.large = make_article(
            cls.tree.sections[1],
            "Three authors five photos",
            authors=cls.authors,
            lead_image=photos[0],
            body=[paragraph("<p>Text.</p>")] + [image_block(p) for p in photos[1:]],
        )
        for i in range(6):
            make_article(cls.tree.sections[1], f"Story {i}", authors=cls.authors, lead_image=photos[i % 5])

    def added_queries(self, url: str, *, warm: bool = True) -> int:
        with_graph = queries_for(self.client, url, warm=warm)
        with override_settings(STRUCTURED_DATA=DISABLED):
            without_graph = queries_for(self.client, url, warm=warm)
        return with_graph - without_graph

    def test_article_pages_read_their_stored_graph_in_one_query(self):
        for url in (self.small.url, self.large.url):
            with self.subTest(url):
                self.assertEqual(self.added_queries(url), 1)

    def test_without_a_stored_graph_the_build_adds_no_query_to_the_lookup(self):
        StoredGraph.objects.all().delete()
        for url in (self.small.url, self.large.url):
            with self.subTest(url):
                self.assertEqual(self.added_queries(url), 1)  # the lookup that finds nothing
        self.assertEqual(self.added_queries("/authors/writer-0/"), 0)  # a profile's graph is never stored

    def test_article_queries_do_not_grow_with_authors_or_photos(self):
        self.assertEqual(queries_for(self.client, self.small.url), queries_for(self.client, self.large.url))

    def test_building_the_graph_after_the_view_loaded_the_page_runs_no_query(self):
        self.client.get(self.large.url)  # renditions and the site-wide nodes exist
        request = RequestFactory().get(self.large.url)
        page = self.large.specific_class.objects.get(pk=self.large.pk)
        # What serve() and the template load anyway, whether or not the page has structured data:
        Site.find_for_request(request)
        page.get_context(request)
        list(page.body)  # the body's photos and their renditions, in two queries
        page_ancestors(page, request)  # the visible breadcrumb
        for author in page.authors:
            author.get_full_url(request)  # the byline looks up the authors index, once per request
        with CaptureQueriesContext(connection) as queries:
            graph = build_graph(page, request)
        self.assertEqual(len(queries), 0, [q["sql"] for q in queries])
        self.assertEqual(len([n for n in graph.nodes if n["@type"] == "Person"]), 3)
        self.assertEqual(len([n for n in graph.nodes if n["@type"] == "ImageObject"]), 3 + 4 + 3 + 1)

    def test_listings_add_a_bounded_query_for_their_item_list(self):
        # The listing's visibility rule (.visible(): live, public, ...) takes the view restrictions
        # from the cache (structured_data.visibility.restricted_paths): one query for the list
        # itself, however long the list.
        for url in ("/small/", "/large/"):
            with self.subTest(url):
                self.assertEqual(self.added_queries(url), 1)
        self.assertEqual(self.added_queries("/authors/"), 1)  # authors are not pages: one query
        self.assertLessEqual(self.added_queries("/"), 3)  # plus the top story when it is not among the newest

    def test_a_cold_cache_costs_a_constant_few_queries_for_the_site_wide_nodes(self):
        small = self.added_queries(self.small.url, warm=False)
        large = self.added_queries(self.large.url, warm=False)
        self.assertEqual(small, large)
        self.assertLessEqual(small, 4)

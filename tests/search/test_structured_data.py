"""The results page as a search engine reads it: a SearchResultsPage, noindex, no SearchAction."""

from __future__ import annotations

import lxml.html
from django.test import TestCase

from tests.search.conftest import build_newsroom, site_client
from tests.support.builders import make_article
from tests.support.jsonld import JsonLdGraph


class SearchStructuredDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_newsroom()

    def test_results_page_is_a_search_results_page_listing_the_results(self):
        response = site_client().get("/search/?q=lighthouse")
        graph = JsonLdGraph.from_response(response)
        (page,) = graph.of_type("SearchResultsPage")
        self.assertEqual(page["url"], "http://localhost/search/?q=lighthouse")
        self.assertEqual(page["name"], "Search results for “lighthouse”")
        self.assertEqual(page["inLanguage"], "en")
        items = graph.resolve(page["mainEntity"])["itemListElement"]
        tree = lxml.html.fromstring(response.content)
        shown = [link.get("href") for link in tree.cssselect(".search-result__headline a")]
        self.assertEqual([item["url"] for item in items], [f"http://localhost{href}" for href in shown])
        self.assertEqual([item["position"] for item in items], list(range(1, len(shown) + 1)))

    def test_results_pages_are_noindex(self):
        response = site_client().get("/search/?q=lighthouse")
        tree = lxml.html.fromstring(response.content)
        # Besides the site-wide directives: search engines apply the most restrictive of all.
        directives = [meta.get("content") for meta in tree.cssselect('meta[name="robots"]')]
        self.assertIn("noindex, follow", directives)
        self.assertEqual(response["X-Robots-Tag"], "noindex")

    def test_no_retired_search_action_on_the_website(self):
        for path in ("/search/?q=lighthouse", "/"):
            graph = JsonLdGraph.from_response(site_client().get(path))
            for website in graph.of_type("WebSite"):
                self.assertNotIn("potentialAction", website)

    def test_a_headline_cannot_break_out_of_the_script(self):
        make_article(self.tree.sections[0], "Lighthouse </script><script>alert(1)</script>")
        response = site_client().get("/search/?q=lighthouse")
        graph = JsonLdGraph.from_response(response)
        (page,) = graph.of_type("SearchResultsPage")
        names = [item["name"] for item in graph.resolve(page["mainEntity"])["itemListElement"]]
        self.assertIn("Lighthouse </script><script>alert(1)</script>", names)
        self.assertNotContains(response, "<script>alert(1)")

    def test_each_language_has_its_search_page(self):
        for prefix, language in (("/fr", "fr"), ("/es", "es"), ("", "en")):
            response = site_client().get(f"{prefix}/search/?q=lighthouse")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(lxml.html.fromstring(response.content).get("lang"), language)
            self.assertEqual(
                JsonLdGraph.from_response(response).of_type("SearchResultsPage")[0]["inLanguage"], language
            )

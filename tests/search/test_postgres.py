"""PostgreSQL's full-text search: each language stemmed as its own, and the standfirst weighed.

Skipped unless DATABASE_URL names a PostgreSQL database (the SQLite run covers the rest).
"""

from __future__ import annotations

import lxml.html
from django.test import TestCase

from search.backends import LanguagePostgresSearchBackend
from tests.search.conftest import build_newsroom, on_postgres, site_client
from tests.support.builders import make_article, paragraph, translate_site

pytestmark = on_postgres


def headlines(response) -> list[str]:
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    return [link.text_content() for link in tree.cssselect(".search-result__headline a")]


class PostgresSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_newsroom()
        french = translate_site(cls.tree, "fr")
        spanish = translate_site(cls.tree, "es")
        cls.french = make_article(
            french.section, "Les élections municipales approchent", standfirst="Les candidats se déclarent."
        )
        cls.spanish = make_article(spanish.section, "Las elecciones del puerto", standfirst="Los barcos votan.")
        section = cls.tree.sections[1]
        cls.in_body = make_article(
            section,
            "Weekend round-up",
            standfirst="Notes from the week.",
            body=[paragraph("<p>The orchestra tuned up by the quay.</p>")],
        )
        cls.in_standfirst = make_article(section, "Concert news", standfirst="The orchestra returns.")

    def test_the_backend_stems_each_language(self):
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        self.assertIsInstance(backend, LanguagePostgresSearchBackend)
        self.assertEqual(backend.config_for_language("fr"), "newsroom_french")
        self.assertEqual(backend.for_languages(["fr", "en"]).config, ("newsroom_french", "newsroom_english"))

    def test_a_french_plural_matches_the_singular(self):
        self.assertEqual(self.french.language, "fr")
        self.assertEqual(headlines(site_client().get("/fr/search/?q=élection")), [self.french.title])
        self.assertEqual(headlines(site_client().get("/search/?q=élection&language=fr")), [self.french.title])
        self.assertEqual(headlines(site_client().get("/fr/search/?q=candidat")), [self.french.title])

    def test_accents_are_ignored_as_sqlite_ignores_them(self):
        # Typed without accents, or with them where the story has none (search/migrations/0001_...).
        self.assertEqual(headlines(site_client().get("/fr/search/?q=elections")), [self.french.title])
        self.assertEqual(headlines(site_client().get("/es/search/?q=eleccion&language=es")), [self.spanish.title])
        self.assertEqual(headlines(site_client().get("/search/?q=orchéstra")), ["Concert news", "Weekend round-up"])

    def test_a_spanish_plural_matches_the_singular(self):
        self.assertEqual(headlines(site_client().get("/es/search/?q=elección&language=es")), [self.spanish.title])

    def test_english_stemming_still_applies_to_english_articles(self):
        self.assertEqual(headlines(site_client().get("/search/?q=retiring+keepers")), ["Lighthouse keeper retires"])

    def test_a_search_reads_the_index_of_what_the_backend_matches(self):
        # search/migrations/0002: a GIN index on (title || body), the expression the backend matches.
        from django.db import connection
        from wagtail.search.models import IndexEntry

        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: ask whether the index can serve
            cursor.execute(
                f"EXPLAIN SELECT id FROM {IndexEntry._meta.db_table} "  # noqa: S608
                "WHERE (title || body) @@ plainto_tsquery('newsroom_english', 'orchestra')"
            )
            plan = " ".join(row[0] for row in cursor.fetchall())
        self.assertIn("search_indexentry_title_body", plan)

    def test_a_standfirst_match_ranks_above_a_body_match(self):
        self.assertEqual(headlines(site_client().get("/search/?q=orchestra")), ["Concert news", "Weekend round-up"])

    def test_the_paid_part_is_not_in_the_index(self):
        self.assertEqual(headlines(site_client().get("/search/?q=zeppelin")), [])
        self.assertEqual(headlines(site_client().get("/search/?q=operator")), ["Inside the ferry contract"])

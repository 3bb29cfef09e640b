"""``manage.py export_structured_data``: formats, bad input, atomic output, queries per batch."""

from __future__ import annotations

import io
import json
import os
import stat
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleType
from structured_data.models import PublisherSettings, StoredGraph
from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_structured_data", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class ExportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Local", "Opinion"))
        PublisherSettings.objects.create(site=cls.tree.site, name="The Test Ledger", logo=make_image("Logo", 300, 300))
        cls.authors = [make_author(f"Writer {i}", photo=make_image(f"Portrait {i}", 300, 300)) for i in range(3)]
        photo = make_image("Harbor", 1600, 1200, caption="The harbor.", credit="Ledger")
        cls.articles = [
            make_article(cls.tree.section, f"Story {i}", authors=[cls.authors[i % 3], cls.authors[(i + 1) % 3]],
                         lead_image=photo, body=[paragraph("<p>Words here.</p>"), image_block(photo, "Body")])
            for i in range(4)
        ]  # fmt: skip
        for article in cls.articles[:2]:
            article.tags.add("Harbor", "Ferries")
            article.save_revision().publish()
        cls.opinion = make_article(
            cls.tree.sections[1], "A view", authors=cls.authors[:1], article_type=ArticleType.OPINION
        )

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(lambda: [os.unlink(os.path.join(self.dir, f)) for f in os.listdir(self.dir)])

    def test_ndjson_one_graph_a_line(self):
        lines = run("--format", "ndjson").splitlines()
        graphs = [json.loads(line) for line in lines]
        self.assertTrue(all(graph["@context"] == "https://schema.org" for graph in graphs))
        # home, 2 sections, the authors index, 5 articles
        self.assertEqual(len(graphs), 9)

    def test_jsonld_one_document_each_node_once_one_person_per_author(self):
        document = json.loads(run("--format", "jsonld"))
        ids = [node["@id"] for node in document["@graph"]]
        self.assertEqual(len(ids), len(set(ids)))
        people = [node for node in document["@graph"] if node["@type"] == "Person"]
        self.assertEqual(sorted(p["name"] for p in people), ["Writer 0", "Writer 1", "Writer 2"])
        self.assertEqual(len([n for n in document["@graph"] if n["@type"] == "NewsMediaOrganization"]), 1)

    def test_export_and_endpoint_give_the_same_graph(self):
        exported = {json.loads(line)["@graph"][0].get("url"): json.loads(line) for line in run().splitlines()}
        for article in self.articles[:3]:
            served = json.loads(self.client.get(article.url, HTTP_ACCEPT="application/ld+json").content)
            self.assertEqual(exported[article.get_full_url()], served)

    def test_type_filter_and_subtypes(self):
        def types(*args):
            return {json.loads(line)["@graph"][0]["@type"] for line in run(*args).splitlines()}

        self.assertEqual(types("--type", "OpinionNewsArticle"), {"OpinionNewsArticle"})
        self.assertEqual(types("--type", "NewsArticle"), {"NewsArticle", "OpinionNewsArticle"})

    def test_since(self):
        self.assertEqual(run("--since", "2999-01-01"), "")
        # The articles: the tree's other pages were never published (no last_published_at).
        self.assertEqual(len(run("--since", "2000-01-01T00:00:00+00:00").splitlines()), 5)

    def test_writes_the_file_atomically_with_normal_permissions(self):
        path = Path(self.dir) / "export.ndjson"
        path.write_text("previous\n")
        run("--output", str(path))
        self.assertEqual(len(path.read_text().splitlines()), 9)
        self.assertEqual(os.listdir(self.dir), ["export.ndjson"])
        self.assertTrue(stat.S_IMODE(path.stat().st_mode) & stat.S_IRGRP)

    def test_failure_leaves_the_previous_file_and_no_temporary_file(self):
        path = Path(self.dir) / "export.ndjson"
        path.write_text("previous\n")
        StoredGraph.objects.all().delete()  # stored when published: the export builds them again
        with (
            mock.patch("articles.schema.ArticleSchema.keywords", side_effect=RuntimeError("boom")),
            self.assertRaisesMessage(CommandError, "boom") as caught,
        ):
            run("--output", str(path))
        self.assertEqual(caught.exception.returncode, 1)
        self.assertEqual(path.read_text(), "previous\n")
        self.assertEqual(os.listdir(self.dir), ["export.ndjson"])

    def test_bad_input_exits_2_without_writing(self):
        path = Path(self.dir) / "out.jsonld"
        cases = {
            "--since": ["--since", "notadate"],
            "--since out of range": ["--since", "2024-13-45"],
            "--site": ["--site", "nowhere.example"],
            "--type": ["--type", "Recipe"],
            "unwritable": ["--output", "/proc/no/such/dir/out.jsonld"],
            "directory": ["--output", self.dir],
        }
        for name, args in cases.items():
            with self.subTest(name):
                full = args if "--output" in args else [*args, "--output", str(path)]
                with self.assertRaises(CommandError) as caught:
                    run(*full)
                self.assertEqual(caught.exception.returncode, 2)
                self.assertTrue(str(caught.exception))
                self.assertEqual(os.listdir(self.dir), [])

    def test_exit_status_from_the_shell(self):
        import subprocess
        import sys

        result = subprocess.run(
            [sys.executable, "manage.py", "export_structured_data", "--since", "notadate"],
            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test"}, check=False,
        )  # fmt: skip
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("--since 'notadate' is not a date", result.stderr)


class ExportQueryTests(TestCase):
    """Queries are a constant per batch: 10 and 30 pages in batches of 5 differ by 4 batches' worth."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Local",))
        PublisherSettings.objects.create(site=cls.tree.site, name="The Test Ledger")
        cls.authors = [make_author(f"Writer {i}", photo=make_image(f"Portrait {i}", 200, 200)) for i in range(4)]
        cls.photos = [make_image(f"Photo {i}", 1300, 900) for i in range(4)]

    def add_articles(self, count: int, start: int):
        for i in range(start, start + count):
            make_article(
                self.tree.section, f"Story {i}", authors=[self.authors[i % 4], self.authors[(i + 1) % 4]],
                lead_image=self.photos[i % 4],
                body=[paragraph("<p>Text.</p>"), image_block(self.photos[(i + 1) % 4], "Cap", "Credit")],
            )  # fmt: skip

    def queries(self) -> int:
        run("--format", "jsonld")  # renditions exist and the site-wide nodes are cached
        with CaptureQueriesContext(connection) as captured:
            run("--format", "jsonld")
        return len(captured)

    @override_settings(STRUCTURED_DATA={"EXPORT_BATCH_SIZE": 5})
    def test_queries_per_batch_are_constant(self):
        self.add_articles(7, 0)  # + home, section, authors index = 10 pages, 2 batches
        ten = self.queries()
        self.add_articles(20, 7)  # 30 pages, 6 batches
        thirty = self.queries()
        per_batch = (thirty - ten) / 4
        self.assertLessEqual(per_batch, 15, (ten, thirty))
        self.assertEqual((thirty - ten) % 4, 0, (ten, thirty))
        self.assertLessEqual(ten, 2 * per_batch + 15)

"""A renamed author or tag: the articles carrying it are found by the new name, not the old one.

With the real search backend (SQLite's FTS5 here, PostgreSQL's full-text search when DATABASE_URL
names one) and the project's task queue: Django's immediate backend runs the tasks once the rename
commits, as development does; the dummy backend keeps them queued, to look at them and to run
them later, as a worker would.
"""

from __future__ import annotations

import lxml.html
from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django_tasks import task_backends
from taggit.models import Tag

from search.reindex import reindex
from search.tasks import reindex_articles, reindex_renamed
from tests.search.conftest import build_newsroom, page_cache_settings, site_client
from tests.support.builders import make_article, make_image

QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def headlines(response) -> set[str]:
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    return {link.text_content() for link in tree.cssselect(".search-result__headline a")}


class RenameTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_newsroom()
        cls.rita_drafts = make_article(
            cls.tree.sections[0], "Unpublished harbor notes", authors=[cls.tree.rita], publish=False
        )

    def setUp(self):
        self.client = site_client()

    def search(self, words: str) -> set[str]:
        return headlines(self.client.get("/search/", {"q": words}))

    def queued(self) -> list:
        """The re-index tasks queued (Wagtail's own index task for the author itself is queued too)."""
        ours = {reindex_renamed.name, reindex_articles.name}
        return [result for result in task_backends["default"].results if result.task.name in ours]

    def test_a_renamed_author_is_found_by_the_new_name_only(self):
        rita_stories = {self.tree.headline.title, self.tree.gated.title}
        self.assertEqual(self.search("alvarez"), rita_stories)
        self.assertEqual(self.search("okafor"), set())
        self.tree.rita.name = "Rita Okafor"
        with self.captureOnCommitCallbacks(execute=True):
            self.tree.rita.save()
        self.assertEqual(self.search("okafor"), rita_stories)
        self.assertEqual(self.search("alvarez"), set())
        self.assertEqual(self.search("becker"), {self.tree.body_only.title, self.tree.captioned.title})

    def test_a_renamed_tag_is_found_by_the_new_name_only(self):
        self.assertEqual(self.search("sailing"), {self.tree.captioned.title})
        tag = Tag.objects.get(name="sailing")
        tag.name = "yachting"
        with self.captureOnCommitCallbacks(execute=True):
            tag.save()
        self.assertEqual(self.search("yachting"), {self.tree.captioned.title})
        self.assertEqual(self.search("sailing"), set())

    def test_a_deleted_tag_is_no_longer_found_once_the_deletion_commits(self):
        self.assertEqual(self.search("sailing"), {self.tree.captioned.title})
        with self.settings(TASKS=QUEUED):
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                Tag.objects.get(name="sailing").delete()
            self.assertEqual(self.queued(), [])  # nothing before the commit
            for callback in callbacks:
                callback()
            [queued] = self.queued()
            self.assertEqual(queued.args, [[self.tree.captioned.pk]])
        reindex_articles.call(*queued.args)
        self.assertEqual(self.search("sailing"), set())
        self.assertEqual(self.search(self.tree.captioned.title), {self.tree.captioned.title})

    def test_only_a_name_change_enqueues_work_and_only_once_committed(self):
        with self.settings(TASKS=QUEUED):
            self.tree.tom.job_title = "Sports desk"
            with self.captureOnCommitCallbacks(execute=True):
                self.tree.tom.save()
            self.assertEqual(self.queued(), [])
            tag = Tag.objects.get(name="sailing")
            with self.captureOnCommitCallbacks(execute=True):
                tag.save()  # saved as it was
            self.assertEqual(self.queued(), [])
            self.tree.tom.name = "TOM  becker"  # the same words to every backend
            with self.captureOnCommitCallbacks(execute=True):
                self.tree.tom.save()
            self.assertEqual(self.queued(), [])
            self.tree.tom.name = "Tom Baker"
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                self.tree.tom.save()
            self.assertEqual(self.queued(), [])  # nothing until the rename commits
            for callback in callbacks:
                callback()
            [planned] = self.queued()
            self.assertEqual((planned.task.name, planned.args), (reindex_renamed.name, ["author", self.tree.tom.pk]))

    def test_the_articles_are_indexed_in_batches_of_live_ones(self):
        with self.settings(TASKS=QUEUED, SITE_SEARCH={**getattr(settings, "SITE_SEARCH", {}), "REINDEX_BATCH_SIZE": 1}):
            self.tree.rita.name = "Rita Okafor"
            with self.captureOnCommitCallbacks(execute=True):
                self.tree.rita.save()
            [planned] = self.queued()
            task_backends["default"].clear()
            self.assertEqual(planned.task.call(*planned.args), 2)
            batches = self.queued()
            self.assertEqual({result.task.name for result in batches}, {reindex_articles.name})
            # One article per task, the draft left out (only published articles are searched).
            self.assertEqual(
                sorted(result.args[0] for result in batches),
                sorted([[self.tree.headline.pk], [self.tree.gated.pk]]),
            )
            self.assertEqual(self.search("okafor"), set())  # queued, not yet run
            for result in batches:
                self.assertEqual(result.task.call(*result.args), 1)
            self.assertEqual(self.search("okafor"), {self.tree.headline.title, self.tree.gated.title})

    def test_searches_cached_before_the_index_caught_up_are_purged(self):
        """The rename's own purge comes at its commit, before a worker indexes the articles: a search for
        the new name cached in between would stay empty; each batch purges the search pages again."""
        with self.settings(TASKS=QUEUED, **page_cache_settings(settings, POPULAR_AFTER=1)):
            self.tree.rita.name = "Rita Okafor"
            with self.captureOnCommitCallbacks(execute=True):
                self.tree.rita.save()
            self.assertEqual(self.search("okafor"), set())
            self.assertEqual(self.client.get("/search/?q=okafor")["X-Page-Cache"], "hit")  # kept, and empty
            [planned] = self.queued()
            task_backends["default"].clear()
            planned.task.call(*planned.args)
            for result in self.queued():
                with self.captureOnCommitCallbacks(execute=True):
                    result.task.call(*result.args)
            response = self.client.get("/search/?q=okafor")
            self.assertEqual(response["X-Page-Cache"], "miss")
            self.assertEqual(headlines(response), {self.tree.headline.title, self.tree.gated.title})


class BatchQueryTests(TestCase):
    def test_a_batch_reads_its_articles_in_the_same_queries_whatever_its_size(self):
        """Byline, tags, section and lead photo are read for the whole batch: a batch of 500 costs
        the reads of a batch of 2 (the backend then writes each entry its own way)."""
        tree = build_newsroom()
        ids = []
        for number in range(5):
            article = make_article(
                tree.sections[0], f"Tide table {number}", authors=[tree.rita], lead_image=make_image(f"Tide {number}")
            )
            article.tags.add(f"tide-{number}", "tides")
            article.save_revision().publish()
            ids.append(article.pk)

        def reads(page_ids: list[int]) -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(reindex(page_ids), len(page_ids))
            return sum(
                query["sql"].lstrip().upper().startswith("SELECT") and "indexentry" not in query["sql"]
                for query in queries.captured_queries
            )

        self.assertEqual(reads(ids[:2]), reads(ids))

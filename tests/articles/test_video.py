"""Videos: YouTube and Vimeo embeds become VideoObjects; providers that answer nothing are form errors."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import rich_text, streamfield

from articles.models import ArticlePage
from articles.video import iso_duration
from structured_data.editor import check_live
from tests.support.builders import make_image, paragraph
from tests.support.checker_site import build_checked_site
from tests.support.forms import article_form_data
from tests.support.html import parse
from tests.support.jsonld import JsonLdGraph

YOUTUBE = "https://www.youtube.com/watch?v=harbor00001"
VIMEO = "https://vimeo.com/700000001"
UNKNOWN = "https://www.youtube.com/watch?v=nobodyknows"


def body_errors(response) -> dict[int, dict[str, list[str]]]:
    """The editor's StreamField errors, by block index and field, as the admin's JavaScript receives them."""
    (error,) = response.context["form"].errors.as_data()["body"]
    return {
        index: {name: found["messages"] for name, found in child["blockErrors"].items()}
        for index, child in error.as_json_data()["blockErrors"].items()
    }


def video(url: str, **fields) -> tuple:
    value = {"video": url, "title": "", "description": "", "upload_date": datetime.date(2026, 11, 30)}
    value.update({"duration": "", "thumbnail": None, **fields})
    return ("video", value)


class VideoTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_checked_site()
        cls.article = ArticlePage.objects.get(pk=cls.tree.articles[0].pk)

    def publish_body(self, *blocks):
        article = ArticlePage.objects.get(pk=self.article.pk)
        article.body = [paragraph("<p>The ferry board voted on Tuesday.</p>"), *blocks]
        article.save_revision().publish()
        return ArticlePage.objects.get(pk=article.pk)

    def test_video_block_becomes_a_video_object_in_the_graph_and_the_article(self):
        article = self.publish_body(
            video(YOUTUBE, description="The dredge at work in the inner harbor.", duration="4:05")
        )
        response = self.client.get(article.url)
        doc = parse(response)
        (iframe,) = doc.cssselect("figure.video iframe")
        assert iframe.get("src") == "https://www.youtube.com/embed/harbor00001?feature=oembed"
        graph = JsonLdGraph.from_response(response)
        (node,) = graph.of_type("VideoObject")
        assert graph.resolve(graph.one("NewsArticle")["video"]) == [node]
        assert node["name"] == "Dredging the inner harbor, from the pilot boat"  # the provider's title
        assert node["description"] == "The dredge at work in the inner harbor."
        assert node["thumbnailUrl"] == "https://i.ytimg.com/vi/harbor00001/hqdefault.jpg"
        assert node["uploadDate"] == "2026-11-30"
        assert node["duration"] == "PT4M5S"
        assert node["embedUrl"] == "https://www.youtube.com/embed/harbor00001?feature=oembed"
        assert check_live(article).errors == []

    def test_editor_values_replace_the_providers(self):
        thumbnail = make_image("Dredge still", 1280, 720)
        article = self.publish_body(video(VIMEO, title="Rowing the peapod", thumbnail=thumbnail, duration="1:02:03"))
        graph = JsonLdGraph.from_response(self.client.get(article.url))
        node = graph.one("VideoObject")
        assert node["name"] == "Rowing the peapod"
        assert node["thumbnailUrl"].startswith("http://localhost/") and "dredge-still" in node["thumbnailUrl"]
        assert node["duration"] == "PT1H2M3S"
        assert node["embedUrl"] == "https://player.vimeo.com/video/700000001?dnt=1"

    def test_a_plain_embed_of_a_video_becomes_a_video_object_with_what_the_provider_gives(self):
        article = self.publish_body(("embed", VIMEO))
        node = JsonLdGraph.from_response(self.client.get(article.url)).one("VideoObject")
        assert node["name"] == "The peapod's first row"
        assert node["thumbnailUrl"] == "https://i.vimeocdn.com/video/700000001-d_640.jpg"
        assert "uploadDate" not in node  # the provider does not say; the Video block asks the editor

    def test_durations(self):
        assert iso_duration("4:05") == "PT4M5S"
        assert iso_duration("1:00:00") == "PT1H"
        assert iso_duration("PT30S") == "PT30S"
        assert iso_duration("") == ""
        for bad in ("4:75", "four minutes", "1:61:00"):
            try:
                iso_duration(bad)
            except ValueError:
                continue
            raise AssertionError(f"{bad!r} was accepted")

    # Bad input in the editor ------------------------------------------------------------------

    def post_body(self, *blocks):
        user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")
        self.client.force_login(user)
        data = article_form_data(self.article, body=streamfield([("paragraph", rich_text("<p>Text.</p>")), *blocks]))
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[self.article.pk]), data)

    def form_video(self, url: str, **fields) -> tuple:
        value = {"video": url, "title": "", "description": "", "upload_date": "2026-11-30", "duration": ""}
        value.update({"thumbnail": "", **fields})
        return ("video", value)

    def test_a_provider_that_answers_nothing_is_a_clear_error(self):
        revisions = self.article.revisions.count()
        response = self.post_body(self.form_video(UNKNOWN))
        assert response.status_code == 200
        assert body_errors(response) == {1: {"video": ["Cannot find an embed for this URL."]}}
        assert self.article.revisions.count() == revisions

    def test_a_video_with_no_thumbnail_anywhere_or_a_bad_duration_is_refused(self):
        revisions = self.article.revisions.count()
        response = self.post_body(self.form_video("https://vimeo.com/700000002", duration="ten minutes"))
        assert response.status_code == 200
        assert body_errors(response) == {
            1: {
                "duration": ["'ten minutes' is not a duration like 4:05 or 1:02:03."],
                "thumbnail": ["The provider gives no thumbnail: choose one."],
            }
        }
        assert self.article.revisions.count() == revisions

    def test_a_good_video_saves(self):
        response = self.post_body(self.form_video(YOUTUBE, duration="2:30"))
        assert response.status_code == 302
        revision = ArticlePage.objects.get(pk=self.article.pk).get_latest_revision_as_object()
        (block,) = [block for block in revision.body if block.block_type == "video"]
        assert block.value["video"].url == YOUTUBE

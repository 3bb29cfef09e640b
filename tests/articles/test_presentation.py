"""Search and social presentation: overrides in the page's head, hints in the editor, previews beside the JSON-LD."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from articles.models import ArticlePage
from structured_data.editor import PREVIEW_MODE, check_live
from structured_data.presentation import BREADCRUMB_SEPARATOR, read_presentation, shorten
from tests.support.builders import make_image
from tests.support.checker_site import build_checked_site
from tests.support.html import parse, text


def meta(doc, key: str) -> list[str]:
    return doc.xpath("//head/meta[@property=$key or @name=$key]/@content", key=key)


class PresentationTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_checked_site()
        cls.article = cls.tree.articles[0]
        cls.card = make_image("Ferry card", 1600, 1000, caption="The ferry, for sharing.")
        cls.user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")

    def test_without_overrides_the_card_follows_the_json_ld(self):
        doc = parse(self.client.get(self.article.url))
        assert doc.findtext(".//title") == "Ferry fares rise in June | The Test Ledger"
        assert meta(doc, "og:title") == [self.article.title]
        assert meta(doc, "description") == [self.article.standfirst]  # the standfirst when none is given

    def test_overrides_replace_title_description_and_card(self):
        ArticlePage.objects.filter(pk=self.article.pk).update(
            seo_title="Ferry fares: what the June rise means",
            search_description="Fares rise by two dollars on June 1.",
            social_title="Your ferry ticket is about to cost more",
            social_description="Two dollars more from June 1.",
            social_image=self.card,
        )
        article = ArticlePage.objects.get(pk=self.article.pk)
        doc = parse(self.client.get(article.url))
        assert doc.findtext(".//title") == "Ferry fares: what the June rise means | The Test Ledger"
        assert meta(doc, "description") == ["Fares rise by two dollars on June 1."]
        assert meta(doc, "og:title") == meta(doc, "twitter:title") == ["Your ferry ticket is about to cost more"]
        assert meta(doc, "og:description") == ["Two dollars more from June 1."]
        (image,) = meta(doc, "og:image")
        assert "ferry-card" in image and image.startswith("http://localhost/")
        assert meta(doc, "og:image:width") == ["1200"] and meta(doc, "og:image:height") == ["630"]
        assert meta(doc, "twitter:image") == [image]
        assert check_live(article).errors == []  # a social title differing from the headline is allowed

    def test_editor_shows_length_hints(self):
        self.client.force_login(self.user)
        doc = parse(self.client.get(reverse("wagtailadmin_pages:edit", args=[self.article.pk])))
        hints = {field.get("name"): field.get("data-length-hint") for field in doc.xpath("//*[@data-length-hint]")}
        assert hints == {
            "seo_title": "60",
            "search_description": "155",
            "social_title": "70",
            "social_description": "200",
        }
        assert doc.xpath("//script[contains(@src, 'articles/length_hints.js')]")

    def test_preview_mode_shows_search_result_and_social_card_beside_the_json_ld(self):
        self.client.force_login(self.user)
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.article.pk])
        data = querydict_from_html(self.client.get(edit_url).content.decode(), form_id="page-edit-form")
        data.setdefault("body-count", "0")
        data["seo_title"] = "A draft SEO title for the ferry fares story that is far too long to fit"
        data["social_title"] = "Draft card title"
        data["social_image"] = str(self.card.pk)
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.article.pk])
        assert self.client.post(preview_url, data).json()["is_valid"]
        doc = parse(self.client.get(preview_url, {"mode": PREVIEW_MODE}))
        (result,) = doc.cssselect(".search-preview")
        title = text(result.cssselect(".search-preview__title")[0])
        assert title.endswith("…") and len(title) <= 60
        assert title.startswith("A draft SEO title for the ferry fares story")
        assert text(result.cssselect(".search-preview__url")[0]).startswith("http://localhost")
        (card,) = doc.cssselect(".social-card")
        assert text(card.cssselect(".social-card__title")[0]) == "Draft card title"
        assert "ferry-card" in card.cssselect("img")[0].get("src")
        hints = [text(li) for li in doc.cssselect(".presentation-hints li")]
        assert any(hint.startswith("The title has") for hint in hints)
        assert doc.cssselect("pre.json-ld") and doc.cssselect(".summary")  # the JSON-LD and its check too

    def test_read_presentation_and_shorten(self):
        html = (
            "<html><head><title>Short</title><link rel='canonical' href='https://ledger.example/local/ferry/'>"
            "<meta property='og:title' content='Card'><meta property='og:site_name' content='The Ledger'></head></html>"
        )
        found = read_presentation(html, "http://localhost/")
        assert found.display_url.split(BREADCRUMB_SEPARATOR) == ["https://ledger.example", "local", "ferry"]
        assert (found.card_title, found.card_site, found.card_image) == ("Card", "The Ledger", "")
        assert "The social card has no image." in found.hints
        assert shorten("one two three four", 10) == "one two…"

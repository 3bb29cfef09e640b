"""Subscriber-only and metered articles: full text for search engines, gated by CSS and JS for readers."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from lxml.cssselect import CSSSelector
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import rich_text, streamfield

from articles.models import AccessSettings, ArticlePage, WallKind
from articles.models.paywall import GATED_SELECTOR
from structured_data.checker.selectors import css_selector_issues
from structured_data.editor import check_live
from tests.support.builders import paragraph
from tests.support.checker_site import build_checked_site
from tests.support.forms import article_form_data
from tests.support.html import parse, text
from tests.support.jsonld import JsonLdGraph
from tests.support.newsletter import make_newsletter

PARAGRAPHS = [f"Paragraph number {n} of the inquiry into the harbor dredging contract." for n in range(1, 6)]


class PaywallTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_checked_site()
        cls.article = ArticlePage.objects.get(pk=cls.tree.articles[0].pk)
        cls.article.body = [paragraph(f"<p>{p}</p>") for p in PARAGRAPHS]
        cls.article.access = "subscribers"
        cls.article.free_paragraphs = 2
        cls.article.save_revision().publish()
        settings = AccessSettings.for_site(cls.tree.site)
        settings.subscribe_url = "https://ledger.example/subscribe/"
        settings.save()
        cls.free = cls.tree.articles[1]

    def test_full_text_is_in_the_html_with_the_gated_part_marked(self):
        response = self.client.get(self.article.url)
        doc = parse(response)
        body = doc.cssselect(".article__body")[0]
        assert [text(p) for p in body.iter("p") if text(p) in PARAGRAPHS] == PARAGRAPHS  # every word, in order
        (gated,) = CSSSelector(GATED_SELECTOR)(doc)
        assert [text(p) for p in gated.iter("p")] == PARAGRAPHS[2:]
        (prompt,) = doc.cssselect("[data-paywall]")
        assert prompt.get("data-nosnippet") is not None
        assert prompt.cssselect("a.paywall__button")[0].get("href") == "https://ledger.example/subscribe/"
        assert prompt.getnext() is gated  # the prompt stands where the free part ends

    def test_json_ld_says_not_free_and_points_at_the_gated_element(self):
        response = self.client.get(self.article.url)
        article = JsonLdGraph.from_response(response).one("NewsArticle")
        assert article["isAccessibleForFree"] is False
        part = article["hasPart"]
        assert part["@type"] == "WebPageElement" and part["isAccessibleForFree"] is False
        assert len(CSSSelector(part["cssSelector"])(parse(response))) == 1
        result = check_live(self.article)
        assert result.errors == [], result.errors

    def test_the_script_gets_its_settings_from_the_html_not_from_the_reader(self):
        doc = parse(self.client.get(self.article.url))
        (script,) = doc.xpath("//head/script[contains(@src, 'paywall.js')]")
        assert script.get("data-access") == "subscribers"
        assert script.get("data-wall") == "subscribe"
        assert script.get("data-days") == "30"
        # The same HTML whoever asks (so any cache may keep it): no cookie, no per-reader value.
        other = self.client_class()
        other.cookies["newsroom_subscriber"] = "1"
        assert other.get(self.article.url).content == self.client.get(self.article.url).content

    def test_a_free_article_is_marked_free_with_no_gate(self):
        response = self.client.get(self.free.url)
        doc = parse(response)
        assert not CSSSelector(GATED_SELECTOR)(doc) and not doc.cssselect("[data-paywall]")
        assert not doc.xpath("//script[contains(@src, 'paywall.js')]")
        article = JsonLdGraph.from_response(response).one("NewsArticle")
        assert article["isAccessibleForFree"] is True and "hasPart" not in article

    def test_metered_article_is_gated_the_same_way(self):
        ArticlePage.objects.filter(pk=self.article.pk).update(access="metered")
        response = self.client.get(self.article.url)
        doc = parse(response)
        (script,) = doc.xpath("//script[contains(@src, 'paywall.js')]")
        assert script.get("data-access") == "metered" and script.get("data-allowance") == "5"
        assert JsonLdGraph.from_response(response).one("NewsArticle")["isAccessibleForFree"] is False

    def test_registration_wall_shows_the_newsletter_signup(self):
        make_newsletter(site=self.tree.site, heading="The Morning Ledger")
        AccessSettings.objects.filter(site=self.tree.site).update(wall=WallKind.REGISTER)
        doc = parse(self.client.get(self.article.url))
        (prompt,) = doc.cssselect("[data-paywall]")
        forms = prompt.xpath(".//form[contains(@action, '/newsletter/')]")
        assert forms and forms[0].xpath(".//input[@type='email']")
        assert doc.xpath("//script[contains(@src, 'paywall.js')]")[0].get("data-wall") == "register"

    # Bad input --------------------------------------------------------------------------------

    def test_editor_gets_an_error_when_nothing_would_be_gated(self):
        user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")
        self.client.force_login(user)
        revisions = self.article.revisions.count()
        data = article_form_data(
            self.article,
            body=streamfield([("paragraph", rich_text("<p>Only one paragraph.</p>"))]),
            access="subscribers",
        )
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.article.pk]), data)
        assert response.status_code == 200
        assert "its cssSelector would match nothing on the page" in text(parse(response))
        assert self.article.revisions.count() == revisions

    def test_selector_check_reports_unmatched_and_invalid_selectors(self):
        html = '<html><body><div class="article__gated">x</div></body></html>'
        data = [{"@graph": [{"@type": "NewsArticle", "hasPart": [
            {"@type": "WebPageElement", "cssSelector": ".article__gated"},
            {"@type": "WebPageElement", "cssSelector": ".paywalled-nowhere"},
            {"@type": "WebPageElement", "cssSelector": "div[["},
        ]}]}]  # fmt: skip
        issues = css_selector_issues(html, data)
        assert [(issue.code, issue.path) for issue in issues] == [
            ("css-selector-unmatched", "NewsArticle.hasPart[1].cssSelector"),
            ("css-selector-invalid", "NewsArticle.hasPart[2].cssSelector"),
        ]
        assert all(issue.severity == "error" for issue in issues)

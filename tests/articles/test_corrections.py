"""Corrections: the article's log, its JSON-LD, the editor's checks, the corrections page and its feed."""

from __future__ import annotations

import datetime

import lxml.etree
from django.contrib.auth import get_user_model
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from articles.models import ArticleCorrection, ArticlePage, CorrectionsPage
from structured_data.editor import check_live
from structured_data.models import PolicyKind, PublisherPolicy, PublisherSettings
from structured_data.values import iso_datetime
from tests.support.builders import make_article, paragraph
from tests.support.checker_site import build_checked_site
from tests.support.html import parse, text
from tests.support.jsonld import JsonLdGraph


def add_correction(article: ArticlePage, when: datetime.datetime, text: str, kind: str = "correction") -> None:
    """Correct ``article`` the way an editor does: a new revision with one more correction, published."""
    article = ArticlePage.objects.get(pk=article.pk)
    article.corrections.add(ArticleCorrection(kind=kind, date=when, text=text))
    article.save_revision().publish()


class CorrectionsTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_checked_site()
        two_days_ago = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
        ArticlePage.objects.update(
            first_published_at=two_days_ago, listing_date=Coalesce("publication_date", Value(two_days_ago))
        )
        cls.article = ArticlePage.objects.get(pk=cls.tree.articles[0].pk)
        cls.published = cls.article.first_published_at
        cls.corrections_page = cls.tree.home.add_child(
            instance=CorrectionsPage(title="Corrections", slug="corrections", intro="We correct errors promptly.")
        )
        cls.user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")

    def correct(self, minutes: int, text: str, kind: str = "correction") -> None:
        add_correction(self.article, self.published + datetime.timedelta(minutes=minutes), text, kind)

    def test_corrected_article_shows_note_log_and_json_ld(self):
        self.correct(90, "An earlier version gave the fare as $12. It is $14.")
        self.correct(30, "The vote was on Tuesday, not Monday.", kind="clarification")
        response = self.client.get(self.article.url)
        doc = parse(response)
        note = doc.cssselect(".article__header .correction-note")
        assert [text(n) for n in note] == ["This article has been corrected and clarified."]
        assert note[0].cssselect("a")[0].get("href") == "#corrections"
        foot = doc.cssselect("#corrections .correction")
        assert [text(item.cssselect(".correction__text")[0]) for item in foot] == [
            "The vote was on Tuesday, not Monday.",  # oldest first, whatever order they were added in
            "An earlier version gave the fare as $12. It is $14.",
        ]
        assert [item.cssselect(".correction__kind")[0].text for item in foot] == ["Clarification", "Correction"]

        graph = JsonLdGraph.from_response(response)
        article = graph.one("NewsArticle")
        comments = article["correction"]
        assert [comment["@type"] for comment in comments] == ["CorrectionComment", "CorrectionComment"]
        assert comments[1]["text"] == "Correction: An earlier version gave the fare as $12. It is $14."
        assert comments[0]["datePublished"] == iso_datetime(self.published + datetime.timedelta(minutes=30))
        assert article["datePublished"] == iso_datetime(self.published)  # the original stays
        assert article["dateModified"] == iso_datetime(self.published + datetime.timedelta(minutes=90))
        assert check_live(ArticlePage.objects.get(pk=self.article.pk)).errors == []

    def test_uncorrected_article_has_no_note_and_no_correction_property(self):
        response = self.client.get(self.article.url)
        doc = parse(response)
        assert not doc.cssselect(".correction-note") and not doc.cssselect("#corrections")
        assert "correction" not in JsonLdGraph.from_response(response).one("NewsArticle")

    def test_a_draft_correction_stays_out_of_the_page_the_list_and_the_feed(self):
        article = ArticlePage.objects.get(pk=self.article.pk)
        article.corrections.add(ArticleCorrection(date=timezone.now(), text="Not yet approved."))
        article.save_revision()  # saved, not published
        assert not parse(self.client.get(self.article.url)).cssselect("#corrections")
        assert not parse(self.client.get(self.corrections_page.url)).cssselect(".correction")
        feed = lxml.etree.fromstring(self.client.get(reverse("articles:corrections_feed_rss")).content)
        assert feed.findall("channel/item") == []

    def test_corrections_page_lists_visible_articles_newest_first_and_paginates(self):
        self.correct(10, "First fix.")
        self.correct(20, "Second fix.")
        other = self.tree.articles[1]
        add_correction(other, other.first_published_at + datetime.timedelta(minutes=5), "Private fix.")
        PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
        doc = parse(self.client.get(self.corrections_page.url))
        items = doc.cssselect(".corrections-page .correction")
        assert [text(item.cssselect(".correction__text")[0]) for item in items] == ["Second fix.", "First fix."]
        link = items[0].cssselect("a.correction__article")[0]
        assert link.get("href").startswith(self.article.url + "#correction-")
        assert self.client.get(self.corrections_page.url, {"page": "abc"}).status_code == 200
        assert doc.cssselect('link[rel="alternate"][type="application/rss+xml"]')

    def test_corrections_page_paginates(self):
        for minute in range(14):
            self.correct(minute + 1, f"Fix number {minute + 1}.")
        first = parse(self.client.get(self.corrections_page.url))
        second = parse(self.client.get(self.corrections_page.url, {"page": 2}))
        assert len(first.cssselect(".corrections-page .correction")) == 12
        assert [
            text(i.cssselect(".correction__text")[0]) for i in second.cssselect(".corrections-page .correction")
        ] == [
            "Fix number 2.",
            "Fix number 1.",
        ]
        assert first.cssselect(".pagination a[rel=next]")

    def test_feed_lists_corrections_with_links_to_them(self):
        self.correct(15, "The ferry leaves at 7, not 8.")
        response = self.client.get(reverse("articles:corrections_feed_rss"))
        assert response.status_code == 200
        channel = lxml.etree.fromstring(response.content).find("channel")
        assert channel.findtext("link") == self.corrections_page.get_full_url()
        (item,) = channel.findall("item")
        assert item.findtext("title") == f"Correction: {self.article.title}"
        assert item.findtext("description") == "The ferry leaves at 7, not 8."
        assert item.findtext("link").startswith(self.article.get_full_url() + "#correction-")
        # The newsroom signs its corrections (an entry without an author is a feed validator's error).
        creator = item.findtext("{http://purl.org/dc/elements/1.1/}creator")
        assert creator and creator.strip() and creator in channel.findtext("title")  # the publisher's name

    def test_site_feed_dates_the_update_at_the_latest_correction(self):
        self.correct(45, "The ferry leaves at 7, not 8.")
        feed = lxml.etree.fromstring(self.client.get(reverse("articles:feed_atom")).content)
        atom = {"a": "http://www.w3.org/2005/Atom"}
        (entry,) = [
            e for e in feed.findall("a:entry", atom) if e.findtext("a:title", namespaces=atom) == self.article.title
        ]
        updated = datetime.datetime.fromisoformat(entry.findtext("a:updated", namespaces=atom))
        assert updated == self.published + datetime.timedelta(minutes=45)

    def test_corrections_policy_can_point_at_the_corrections_page(self):
        publisher = PublisherSettings.objects.get(site=self.tree.site)
        PublisherPolicy.objects.create(setting=publisher, kind=PolicyKind.CORRECTIONS, page=self.corrections_page)
        graph = JsonLdGraph.from_response(self.client.get(self.article.url))
        organization = graph.one("NewsMediaOrganization")
        assert organization["correctionsPolicy"] == self.corrections_page.get_full_url()

    # The editor ------------------------------------------------------------------------------

    def edit_data(self, **changes):
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.article.pk])
        data = querydict_from_html(self.client.get(edit_url).content.decode(), form_id="page-edit-form")
        data.setdefault("body-count", "0")
        for name, value in changes.items():
            data[name] = value
        return edit_url, data

    def correction_form(self, when: datetime.datetime, text: str) -> dict[str, str]:
        local = timezone.localtime(when)
        return {
            "corrections-TOTAL_FORMS": "1",
            "corrections-INITIAL_FORMS": "0",
            "corrections-0-kind": "correction",
            "corrections-0-date": local.strftime("%Y-%m-%d %H:%M"),
            "corrections-0-text": text,
            "corrections-0-ORDER": "1",
            "corrections-0-id": "",
            "corrections-0-DELETE": "",
        }

    def test_editor_adds_a_correction_as_a_revision(self):
        self.client.force_login(self.user)
        revisions = self.article.revisions.count()
        when = self.published + datetime.timedelta(hours=1)
        edit_url, data = self.edit_data(**self.correction_form(when, "The board has seven members."))
        data["action-publish"] = "action-publish"
        response = self.client.post(edit_url, data)
        assert response.status_code == 302
        assert self.article.revisions.count() == revisions + 1
        revision = ArticlePage.objects.get(pk=self.article.pk).get_latest_revision()
        assert [c["text"] for c in revision.content["corrections"]] == ["The board has seven members."]
        assert list(ArticleCorrection.objects.values_list("text", flat=True)) == ["The board has seven members."]

    def test_a_correction_dated_before_publication_is_refused_with_a_clear_error(self):
        self.client.force_login(self.user)
        revisions = self.article.revisions.count()
        before = self.published - datetime.timedelta(days=1)
        edit_url, data = self.edit_data(**self.correction_form(before, "Too early."))
        response = self.client.post(edit_url, data)
        assert response.status_code == 200  # the form again, not a 500
        page_text = text(parse(response))
        assert "A correction cannot be dated before the article was published" in page_text
        assert self.article.revisions.count() == revisions
        assert not ArticleCorrection.objects.exists()

    def test_a_correction_in_the_future_is_refused(self):
        self.client.force_login(self.user)
        edit_url, data = self.edit_data(**self.correction_form(timezone.now() + datetime.timedelta(days=2), "Later."))
        response = self.client.post(edit_url, data)
        assert response.status_code == 200
        assert "A correction cannot be dated in the future." in text(parse(response))


class CorrectionQueryTests(TestCase):
    """The log at the foot, the note and the JSON-LD read the corrections once, however many there are."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_checked_site()
        for title in ("Corrected once", "Corrected eight times"):
            make_article(cls.tree.section, title, authors=cls.tree.authors, body=[paragraph("<p>Text.</p>")])
        yesterday = timezone.now() - datetime.timedelta(days=1)
        ArticlePage.objects.update(
            first_published_at=yesterday, listing_date=Coalesce("publication_date", Value(yesterday))
        )
        cls.one = ArticlePage.objects.get(slug="corrected-once")
        cls.many = ArticlePage.objects.get(slug="corrected-eight-times")
        cls.corrections_page = cls.tree.home.add_child(
            instance=CorrectionsPage(title="Corrections", slug="corrections")
        )
        add_correction(cls.one, cls.one.first_published_at + datetime.timedelta(minutes=5), "One fix.")
        article = ArticlePage.objects.get(pk=cls.many.pk)
        for minute in range(1, 9):
            when = article.first_published_at + datetime.timedelta(minutes=minute)
            article.corrections.add(ArticleCorrection(date=when, text=f"Fix {minute}."))
        article.save_revision().publish()

    def test_article_queries_do_not_grow_with_corrections(self):
        from tests.support.queries import queries_for

        one = queries_for(self.client, self.one.url, warm=False)
        many = queries_for(self.client, self.many.url, warm=False)
        assert len(parse(self.client.get(self.many.url)).cssselect("#corrections .correction")) == 8
        assert one == many, (one, many)

    def test_corrections_page_queries_do_not_grow_with_corrections(self):
        from tests.support.queries import queries_for

        many = queries_for(self.client, self.corrections_page.url, warm=False)
        ArticleCorrection.objects.filter(page=self.many).delete()
        one = queries_for(self.client, self.corrections_page.url, warm=False)
        assert len(parse(self.client.get(self.corrections_page.url)).cssselect(".corrections-page .correction")) == 1
        assert one == many, (one, many)

"""What the list and each article show: visibility, scope, paywall, filters, cursors, validators, formats."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from structured_data.tests.iptc_validation import validate_newsml, validate_ninjs
from tests.support.builders import make_article, paragraph

from .conftest import LIST, PartnerData, detail_url

NINJS = "application/ninjs+json"
NEWSML = "application/vnd.iptc.g2.newsitem+xml"
NAR = "{http://iptc.org/std/nar/2006-10-01/}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def body_html(item: dict) -> str:
    return item["bodies"][0]["value"]


class ListTest(PartnerData):
    def test_newest_first_valid_ninjs_and_nothing_unpublished(self):
        response = self.get(LIST)
        items = self.items(response)
        for item in items:
            validate_ninjs(item)
        assert [item["headlines"][0]["value"] for item in items] == [
            "Les horaires du ferry changent", "Dredging begins", "Harbor bank opens", "Ferry schedule changes",
        ]  # fmt: skip
        assert json.loads(response.content)["next"] is None
        for hidden in (self.draft, self.restricted, self.embargoed, self.expired):
            assert hidden.title.encode() not in response.content
            assert self.get(detail_url(hidden)).status_code == 404

    def test_a_key_sees_its_sections_only(self):
        assert self.headlines(self.get(LIST, self.local_raw)) == [
            "Les horaires du ferry changent", "Dredging begins", "Ferry schedule changes",
        ]  # fmt: skip
        assert self.get(detail_url(self.bank), self.local_raw).status_code == 404
        response = self.get(LIST, self.local_raw, data={"section": "business"})
        assert response.status_code == 400
        assert "business" in json.loads(response.content)["detail"]["section"]

    def test_subscriber_bodies_only_for_keys_allowed_them(self):
        (cut,) = [item for item in self.items(self.get(LIST)) if item["headlines"][0]["value"] == "Dredging begins"]
        validate_ninjs(cut)
        assert cut["representationtype"] == "partial"
        assert "Work started on Monday." in body_html(cut) and "subscriber-only" not in body_html(cut)
        assert "not licensed" in cut["usageterms"]
        (whole,) = [item for item in self.items(self.get(LIST, self.subscriber_raw)) if item["uri"] == cut["uri"]]
        assert whole["representationtype"] == "full"
        assert "The subscriber-only detail." in body_html(whole) and "More behind the wall." in body_html(whole)
        free = json.loads(self.get(detail_url(self.ferry)).content)
        assert free["representationtype"] == "full"  # a free story is whole for everyone

    def test_cut_stories_cost_the_same_queries_however_many_are_on_the_page(self):
        def cut_page_queries() -> tuple[int, list[dict]]:
            self.get(LIST)  # the first request stores what the new stories' items are read from
            with CaptureQueriesContext(connection) as queries:
                items = self.items(self.get(LIST))
            return len(queries), [item for item in items if item["representationtype"] == "partial"]

        one, (_only,) = cut_page_queries()
        ana = self.paywalled.article_authors.first().author
        for title in ("Dredging ends", "Harbor fees rise"):
            make_article(
                self.local, title, authors=[ana], access="metered", free_paragraphs=1,
                body=[paragraph("<p>What everyone reads.</p>"), paragraph("<p>What subscribers read.</p>")],
            )  # fmt: skip
        three, cuts = cut_page_queries()
        assert len(cuts) == 3 and three == one
        for item in cuts:
            validate_ninjs(item)
            assert "subscribers read" not in body_html(item) and "subscriber-only" not in body_html(item)

    def test_since_filters_by_publication_time_and_refuses_what_is_not_a_date(self):
        assert self.headlines(self.get(LIST, data={"since": "2026-11-03T09:00:00Z"})) == [
            "Les horaires du ferry changent", "Dredging begins",
        ]  # fmt: skip
        assert self.headlines(self.get(LIST, data={"since": "2026-11-02T10:00:00+01:00"})) == [
            "Les horaires du ferry changent", "Dredging begins", "Harbor bank opens",
        ]  # fmt: skip
        assert len(self.items(self.get(LIST, data={"since": "2026-11-02"}))) == 3  # midnight, the site's time zone
        unencoded = self.get(f"{LIST}?since=2026-11-02T10:00:00+01:00")  # the "+" arrives as a space
        assert self.headlines(unencoded) == ["Les horaires du ferry changent", "Dredging begins", "Harbor bank opens"]
        for bad in ("yesterday", "2026-13-01", "2026-11-31T00:00:00Z", "1' OR 1=1"):
            response = self.get(LIST, data={"since": bad})
            assert response.status_code == 400, bad
            assert "since" in json.loads(response.content)["detail"]

    def test_section_and_language_filters(self):
        assert self.headlines(self.get(LIST, data={"section": "business"})) == ["Harbor bank opens"]
        assert self.headlines(self.get(LIST, data={"section": "local", "language": "en"})) == [
            "Dredging begins", "Ferry schedule changes",
        ]  # fmt: skip
        assert self.headlines(self.get(LIST, data={"language": "fr"})) == ["Les horaires du ferry changent"]
        for params in ({"section": "sport"}, {"language": "xx"}, {"limit": "0"}, {"limit": "abc"}, {"cursor": "!!"}):
            response = self.get(LIST, data=params)
            assert response.status_code == 400, params
            assert set(params) <= set(json.loads(response.content)["detail"])

    def test_cursor_pages_cover_everything_once_and_stay_put(self):
        everything = [item["uri"] for item in self.items(self.get(LIST))]
        seen, url, pages = [], f"{LIST}?limit=1", 0
        while url:
            response = self.get(url)
            page = json.loads(response.content)
            seen += [item["uri"] for item in page["items"]]
            url = page["next"]
            if url:
                assert urlsplit(url).path == LIST
                assert self.get(url).content == self.get(url).content  # the same page every time
            pages += 1
        assert seen == everything and pages == len(everything)
        first = json.loads(self.get(f"{LIST}?limit=2").content)
        second = self.items(self.get(first["next"]))
        assert [item["uri"] for item in first["items"] + second][:3] == everything[:3]


class ValidatorsTest(PartnerData):
    def test_etag_and_last_modified_answer_304(self):
        response = self.get(LIST)
        etag, modified = response["ETag"], response["Last-Modified"]
        assert parsedate_to_datetime(modified).isoformat() == "2026-11-04T09:00:00+00:00"
        assert self.get(LIST, headers={"if-none-match": etag}).status_code == 304
        not_modified = self.get(LIST, headers={"if-modified-since": modified})
        assert not_modified.status_code == 304 and not_modified.content == b""
        assert self.get(LIST, headers={"if-none-match": '"other"'}).status_code == 200
        # Another key (other sections) gets another answer and another tag.
        assert self.get(LIST, self.local_raw, headers={"if-none-match": etag}).status_code == 200
        item = self.get(detail_url(self.bank))
        assert self.get(detail_url(self.bank), headers={"if-none-match": item["ETag"]}).status_code == 304

    def test_answers_are_private_and_vary_on_the_key(self):
        for response in (self.get(LIST), self.get(detail_url(self.ferry)), self.get(f"{LIST}?since=x")):
            assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
            assert {"Authorization", "X-Api-Key", "Accept"} <= {v.strip() for v in response["Vary"].split(",")}

    def test_the_page_cache_never_stores_an_answer(self):
        with self.settings(PAGE_CACHE={**self.settings_page_cache(), "ENABLED": True}):
            first, second = self.get(LIST), self.get(LIST)
            assert first.status_code == second.status_code == 200
            assert "X-Page-Cache" not in second or second["X-Page-Cache"] != "hit"
            assert self.get(LIST, self.revoked_raw).status_code == 401  # nothing cached answers for a bad key

    @staticmethod
    def settings_page_cache():
        from django.conf import settings

        return settings.PAGE_CACHE


class DetailTest(PartnerData):
    def test_ninjs_by_default_and_newsml_on_request(self):
        ninjs = self.get(detail_url(self.ferry))
        assert ninjs["Content-Type"] == NINJS
        item = json.loads(ninjs.content)
        validate_ninjs(item)
        assert item["headlines"][0]["value"] == "Ferry schedule changes"
        for response in (
            self.get(detail_url(self.ferry), data={"format": "newsml"}),
            self.get(detail_url(self.ferry), headers={"accept": NEWSML}),
        ):
            assert response["Content-Type"] == NEWSML
            root = validate_newsml(response.content)
            assert root.get("guid") == item["uri"]
            assert root.findtext(f"{NAR}contentMeta/{NAR}headline") == "Ferry schedule changes"

    def test_newsml_of_a_cut_story_holds_the_free_part_only(self):
        root = validate_newsml(self.get(detail_url(self.paywalled), data={"format": "newsml"}).content)
        text = etree.tostring(root.find(f"{NAR}contentSet/{NAR}inlineXML"), method="text", encoding="unicode")
        assert "Work started on Monday." in text and "subscriber-only" not in text
        assert "not licensed" in root.findtext(f"{NAR}rightsInfo/{NAR}usageTerms")
        whole = validate_newsml(
            self.get(detail_url(self.paywalled), self.subscriber_raw, headers={"accept": NEWSML}).content
        )
        assert "The subscriber-only detail." in etree.tostring(whole, method="text", encoding="unicode")

    def test_unknown_articles_and_formats_are_clear_errors(self):
        assert self.get(f"{LIST}999999/").status_code == 404
        assert self.get(detail_url(self.local)).status_code == 404  # a section is not an article
        assert self.get(detail_url(self.ferry), data={"format": "pdf"}).status_code == 404
        assert self.get(detail_url(self.ferry), headers={"accept": "image/png"}).status_code == 406

"""A full news item read from a rich graph: authors, subjects, crops of a photo, corrections and rights, as ninjs
and NewsML-G2 print them (both validated against IPTC's schemas), and what a thin graph leaves out."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any, ClassVar

import pytest

from structured_data.formats import build_news_item, newsml, ninjs
from structured_data.formats.item import NewsItem, Party
from structured_data.models import PublisherSettings
from structured_data.values import iso_datetime

from .builders import build_site, make_event, make_image, registered
from .iptc_validation import validate_newsml, validate_ninjs
from .testapp.models import EventPage
from .testapp.schema import EventSchema

NAR = "{http://iptc.org/std/nar/2006-10-01/}"
#: When the second correction was made (printed with the offset of the settings' time zone).
CORRECTED_AT = datetime.datetime(2025, 7, 5, 9, tzinfo=datetime.UTC)


class StorySchema(EventSchema):
    """The test app's event told as a paywalled news story, with everything the formats can print."""

    schema_type = "NewsArticle"
    properties: ClassVar[Sequence[str]] = (
        "headline", "url", "description", "datePublished", "dateModified", "author", "articleSection",
        "keywords", "image", "correction", "copyrightHolder", "copyrightYear", "isAccessibleForFree", "dateline",
    )  # fmt: skip
    extra_properties: ClassVar[Any] = {}
    photo: Any = None
    inline: Any = None

    def author(self, page: EventPage) -> Any:
        return [
            {"@type": "Person", "name": "Ada Reporter", "url": "https://example.com/ada"},
            {"@type": "NewsMediaOrganization", "name": "Wire Service"},
            {"@type": "Person", "url": "https://example.com/nameless"},  # no name: not in the byline
        ]

    def articleSection(self, page: EventPage) -> str:
        return "Music"

    def keywords(self, page: EventPage) -> str:
        return "boats, Music, music, , festivals"

    def image(self, page: EventPage) -> Any:
        url = self.builder.page_url
        return [
            self.builder.image_object(
                self.photo, "fill-1200x675", node_id=f"{url}#lead-16x9", caption="The pier.", credit="Jo Lens"
            ),
            self.builder.image_object(
                self.photo, "fill-1200x900", node_id=f"{url}#lead-4x3", caption="The pier.", credit="Jo Lens"
            ),
            self.builder.image_object(self.inline, "width-1200", node_id=f"{url}#inline"),
        ]

    def correction(self, page: EventPage) -> Any:
        return [
            "An earlier version misspelt the pier.",
            {
                "@type": "CorrectionComment",
                "text": "The start time was wrong.",
                "datePublished": CORRECTED_AT,
            },
        ]

    def copyrightHolder(self, page: EventPage) -> Any:
        return self.builder.publisher_ref

    def copyrightYear(self, page: EventPage) -> int:
        return 2025

    def isAccessibleForFree(self, page: EventPage) -> bool:
        return False

    def dateline(self, page: EventPage) -> str:
        return "HARBOR CITY"

    def body_html(self, page: EventPage) -> str:
        return '<p>Boats <a href="/local/">and</a> music.</p><script>alert(1)</script>'


class ThinSchema(EventSchema):
    """An event whose dates cannot be read and whose publisher is only the website's."""

    def datePublished(self, page: EventPage) -> str:
        return "2025-07-04T18:00:00"  # no offset: not an RFC 3339 date-time

    def dateModified(self, page: EventPage) -> str:
        return "next Tuesday"

    def publisher(self, page: EventPage) -> Any:
        return None


@pytest.fixture
def event(db) -> EventPage:
    tree = build_site()
    PublisherSettings.objects.create(site=tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
    return make_event(tree.home, "Harbor festival", summary="Boats & music.")


@pytest.fixture
def story(event, rf, settings) -> NewsItem:
    settings.STRUCTURED_DATA = {"MEDIA_TOPICS": {"music": "medtop:20000018"}}
    StorySchema.photo = make_image("Pier at dusk", 1600, 1200)
    StorySchema.inline = make_image("Crowd", 1600, 1200)
    with registered(EventPage, StorySchema):
        item, _graph = build_news_item(event, rf.get(event.url))
    return item


def test_the_item_reads_authors_subjects_pictures_and_rights_from_the_graph(story):
    assert story.byline == "Ada Reporter and Wire Service"
    assert story.people == [Party("Ada Reporter", "https://example.com/ada")]
    assert story.organisations == [Party("Wire Service", "", organisation=True)]
    assert [(s.name, s.kind, s.code) for s in story.subjects] == [
        ("Music", "section", "20000018"),
        ("boats", "tag", ""),
        ("Music", "tag", "20000018"),  # "music" after it is the same tag
        ("festivals", "tag", ""),
    ]
    assert story.subjects[0].uri == "http://cv.iptc.org/newscodes/mediatopic/20000018"
    lead, inline = story.pictures
    assert lead.uri.endswith("#lead") and inline.uri.endswith("#inline")
    assert [(r.name, r.width, r.height, r.media_type) for r in lead.renditions] == [
        ("16x9", 1200, 675, "image/jpeg"),
        ("4x3", 1200, 900, "image/jpeg"),
    ]
    assert (lead.caption, lead.credit) == ("The pier.", "Jo Lens")
    assert [r.name for r in inline.renditions] == ["default"]
    assert story.problems == ["picture without caption", "picture without credit"]  # the inline photo's
    assert [(c.text, c.date) for c in story.corrections] == [
        ("An earlier version misspelt the pier.", ""),
        ("The start time was wrong.", iso_datetime(CORRECTED_AT)),
    ]
    assert story.copyright_holder.name == "Events Weekly" and story.copyright_holder.organisation
    assert story.copyright_notice == "© 2025 Events Weekly"
    assert story.located == "HARBOR CITY"
    assert story.free is False and story.terms == "Subscribers only: part of the story is paywalled."


def test_ninjs_prints_every_part_of_a_full_item(story):
    data = json.loads(ninjs.serialize(story))
    validate_ninjs(data)
    assert data["by"] == "Ada Reporter and Wire Service"
    assert data["people"] == [{"name": "Ada Reporter", "rel": "author", "uri": "https://example.com/ada"}]
    assert data["organisations"] == [{"name": "Wire Service", "rel": "author"}]
    assert data["located"] == "HARBOR CITY"
    assert data["subjects"][0] == {
        "name": "Music",
        "rel": "section",
        "uri": "http://cv.iptc.org/newscodes/mediatopic/20000018",
        "literal": "medtop:20000018",
    }
    assert data["subjects"][1] == {"name": "boats", "rel": "tag"}
    assert [d["value"] for d in data["descriptions"]] == [
        "Boats & music.",
        "An earlier version misspelt the pier.",
        f"{iso_datetime(CORRECTED_AT)}: The start time was wrong.",
    ]
    assert (data["copyrightholder"], data["copyrightnotice"]) == ("Events Weekly", "© 2025 Events Weekly")
    assert data["usageterms"].startswith("Subscribers only")
    body = data["bodies"][0]["value"]
    assert 'href="http://localhost/local/"' in body and "script" not in body
    lead, inline = data["associations"]
    assert lead["name"] == "featureimage" and inline["name"] == "image-1"
    assert lead["descriptions"][0]["value"] == "The pier."
    assert lead["by"] == lead["copyrightholder"] == "Jo Lens"
    assert [(r["name"], r["width"], r["contenttype"]) for r in lead["renditions"]] == [
        ("16x9", 1200, "image/jpeg"),
        ("4x3", 1200, "image/jpeg"),
    ]
    assert "descriptions" not in inline and "by" not in inline


def test_newsml_prints_every_part_of_a_full_item(story):
    root = validate_newsml(newsml.serialize(story))
    meta, content = root.find(f"{NAR}itemMeta"), root.find(f"{NAR}contentMeta")
    rights = root.findall(f"{NAR}rightsInfo")
    assert rights[0].findtext(f"{NAR}copyrightHolder/{NAR}name") == "Events Weekly"
    assert rights[0].findtext(f"{NAR}usageTerms").startswith("Subscribers only")
    assert (rights[1].get("idrefs"), rights[1].findtext(f"{NAR}copyrightHolder/{NAR}name")) == ("picture-1", "Jo Lens")
    assert len(rights) == 2  # the inline photo has no rights to state
    assert [note.text for note in meta.findall(f"{NAR}edNote")] == [
        "An earlier version misspelt the pier.",
        f"Correction ({iso_datetime(CORRECTED_AT)}): The start time was wrong.",
    ]
    assert meta.find(f"{NAR}signal").get("qcode") == "sig:correction"
    pictures = [link for link in meta.findall(f"{NAR}link") if link.get("rel") == "irel:associatedWith"]
    assert [link.get("id") for link in pictures] == ["picture-1", "picture-2"]
    assert pictures[0].get("href").endswith(".jpg") and pictures[0].get("title") == "The pier."
    assert "fill-1200x900" in pictures[0].get("href")  # the largest of the lead's crops
    creators = [(c.get("type"), c.findtext(f"{NAR}name")) for c in content.findall(f"{NAR}creator")]
    assert creators == [("cpnat:person", "Ada Reporter"), ("cpnat:organisation", "Wire Service")]
    assert [k.text for k in content.findall(f"{NAR}keyword")] == ["boats", "festivals"]
    assert [s.get("qcode") for s in content.findall(f"{NAR}subject")] == ["medtop:20000018", "medtop:20000018"]
    assert content.findtext(f"{NAR}located/{NAR}name") == content.findtext(f"{NAR}dateline") == "HARBOR CITY"
    assert content.findtext(f"{NAR}by") == "Ada Reporter and Wire Service"


def test_unreadable_dates_and_a_site_wide_publisher(event, rf):
    with registered(EventPage, ThinSchema):
        item, _graph = build_news_item(event, rf.get(event.url))
    assert item.first_created == ""  # a date-time without offset is not used
    assert "no publication date" in item.problems
    assert datetime.datetime.fromisoformat(item.version_created).tzinfo is not None  # now, as a stand-in
    assert item.provider == Party("Events Weekly", "http://localhost/", organisation=True)  # from the WebSite node
    root = validate_newsml(newsml.serialize(item))
    assert root.find(f"{NAR}itemMeta/{NAR}firstCreated") is None


def test_usage_terms_follow_what_is_known():
    item = NewsItem(uri="urn:x", version=1, version_created="2025-07-04T18:00:00+00:00")
    assert item.terms == ""  # free or not: unknown
    item.free = True
    assert item.terms == "Free to read."
    item.usage_terms = "Embargoed until noon."
    assert item.terms == "Embargoed until noon."
    root = validate_newsml(newsml.serialize(item))
    assert root.find(f"{NAR}itemMeta/{NAR}provider").get("literal") == "unknown"
    assert root.findtext(f"{NAR}rightsInfo/{NAR}usageTerms") == "Embargoed until noon."

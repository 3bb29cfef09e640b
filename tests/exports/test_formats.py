"""ninjs and NewsML-G2 of a newsroom article, validated against IPTC's schemas and read back field by field."""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone
from lxml import etree
from PIL import Image as PILImage

from articles.models import ArticleCorrection, ArticlePage
from structured_data.formats import build_news_item
from structured_data.models import PublisherSettings
from structured_data.tests.iptc_validation import validate_newsml, validate_ninjs
from tests.support.builders import image_block, make_article, make_author, make_image, paragraph

NINJS = "application/ninjs+json"
NEWSML = "application/vnd.iptc.g2.newsitem+xml"
NAR = "{http://iptc.org/std/nar/2006-10-01/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
TOPICS = {"STRUCTURED_DATA": {"MEDIA_TOPICS": {"Local": "medtop:14000000", "Harbor": "20000564"}}}


def served_image_size(href: str) -> tuple[int, int]:
    """The size of the JPEG the web server serves at ``href`` (a file under MEDIA_URL in the media storage)."""
    prefix = f"http://localhost{settings.MEDIA_URL}"
    assert href.startswith(prefix)
    with default_storage.open(href.removeprefix(prefix)) as file, PILImage.open(file) as image:
        assert image.format == "JPEG"
        return image.size


@pytest.fixture
def article(tree):
    PublisherSettings.objects.create(site=tree.site, name="The Test Ledger")
    ana = make_author("Ana Lima")
    wire = make_author("Harbor Wire", is_organisation=True)
    lead = make_image("Dredger at dawn", caption="The dredger at dawn.", credit="Ben Okafor/Ledger",
                      copyright_notice="© 2025 The Test Ledger")  # fmt: skip
    body_photo = make_image("Channel map", 1400, 1000, caption="The new channel.", credit="Port Authority")
    page = make_article(
        tree.section, "Dredging <begins> & the harbor waits", authors=[ana, wire], lead_image=lead,
        dateline="PORTLAND, Maine", standfirst="The two-month project will deepen the channel.",
        body=[
            paragraph('<p>Work started <a href="/local/">before sunrise</a> on Monday.</p>'),
            ("heading", {"text": "What comes next", "level": "h2"}),
            image_block(body_photo),
            ("quote", {"quote": "We have waited ten years.", "attribution": "Harbor master"}),
            paragraph("<p>The channel will reach 40 feet.</p>"),
            ("table", {
                "caption": "Depth by stage",
                "columns": [{"type": "text", "heading": "Stage"}, {"type": "number", "heading": "Feet"}],
                "rows": [{"values": ["Now", 35]}, {"values": ["June", 40]}],
            }),
        ],
    )  # fmt: skip
    page = ArticlePage.objects.get(pk=page.pk)
    page.tags.add("Harbor", "shipping")
    page.corrections.add(
        ArticleCorrection(kind="correction", date=timezone.now(), text="The project lasts two months, not three.")
    )
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


@pytest.mark.django_db
@override_settings(**TOPICS)
def test_ninjs_validates_and_carries_every_field(client, article):
    response = client.get(article.url, {"format": "ninjs"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(NINJS)
    data = json.loads(response.content)
    validate_ninjs(data)  # ninjs 2.1 and 2.2, formats asserted
    assert data["uri"] == f"urn:newsml:localhost:{article.first_published_at:%Y%m%d}:page-{article.pk}"
    assert data["type"] == "text"
    assert data["version"] == str(article.live_revision_id)
    for name in ("versioncreated", "firstcreated"):
        assert datetime.datetime.fromisoformat(data[name]).tzinfo is not None
    assert data["headlines"] == [
        {"role": "main", "contenttype": "text/plain", "value": "Dredging <begins> & the harbor waits"}
    ]
    descriptions = {d["role"]: d["value"] for d in data["descriptions"]}
    assert descriptions["summary"] == "The two-month project will deepen the channel."
    assert descriptions["correction"].endswith("Correction: The project lasts two months, not three.")
    assert data["language"] == "en"
    assert data["by"] == "Ana Lima and Harbor Wire"
    assert data["people"] == [{"name": "Ana Lima", "rel": "author", "uri": "http://localhost/authors/ana-lima/"}]
    assert data["organisations"] == [
        {"name": "Harbor Wire", "rel": "author", "uri": "http://localhost/authors/harbor-wire/"}
    ]
    assert data["subjects"] == [
        {"name": "Local", "rel": "section", "uri": "http://cv.iptc.org/newscodes/mediatopic/14000000",
         "literal": "medtop:14000000"},
        {"name": "Harbor", "rel": "tag", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000564",
         "literal": "medtop:20000564"},
        {"name": "shipping", "rel": "tag"},
    ]  # fmt: skip
    assert data["located"] == "PORTLAND, Maine"
    assert data["usageterms"] == "Free to read."
    assert data["renditions"] == [
        {"name": "web", "title": "Canonical web page", "href": article.full_url, "contenttype": "text/html"}
    ]
    lead, photo = data["associations"]
    assert lead["type"] == photo["type"] == "picture"
    assert lead["descriptions"] == [{"role": "caption", "contenttype": "text/plain", "value": "The dredger at dawn."}]
    assert lead["by"] == lead["copyrightholder"] == "Ben Okafor/Ledger"
    assert lead["copyrightnotice"] == "© 2025 The Test Ledger"
    assert [r["name"] for r in lead["renditions"]] == ["16x9", "4x3", "1x1"]  # the crops of one picture
    assert photo["descriptions"][0]["value"] == "The new channel."
    assert photo["by"] == "Port Authority"
    for rendition in (*lead["renditions"], *photo["renditions"]):
        assert rendition["contenttype"] == "image/jpeg"
        assert served_image_size(rendition["href"]) == (rendition["width"], rendition["height"])
    (body,) = data["bodies"]
    assert body["contenttype"] == "text/html"
    html = etree.fromstring(f"<div>{body['value']}</div>", etree.HTMLParser())
    assert html.xpath("//a/@href") == ["http://localhost/local/"]  # absolute: partners publish elsewhere
    assert html.xpath("//figure/img/@src") == [photo["renditions"][0]["href"]]
    assert html.xpath("//figcaption/text()") == ["The new channel. (Port Authority)"]


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["*"])
def test_uri_is_the_same_whatever_the_host(client, article):
    uris = {
        json.loads(client.get(article.url, {"format": "ninjs"}, headers={"host": host}).content)["uri"]
        for host in ("localhost", "alias.example")
    }
    guids = {
        validate_newsml(client.get(article.url, headers={"accept": NEWSML, "host": host}).content).get("guid")
        for host in ("localhost", "alias.example")
    }
    assert len(uris) == 1
    assert uris == guids


@pytest.mark.django_db
@override_settings(**TOPICS)
def test_newsml_g2_validates_and_carries_every_field(client, article):
    response = client.get(article.url, headers={"accept": NEWSML})
    assert response.status_code == 200
    assert response["Content-Type"] == NEWSML
    root = validate_newsml(response.content)
    assert root.get("guid") == f"urn:newsml:localhost:{article.first_published_at:%Y%m%d}:page-{article.pk}"
    assert root.get("version") == str(article.live_revision_id)
    meta, content = root.find(f"{NAR}itemMeta"), root.find(f"{NAR}contentMeta")
    assert meta.find(f"{NAR}itemClass").get("qcode") == "ninat:text"
    assert datetime.datetime.fromisoformat(meta.findtext(f"{NAR}versionCreated")).tzinfo is not None
    assert meta.findtext(f"{NAR}edNote").endswith("The project lasts two months, not three.")
    assert meta.find(f"{NAR}signal").get("qcode") == "sig:correction"
    assert content.findtext(f"{NAR}headline") == "Dredging <begins> & the harbor waits"
    assert content.findtext(f"{NAR}by") == "Ana Lima and Harbor Wire"
    creators = [(c.get("type"), c.findtext(f"{NAR}name"), c.get("uri")) for c in content.findall(f"{NAR}creator")]
    assert creators == [
        ("cpnat:person", "Ana Lima", "http://localhost/authors/ana-lima/"),
        ("cpnat:organisation", "Harbor Wire", "http://localhost/authors/harbor-wire/"),
    ]
    assert content.find(f"{NAR}language").get("tag") == "en"
    assert [s.get("qcode") for s in content.findall(f"{NAR}subject")] == ["medtop:14000000", "medtop:20000564"]
    assert [k.text for k in content.findall(f"{NAR}keyword")] == ["shipping"]
    assert content.findtext(f"{NAR}located/{NAR}name") == content.findtext(f"{NAR}dateline") == "PORTLAND, Maine"
    assert content.find(f"{NAR}description").get("role") == "drol:summary"
    # Photos: a link each, with rights naming it.
    links = {link.get("id"): link for link in meta.findall(f"{NAR}link") if link.get("id")}
    rights = {r.get("idrefs"): r for r in root.findall(f"{NAR}rightsInfo") if r.get("idrefs")}
    assert set(links) == set(rights) == {"picture-1", "picture-2"}
    assert links["picture-1"].get("title") == "The dredger at dawn."
    assert rights["picture-1"].findtext(f"{NAR}copyrightHolder/{NAR}name") == "Ben Okafor/Ledger"
    assert rights["picture-1"].findtext(f"{NAR}copyrightNotice") == "© 2025 The Test Ledger"
    assert rights["picture-2"].findtext(f"{NAR}copyrightHolder/{NAR}name") == "Port Authority"
    # The body: XHTML-namespaced elements inside inlineXML.
    inline = root.find(f"{NAR}contentSet/{NAR}inlineXML")
    assert inline.get("contenttype") == "application/xhtml+xml"
    (html,) = inline
    assert html.tag == f"{XHTML}html"
    body = html.find(f"{XHTML}body")
    assert [child.tag.removeprefix(XHTML) for child in body] == ["p", "h2", "figure", "blockquote", "p", "table"]
    table = body.find(f"{XHTML}table")
    assert table.findtext(f"{XHTML}caption").strip() == "Depth by stage"
    cells = [" ".join(td.itertext()).strip() for td in table.iter(f"{XHTML}td")]
    assert cells == ["Now", "35", "June", "40"]
    assert all(el.tag.startswith(XHTML) for el in body.iter())
    assert root.find(f"{NAR}contentSet/{NAR}remoteContent").get("href") == article.full_url


@pytest.mark.django_db
def test_an_article_without_byline_or_photo_exports_and_says_what_is_missing(client, tree, rf):
    bare = make_article(tree.section, "Council meets", body=[paragraph("<p>It met.</p>")])
    item, _graph = build_news_item(bare, rf.get(bare.url))
    assert set(item.problems) == {"no byline", "no picture"}
    data = json.loads(client.get(bare.url, {"format": "ninjs"}).content)
    validate_ninjs(data)
    assert data["headlines"][0]["value"] == "Council meets"
    assert "by" not in data and "people" not in data and "associations" not in data
    validate_newsml(client.get(bare.url, {"format": "newsml"}).content)


@pytest.mark.django_db
def test_a_subscriber_only_article_says_so(client, article):
    article.access = "subscribers"
    article.free_paragraphs = 1
    article.save_revision().publish()
    data = json.loads(client.get(article.url, {"format": "ninjs"}).content)
    assert data["usageterms"].startswith("Subscribers only")
    root = validate_newsml(client.get(article.url, {"format": "newsml"}).content)
    assert root.findtext(f"{NAR}rightsInfo/{NAR}usageTerms").startswith("Subscribers only")


@pytest.mark.django_db
def test_a_draft_is_never_served(client, tree):
    draft = make_article(tree.section, "Not yet", publish=False)
    for params in ({"format": "ninjs"}, {"format": "newsml"}):
        assert client.get(f"/local/{draft.slug}/", params).status_code == 404


@pytest.mark.django_db
def test_every_page_with_a_schema_gets_valid_items(client, article, tree):
    """Listings, the authors index and an author's profile route: valid, with what they have."""
    for url in (tree.home.url, tree.section.url, tree.authors_index.url, "/authors/ana-lima/"):
        data = json.loads(client.get(url, {"format": "ninjs"}).content)
        validate_ninjs(data)
        assert data["headlines"][0]["value"]
        validate_newsml(client.get(url, headers={"accept": NEWSML}).content)
    profile = json.loads(client.get("/authors/ana-lima/", {"format": "ninjs"}).content)
    assert profile["uri"] == "http://localhost/authors/ana-lima/#person"
    assert profile["headlines"][0]["value"] == "Ana Lima"

"""ninjs and NewsML-G2 for another site's page type (the test app's EventPage): no newsroom code involved."""

from __future__ import annotations

import json

import pytest
from wagtail.models import PageViewRestriction

from structured_data.formats import build_news_item, formats, get_format
from structured_data.models import PublisherSettings

from .builders import build_site, make_event, make_image
from .iptc_validation import validate_newsml, validate_ninjs

NAR = "{http://iptc.org/std/nar/2006-10-01/}"
NINJS = "application/ninjs+json"
NEWSML = "application/vnd.iptc.g2.newsitem+xml"


@pytest.fixture
def event(db):
    tree = build_site()
    PublisherSettings.objects.create(site=tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
    return make_event(tree.home, "Harbor festival", summary="Boats & music.")


def test_the_formats_are_registered_by_name_and_media_type():
    assert {name: f.media_type for name, f in formats().items()} == {"ninjs": NINJS, "newsml": NEWSML}
    assert get_format("jsonld") is None  # the graph itself, served by the endpoint


def test_a_foreign_page_type_gets_ninjs_from_its_schema(client, event):
    by_param = client.get(event.url, {"format": "ninjs"})
    by_accept = client.get(event.url, headers={"accept": NINJS})
    assert by_param.status_code == by_accept.status_code == 200
    assert by_param["Content-Type"].startswith(NINJS)
    assert "Accept" in by_param["Vary"]
    data = json.loads(by_param.content)
    assert json.loads(by_accept.content) == data
    validate_ninjs(data)
    assert data["uri"] == f"urn:newsml:localhost:{event.first_published_at:%Y%m%d}:page-{event.pk}"
    assert data["headlines"] == [{"role": "main", "contenttype": "text/plain", "value": "Harbor festival"}]
    assert data["descriptions"][0]["value"] == "Boats & music."
    assert data["infosources"][0]["name"] == "Events Weekly"
    assert data["renditions"][0]["href"] == event.full_url
    assert "people" not in data and "associations" not in data and "bodies" not in data


def test_a_foreign_page_type_gets_newsml_g2(client, event):
    response = client.get(event.url, headers={"accept": NEWSML})
    assert response.status_code == 200
    assert response["Content-Type"] == NEWSML
    root = validate_newsml(response.content)
    assert root.get("guid") == f"urn:newsml:localhost:{event.first_published_at:%Y%m%d}:page-{event.pk}"
    assert root.findtext(f"{NAR}contentMeta/{NAR}headline") == "Harbor festival"
    assert root.find(f"{NAR}contentSet/{NAR}inlineXML").get("contenttype") == "application/xhtml+xml"


def test_what_a_foreign_page_lacks_is_reported_not_fatal(rf, event):
    item, _graph = build_news_item(event, rf.get(event.url))
    assert item.headline == "Harbor festival"
    assert set(item.problems) == {"no byline", "no picture", "no body"}


def test_restricted_and_draft_pages_are_never_served(client, event):
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for params, headers in (({"format": "ninjs"}, {}), ({}, {"accept": NEWSML})):
        response = client.get(event.url, params, headers=headers)
        assert response.status_code == 200  # the password form, as for the HTML
        assert not response["Content-Type"].startswith((NINJS, NEWSML))
    PageViewRestriction.objects.all().delete()
    event.unpublish()
    assert client.get(event.url, {"format": "ninjs"}).status_code == 404

"""Python values turned into JSON-LD values: offsets on dates, only safe absolute URLs, plain text for XML, and
every kind of value a schema method may return (or a clear error for one it may not)."""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from structured_data.values import Ref, clean_url, html_to_text, iso_datetime, normalize, word_count, xml_safe

BASE = "http://localhost/"


class Rating(enum.IntEnum):
    GOOD = 4


def test_datetimes_get_the_current_offset_and_dates_stay_dates():
    with timezone.override(ZoneInfo("Europe/Paris")):
        assert iso_datetime(datetime.datetime(2025, 7, 4, 18)) == "2025-07-04T18:00:00+02:00"  # naive: local time
        assert iso_datetime(datetime.datetime(2025, 7, 4, 16, tzinfo=datetime.UTC)) == "2025-07-04T18:00:00+02:00"
    assert iso_datetime(datetime.date(2025, 7, 4)) == "2025-07-04"


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        (None, BASE, None),
        ("   ", BASE, None),
        (" https://example.com/a b ", None, "https://example.com/a b"),  # stripped; the space is not at the start
        ("https://example.com/photo.jpg", None, "https://example.com/photo.jpg"),
        ("/local/", BASE, "http://localhost/local/"),
        ("//cdn.example.com/x.jpg", BASE, "http://cdn.example.com/x.jpg"),
        ("/local/", None, None),  # relative, and nothing to resolve it against
        ("javascript:alert(1)", BASE, None),
        ("java\tscript:alert(1)", BASE, None),  # the tab browsers ignore hides nothing
        ("data:text/html,<script>", BASE, None),
        ("http://[::1/", BASE, None),  # an invalid IPv6 host
        ("http://example.com[/x", BASE, None),  # a bracket urlsplit reads as a broken IPv6 host
        ("http://[::1]:8000/x", None, "http://[::1]:8000/x"),  # a valid one
        ("https://example.com/list?tag[]=a", None, "https://example.com/list?tag[]=a"),
        ("http://?q=1", BASE, None),  # no host
        ("mailto:desk@example.com", BASE, None),
    ],
)
def test_clean_url_keeps_only_absolute_urls_with_an_allowed_scheme(value, base, expected):
    assert clean_url(value, base) == expected


def test_html_to_text_reads_as_a_reader_sees_it():
    assert html_to_text(None) == html_to_text("") == ""
    assert html_to_text("<p>Fish &amp; chips</p><p>daily</p>") == "Fish & chips daily"
    assert html_to_text("one<br>two\n\n <b>three</b>") == "one two three"
    assert word_count(html_to_text("<li>two</li><li>words</li>")) == 2


def test_xml_safe_strips_what_xml_cannot_hold_at_any_depth():
    value = {"headline": "Bad\x00 byte", "tags": ["\x0bvertical", ("tab\tkept", "end\ufffe")], "count": 3}
    assert xml_safe(value) == {"headline": "Bad byte", "tags": ["vertical", ("tab\tkept", "end")], "count": 3}
    assert type(xml_safe(("a",))) is tuple


def test_normalize_drops_what_is_empty_or_unsafe_in_a_node():
    node = {
        "@type": "Person",
        "name": "Ada",
        "alternateName": "",
        "jobTitle": None,
        "knows": Ref(),  # a reference to nothing
        "worksFor": Ref({"@id": "http://localhost/#publisher"}),
        "sameAs": " https://example.com/ada ",
        "url": "javascript:alert(1)",
        "image": "/media/ada.jpg",
        "logo": "http://[::1/logo.png",
        "award": [],
        "numberOfChildren": 2,
        "isFamilyFriendly": True,
    }
    assert normalize(node, base=BASE) == {
        "@type": "Person",
        "name": "Ada",
        "worksFor": {"@id": "http://localhost/#publisher"},
        "sameAs": "https://example.com/ada",
        "image": "http://localhost/media/ada.jpg",
        "numberOfChildren": 2,
        "isFamilyFriendly": True,
    }
    assert normalize({"@type": [], "name": "Untyped"}) == {"name": "Untyped"}  # an empty @type goes
    assert normalize({"@type": "Person", "@id": "javascript:alert(1)", "name": "X"}) is None  # leads nowhere
    assert normalize({"@type": "Person", "name": ""}) is None  # nothing left to say
    assert normalize({}) is None


def test_normalize_of_lists_and_top_level_values():
    ref = Ref({"@id": "#a"})
    assert normalize(ref) is ref and normalize(Ref()) == {}  # a Ref is returned as given
    assert normalize([Ref(), None, "", "kept", ref, []]) == ["kept", {"@id": "#a"}]
    assert normalize([None, ""]) is None and normalize(()) is None
    assert normalize("") is None and normalize("text", "name") == "text"
    assert normalize("/a", "url", BASE) == "http://localhost/a" and normalize("javascript:x", "url") is None
    assert normalize(None) is None and normalize(False) is False and normalize(0) == 0


def test_normalize_converts_every_plain_python_value():
    with timezone.override(datetime.UTC):
        assert normalize(datetime.datetime(2025, 7, 4, 18, tzinfo=datetime.UTC)) == "2025-07-04T18:00:00+00:00"
    assert normalize(datetime.date(2025, 7, 4)) == "2025-07-04"
    assert normalize(gettext_lazy("Local news")) == "Local news"
    safe = normalize(mark_safe("<b>bold</b>"))
    assert safe == "<b>bold</b>" and type(safe) is str
    rating = normalize(Rating.GOOD)
    assert rating == 4 and type(rating) is int
    assert normalize(1.5) == 1.5 and normalize(Decimal("2.50")) == 2.5
    assert normalize(float("nan")) is None and normalize(Decimal("Infinity")) is None
    assert normalize(MappingProxyType({"@type": "Thing", "name": "A"})) == {"@type": "Thing", "name": "A"}
    assert normalize(frozenset({"only"})) == ["only"]


def test_an_object_becomes_a_reference_through_the_entity_callback_or_raises():
    class Author:
        pass

    ada = Author()
    assert normalize({"author": ada}, entity=lambda obj: Ref({"@id": "#ada"})) == {"author": {"@id": "#ada"}}
    with pytest.raises(TypeError, match=r"cannot put a Author into JSON-LD property 'author'"):
        normalize({"author": ada}, entity=lambda obj: None)  # the callback knows no schema for it
    with pytest.raises(TypeError, match=r"cannot put a object into JSON-LD property 'about'"):
        normalize(object(), "about")

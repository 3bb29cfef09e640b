"""Hostile text never breaks out of the JSON-LD script, and reads back exactly as it was written.

Most examples go straight through the one rendering function (fast); a smaller number go through
the whole stack: database fields, the graph builder, the template tag and a served page.
"""

from __future__ import annotations

import json
import math
import re

import extruct
import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from structured_data.models import PublisherSettings
from structured_data.rendering import dumps_json_ld, render_json_ld
from tests.support.builders import build_site, make_article, make_author, make_image, paragraph
from tests.support.jsonld import JsonLdGraph, script_texts, strict_json

HOSTILE = [
    "</script>", "</SCRIPT >", "</script", "<!--<script>", "<!--", "-->", "<script>", "<![CDATA[", "]]>",
    '"', "'", "\\", "\\u003c", "&", "&amp;", "&lt;/script&gt;", "\u2028", "\u2029", "\x00", "\x0b", "\x1f",
    "\x7f", "\x85", "\ufeff", "\ufffd", "\U0001f4f0", "javascript:alert(1)", "data:text/html,<b>", "{\"@id\":1}",
    "NaN", "Infinity", "\r\n", "\t",
]  # fmt: skip

hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), max_size=6).map("".join)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**53), max_value=2**53) | hostile_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4),
    max_leaves=16,
)


def page_with(element: str) -> str:
    return f'<!DOCTYPE html><html><head><title>t</title>{element}</head><body><p id="after">after</p></body></html>'


def extruct_items(html: str) -> list:
    return extruct.extract(html, base_url="http://localhost/", syntaxes=["json-ld"], uniform=False)["json-ld"]


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values, key=hostile_text)
def test_rendered_script_holds_any_value_exactly(value, key):
    data = {"@context": "https://schema.org", "@graph": [{"@type": "Thing", "name": value, "extra": {key: value}}]}
    html = page_with(render_json_ld(data))

    scripts = script_texts(html)
    assert len(scripts) == 1  # nothing closed the element early or opened another
    assert strict_json(scripts[0]) == data
    assert not re.search(r"</script|<!--|<script", scripts[0], re.IGNORECASE)
    assert "\u2028" not in scripts[0] and "\u2029" not in scripts[0]
    assert extruct_items(html) == [data]


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_cannot_be_emitted(number):
    with pytest.raises(ValueError):
        dumps_json_ld({"value": number})


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\udc00\ud800"])
def test_lone_surrogates_are_rejected(text):
    with pytest.raises(ValueError, match="surrogate"):
        dumps_json_ld({"name": text})


def test_escaping_matches_djangos_json_script():
    from django.utils.html import json_script

    data = {"a": "</script><!--&'\""}
    assert dumps_json_ld(data) == json.dumps(data, separators=(",", ":")).translate(
        {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    )
    assert json_script(data).count("\\u003C") == dumps_json_ld(data).count("\\u003C")


def collapse(text: str) -> str:
    """Rich text as a reader sees it: HTML whitespace runs collapse to one space."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" \t\n\r\f")


# What an editor can save: no NUL (PostgreSQL refuses it), and something visible (required fields).
db_text = hostile_text.map(lambda s: s.replace("\x00", "")).filter(lambda s: s.strip() != "")


class ServedPageSafetyTests(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.publisher = PublisherSettings.objects.create(
            site=cls.tree.site, name="Ledger", logo=make_image("Logo", 300, 300)
        )
        cls.author = make_author("Rita Alvarez", photo=make_image("Rita", 200, 200))
        cls.article = make_article(
            cls.tree.section,
            "Ferry story",
            authors=[cls.author],
            lead_image=make_image("Ferry", 1600, 900),
            body=[paragraph("<p>The ferry runs.</p>")],
        )
        # Make the renditions now: each example runs in its own transaction, rolled back after it.
        assert Client().get(cls.article.url).status_code == 200

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        headline=db_text, standfirst=db_text, caption=db_text,
        credit=db_text, name=db_text, bio=db_text,
        job_title=db_text, tag=db_text, section_title=db_text,
        publisher_name=db_text,
    )  # fmt: skip
    def test_every_editable_text_round_trips_through_a_served_page(
        self, headline, standfirst, caption, credit, name, bio, job_title, tag, section_title, publisher_name
    ):
        from django.utils.html import escape

        article = type(self.article).objects.get(pk=self.article.pk)
        article.title, article.standfirst = headline[:255], standfirst
        article.lead_image_caption, article.lead_image_credit = caption, credit[:255]
        article.save(clean=False)
        article.tags.set([tag[:100]])
        article.save(clean=False)
        self.author.name, self.author.job_title, self.author.bio = name[:255], job_title[:255], f"<p>{escape(bio)}</p>"
        self.author.save()
        section = self.tree.section
        section.title = section_title[:255]
        section.save(clean=False)
        self.publisher.name = publisher_name[:255]
        self.publisher.save()

        response = self.client.get(self.article.url)
        html = response.content.decode("utf-8")
        scripts = script_texts(html)
        assert len(scripts) == 1
        strict_json(scripts[0])
        graph = JsonLdGraph(html, "http://localhost/")
        node = graph[f"{self.article.full_url}#article"]
        assert node["headline"] == headline[:255]
        assert node["description"] == standfirst
        lead = graph.resolve(node["image"][0])
        assert (lead["caption"], lead["creditText"]) == (caption, credit[:255])
        person = graph.resolve(node["author"][0])
        assert person["name"] == name[:255]
        assert person["jobTitle"] == job_title[:255]
        assert person["description"] == (collapse(bio) or self.author.short_bio)
        assert node["keywords"] == [tag[:100]]
        assert node["articleSection"] == section_title[:255]
        assert graph[f"{self.article.get_site().root_url}/#organization"]["name"] == publisher_name[:255]


def test_marked_safe_and_lazy_text_become_plain_strings():
    """Text a schema got from a template or mark_safe is a str subclass: it goes in as plain text."""
    from django.utils.functional import lazy
    from django.utils.safestring import mark_safe

    from structured_data.values import normalize

    lazy_safe = lazy(lambda: mark_safe("Tides & <times>"), str)()
    node = normalize(
        {
            "@type": "Thing",
            "name": mark_safe("Tides & <times>"),
            "alternateName": lazy_safe,
            "keywords": [mark_safe("harbour")],
        }
    )
    assert node == {
        "@type": "Thing",
        "name": "Tides & <times>",
        "alternateName": "Tides & <times>",
        "keywords": ["harbour"],
    }
    assert all(type(value) is str for value in (node["name"], node["alternateName"], *node["keywords"]))

"""Property-based checks over extraction and mapping: any input gives a draft or a clear import error."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importer.errors import ArticleImportError
from importer.extract import FIELDS, Extraction, NodeIndex, extract, read_node
from importer.mapping import ArticleDraft, map_article

PROPERTIES = [
    "@id", "@type", "@value", "@graph", "name", "url", "contentUrl", "headline", "alternativeHeadline",
    "description", "datePublished", "dateModified", "author", "image", "caption", "creditText", "creator",
    "copyrightNotice", "license", "acquireLicensePage", "jobTitle", "articleSection", "keywords", "dateline",
    "articleBody", "mainEntity", "mainEntityOfPage", "inLanguage", "worksFor", "givenName", "familyName",
]  # fmt: skip
TYPES = ["NewsArticle", "Person", "ImageObject", "Organization", "WebPage", "AnalysisNewsArticle", "Thing", ""]
IDS = ["#a", "#b", "#person", "https://x.example/#img", "_:b0"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(TYPES + IDS),
    st.sampled_from([
        "2024-03-01", "2024-03-01T08:00:00Z", "2024-13-45", "0001-01-01T00:00:00", "99999-01-01", "T", "Z",
        "https://example.com/a.jpg", "/relative/x.jpg", "javascript:alert(1)", "http://[::1", "http://x:99999/",
        "<b>bold</b> &amp; &bogus;", "a, b, , c", "\x00\u202e\ud7ff",
    ]),
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(PROPERTIES), st.text(max_size=8)), children, max_size=6),
    ),
    max_leaves=30,
)
field_dicts = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=len(FIELDS))
bodies = st.one_of(
    st.none(),
    st.text(max_size=200),
    st.lists(
        st.sampled_from([
            "<p>Para <b>bold</b> <a href='javascript:x'>bad</a> <a href='https://ok.example'>ok</a></p>",
            "<figure><img src='x.jpg'><figcaption>Cap (Photo: Ann)</figcaption></figure>", "<h2>Head</h2>",
            "<blockquote>Quote<cite>Who</cite></blockquote>", "<ul><li>one</li></ul>", "<div>", "</div>",
            "<script>x()</script>", "<span class='dateline'>CITY —</span>", "<img src=''>", "<figure></figure>",
            "<p></p>", "&#0;", "<table><tr><td>t</td></tr></table>",
        ]),
        max_size=12,
    ).map("".join),
)  # fmt: skip


def check(draft: ArticleDraft) -> None:
    assert isinstance(draft, ArticleDraft)
    assert 0 < len(draft.headline) <= 255
    assert len(draft.standfirst) <= 600 and len(draft.dateline) <= 120
    assert all(author.name and len(author.name) <= 255 for author in draft.authors)
    assert all(image.url.startswith(("http://", "https://", "file:")) for image in draft.images)
    assert all(kind in {"paragraph", "image", "heading", "quote"} for kind, _value in draft.body)
    assert draft.source_url == "" or draft.source_url.startswith(("http://", "https://"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fields=field_dicts, base=st.sampled_from(["https://news.example/a/b", "", "file:///tmp/x.html", "::"]), body=bodies
)
def test_mapping_any_fields_gives_a_draft_or_a_clear_error(fields, base, body):
    tree = None
    if body:
        import lxml.html

        try:
            tree = lxml.html.document_fromstring(f"<html><body><main>{body}</main></body></html>")
        except Exception:  # lxml refuses some generated strings outright; that is the parser, not us
            tree = None
    extraction = Extraction(fields=fields, provenance={}, missing=[], warnings=[], tree=tree, base_url=base)
    try:
        draft = map_article(extraction)
    except ArticleImportError:
        return
    check(draft)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nodes=st.lists(json_values, max_size=4), body=bodies)
def test_pages_with_any_jsonld_give_a_draft_or_a_clear_error(nodes, body):
    blocks = [json.dumps(node).replace("</", "<\\/") for node in nodes]
    scripts = "".join(f'<script type="application/ld+json">{block}</script>' for block in blocks)
    page = f"<!DOCTYPE html><html><head>{scripts}</head><body>{body or ''}</body></html>"
    try:
        draft = map_article(extract(page.encode("utf-8", "surrogatepass"), "https://news.example/story"))
    except ArticleImportError:
        return
    check(draft)


@settings(max_examples=200, deadline=None)
@given(graph=st.lists(st.dictionaries(st.sampled_from(PROPERTIES), json_values, max_size=8), max_size=8))
def test_graphs_with_any_references_resolve_without_looping(graph):
    for number, node in enumerate(graph):  # make @id cycles likely
        node.setdefault("@id", IDS[number % len(IDS)])
        node.setdefault("author", {"@id": IDS[(number + 1) % len(IDS)]})
    index = NodeIndex()
    index.add_all({"@graph": graph})
    for node in index.nodes:
        record = read_node(index.resolve(node), "https://news.example/")
        assert set(record) == set(FIELDS)


def test_control_characters_in_body_text_are_left_out():
    """Found by the fuzz test: lxml parses a control character in body text but refuses it when text is set."""
    import lxml.html

    body = "0\x1f<p>Ferry\x0b news <b>to\x1fday</b>.</p>"
    tree = lxml.html.document_fromstring(f"<html><body><main>{body}</main></body></html>")
    extraction = Extraction(
        fields={"headline": "Ferry"},
        provenance={},
        missing=[],
        warnings=[],
        tree=tree,
        base_url="https://news.example/a/b",
    )
    draft = map_article(extraction)
    check(draft)
    paragraphs = [value for kind, value in draft.body if kind == "paragraph"]
    assert paragraphs and not any(char in "".join(paragraphs) for char in "\x0b\x1f")
    assert "Ferry news" in "".join(paragraphs)

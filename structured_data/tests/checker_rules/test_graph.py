"""structured_data/checker/rules/graph.py:
JSON syntax, @context, @id references and how many articles a page describes.
"""

import json

from structured_data.tests.checker_pages import article, by_code, codes, issues, page


def test_invalid_json_is_an_error_and_the_next_block_is_still_read():
    html = page('{"@context": "https://schema.org", "@type": "Thing",}', article(headlin="x"))
    assert by_code(html, "json-syntax")[0].severity == "error"
    assert "unknown-property" in codes(html)


def test_raw_newlines_in_strings_are_read_and_empty_blocks_are_a_warning():
    raw = json.dumps(article(articleBody="PLACEHOLDER")).replace("PLACEHOLDER", "one\n\ttwo")
    assert codes(page(raw)) == []
    assert [(i.code, i.severity) for i in by_code(page(article(), "  "), "json-empty")] == [("json-empty", "warning")]


def test_schema_org_contexts_in_their_usual_spellings():
    contexts = ("http://schema.org", "https://schema.org/", "http://schema.org/", {"@vocab": "https://schema.org/"},
                ["https://schema.org", {"@language": "en"}], "https://schema.org/docs/jsonldcontext.json")  # fmt: skip
    for context in contexts:
        assert "context" not in codes(page(article(**{"@context": context}))), context
    assert by_code(page(article(**{"@context": None})), "context")[0].severity == "error"
    iri = article(**{"@context": None, "@type": "https://schema.org/NewsArticle"})
    assert "context" not in codes(page(iri))


def test_references_and_conflicting_definitions_are_warnings():
    graph = {"@context": "https://schema.org", "@graph": [
        article(**{"@context": None, "publisher": {"@id": "https://paper.example/#org"}, "about": {"@id": "https://elsewhere.example/x"}}),
        {"@type": "Organization", "@id": "https://paper.example/#missing", "name": "A"},
    ]}  # fmt: skip
    found = {issue.code: issue for issue in issues(page(graph))}
    assert found["unresolved-reference"].severity == "warning"
    assert found["unresolved-reference"].path == "NewsArticle.publisher"
    assert found["external-reference"].severity == "warning"
    org = {"@context": "https://schema.org", "@type": "Organization", "@id": "#o"}
    twice = page(article(publisher={"@id": "#o"}), {**org, "name": "A", "logo": "https://paper.example/l.png"},
                 {"@context": "https://schema.org", "@type": "Organization", "@id": "#o", "name": "B"})  # fmt: skip
    assert by_code(twice, "conflicting-node")[0].severity == "warning"


def test_two_articles_are_a_warning_but_one_article_defined_twice_is_not():
    a, b = article(**{"@id": "#a"}), article(**{"@id": "#b", "headline": "Other"})
    assert by_code(page(a, b), "article-count")[0].severity == "warning"
    assert (
        by_code(
            page(a, {"@context": "https://schema.org", "@type": "NewsArticle", "@id": "#a", "wordCount": 5}),
            "article-count",
        )
        == []
    )


def test_microdata_article_with_another_headline():
    body = '<div itemscope itemtype="https://schema.org/NewsArticle"><h2 itemprop="headline">Something else</h2></div>'
    [issue] = by_code(page(article(), body=body + "<h1>Tram line extension approved</h1>"), "conflicting-duplicate")
    assert issue.severity == "warning"


def test_a_byte_order_mark_and_contexts_on_graph_members():
    assert codes(page("\ufeff" + json.dumps(article()))) == []
    graph = {"@graph": [article()]}  # the context on each member, none on the container
    assert codes(page(graph)) == []

"""structured_data/checker/rules/article.py:
Google's Article properties (none required; authors are Persons or Organizations).
"""

from structured_data.tests.checker_pages import article, by_code, codes, issues, page


def test_missing_recommended_properties_are_warnings():
    html = page(
        article(headline=None, author=None, datePublished=None, publisher=None, image=None), body="<p>Text.</p>"
    )
    found = set(codes(html))
    assert {"headline-missing", "author-missing", "date-missing", "publisher-missing", "image-missing"} <= found
    assert all(issue.severity == "warning" for issue in issues(html))


def test_author_without_a_type_is_an_error():
    [issue] = by_code(page(article(author={"name": "Ada Brook"})), "author-type")
    assert issue.severity == "error"
    assert "node without @type" in issue.message


def test_partial_author_node_takes_its_type_from_the_graph():
    graph = {"@context": "https://schema.org", "@graph": [
        article(**{"@context": None, "author": {"name": "Ada Brook", "@id": "https://paper.example/#/schema/person/1"}}),
        {"@type": "Person", "@id": "https://paper.example/#/schema/person/1", "name": "Ada Brook", "url": "https://paper.example/ada/"},
    ]}  # fmt: skip
    assert codes(page(graph)) == []


def test_author_name_advice():
    for name, excerpt in (("By Ada Brook", "byline word"), ("Ada Brook, Transport reporter", "job title"),
                          ("ADA BROOK AND LI WEI", "several people")):  # fmt: skip
        html = page(
            article(author={"@type": "Person", "name": name, "url": "https://paper.example/a/"}),
            body=f"<h1>x</h1><p>{name}</p>",
        )
        [issue] = by_code(html, "author-name")
        assert issue.severity == "warning" and excerpt in issue.message


def test_dates():
    assert by_code(page(article(datePublished="2026-11-30T09:00:00")), "date-offset")[0].severity == "warning"
    before = page(article(dateModified="2026-11-01T09:00:00+00:00"))
    assert by_code(before, "date-order")[0].severity == "warning"
    # A date-only value is the whole day: modified the same day is not before.
    same_day = page(article(datePublished="2026-11-30T09:00:00+00:00", dateModified="2026-11-30"))
    assert by_code(same_day, "date-order") == []


def test_publisher_advice_is_warnings():
    html = page(article(publisher={"@type": "Person", "name": "Sam"}))
    assert by_code(html, "publisher-type")[0].severity == "warning"
    html = page(article(publisher={"@type": "Organization", "name": "The Paper"}))
    assert by_code(html, "publisher-logo")[0].severity == "warning"

"""structured_data/checker/rules/vocabulary.py: types, properties and values against schema.org."""

from structured_data.tests.checker_pages import article, by_code, codes, page


def test_the_base_page_is_clean():
    assert codes(page(article())) == []


def test_lowercase_type_is_an_unknown_type_with_a_suggestion():
    html = page(article(author={"@type": "person", "name": "Ada Brook", "url": "https://paper.example/ada-brook/"}))
    [issue] = by_code(html, "unknown-type")
    assert issue.severity == "error"
    assert issue.path == "NewsArticle.author.@type"
    assert issue.hint == "Did you mean Person?"


def test_action_annotations_such_as_query_input_are_not_properties():
    site = {"@context": "https://schema.org", "@type": "WebSite", "url": "https://paper.example/", "potentialAction": [
        {"@type": "SearchAction", "target": "https://paper.example/?q={q}", "query-input": "required name=q"},
        {"@type": "SearchAction", "target": {"@type": "EntryPoint", "urlTemplate": "https://paper.example/?s={s}"},
         "query-input": {"@type": "PropertyValueSpecification", "valueRequired": True, "valueName": "s"}},
    ]}  # fmt: skip
    assert "unknown-property" not in codes(page(article(), site))
    site["potentialAction"][0]["flavour-input"] = "required"  # not an annotation of a schema.org property
    [issue] = by_code(page(article(), site), "unknown-property")
    assert issue.severity == "error" and "'flavour-input'" in issue.message


def test_dates_with_a_space_are_errors_and_iso_variants_are_not():
    [issue] = by_code(page(article(datePublished="2026-11-30 09:00:00")), "date-format")
    assert issue.severity == "error" and issue.path == "NewsArticle.datePublished"
    for value in ("2026-11-30T09:00:00.000Z", "2026-11-30T09:00:00.000+0000", "2026-11-30T09:00+01:00", "2026-11-30"):
        assert "date-format" not in codes(page(article(datePublished=value))), value


def test_values_of_the_wrong_type():
    assert by_code(page(article(wordCount="many")), "value-type")[0].severity == "error"
    assert by_code(page(article(wordCount="612")), "number-as-text")[0].severity == "warning"
    assert by_code(page(article(isAccessibleForFree="False")), "value-type") == []
    assert by_code(page(article(url="javascript:void(0)")), "url-scheme")[0].severity == "error"


def test_domain_is_advice_not_a_constraint():
    [issue] = by_code(
        page(article(author={"@type": "Person", "name": "Ada Brook", "headline": "x"})), "property-domain"
    )
    assert issue.severity == "warning"


def test_microdata_names_are_checked_too():
    body = '<div itemscope itemtype="https://schema.org/Person"><span itemprop="familyNmae">Brook</span></div>'
    [issue] = by_code(page(body=body), "unknown-property")
    assert issue.path == "microdata:Person.familyNmae" and issue.hint == "Did you mean familyName?"


def test_urls_with_spaces_are_a_warning_and_app_links_are_urls():
    [issue] = by_code(page(article(url="https://paper.example/my story/")), "url-whitespace")
    assert issue.severity == "warning"
    assert by_code(page(article(url="")), "url-format")[0].severity == "error"
    action = {"@type": "ViewAction", "target": "android-app://com.paper.app/https/paper.example/news/"}
    assert codes(page(article(potentialAction=action))) == []

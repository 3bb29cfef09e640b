"""structured_data/checker/rules/retired_features.py:
markup for features Google retired is a warning, never an error.
"""

from structured_data.tests.checker_pages import by_code, codes, page

SITE = {"@context": "https://schema.org", "@type": "WebSite", "url": "https://paper.example/", "name": "The Paper",
        "potentialAction": {"@type": "SearchAction", "target": "https://paper.example/search?q={search_term_string}",
                            "query-input": "required name=search_term_string"}}  # fmt: skip


def test_sitelinks_search_box_is_one_warning():
    assert codes(page(SITE, body="")) == ["sitelinks-search-box"]
    [issue] = by_code(page(SITE, body=""), "sitelinks-search-box")
    assert issue.severity == "warning" and issue.path == "WebSite.potentialAction"


def test_website_without_search_action_is_clean():
    assert codes(page({k: v for k, v in SITE.items() if k != "potentialAction"}, body="")) == []

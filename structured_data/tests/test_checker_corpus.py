"""The checker against a corpus of deliberately broken pages: each defect caught with its message and severity."""

from __future__ import annotations

import json
import time

import pytest

from structured_data.checker import check_html, get_vocabulary
from structured_data.checker.fetch import FetchError

from .checker_corpus import build_corpus

CORPUS = build_corpus()  # {name: Case(html, expected)}, built in memory
URL = "https://news.example/local/harbor-dredging/"
SITE = "https://news.example/"

IMAGE_SIZES = {
    f"{SITE}media/harbor-16x9.jpg": (1200, 675),
    f"{SITE}media/harbor-4x3.jpg": (1200, 900),
    f"{SITE}media/harbor-1x1.jpg": (1200, 1200),
    f"{SITE}media/logo.png": (600, 200),
}
PROFILE = json.dumps(
    {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "ProfilePage", "@id": f"{SITE}authors/jane-doe/#webpage",
             "mainEntity": {"@id": f"{SITE}authors/jane-doe/#person"}},
            {"@type": "Person", "@id": f"{SITE}authors/jane-doe/#person", "name": "Jane Doe"},
        ],
    }
)  # fmt: skip
PAGES = {
    f"{SITE}authors/jane-doe/": f'<html><head><script type="application/ld+json">{PROFILE}</script></head></html>',
    f"{SITE}about/": '<html><head><script type="application/ld+json">'
    '{"@context": "https://schema.org", "@type": "AboutPage", "name": "About us"}</script></head></html>',
}


def fetch_image_size(url):
    return IMAGE_SIZES.get(url)


def fetch_page(url):
    if url not in PAGES:
        raise FetchError("HTTP 404")
    return PAGES[url]


def check(name: str):
    return check_html(CORPUS[name].html, URL, fetch_image_size=fetch_image_size, fetch_page=fetch_page)


def test_vocabulary_is_the_full_current_release():
    vocabulary = get_vocabulary()
    major = int(vocabulary.release.split(".")[0])
    assert major >= 29
    assert len(vocabulary.supertypes) > 800 and len(vocabulary.properties) > 1400
    assert vocabulary.supertypes["AnalysisNewsArticle"] >= {"NewsArticle", "Article", "CreativeWork", "Thing"}
    assert {"CreativeWork"} <= vocabulary.properties["headline"].domains
    assert vocabulary.properties["author"].ranges == {"Person", "Organization"}
    assert vocabulary.supertypes["Integer"] >= {"Number"}


def test_valid_page_has_no_issue():
    assert check("valid") == []


@pytest.mark.parametrize("name", sorted(set(CORPUS) - {"valid"}))
def test_each_defect_is_caught(name):
    issues = check(name)
    found = [(issue.severity, issue.code, issue.message) for issue in issues]
    expected = CORPUS[name].expected
    for severity, code, message in expected:
        assert any(s == severity and c == code and message in m for s, c, m in found), (name, found)
    # Nothing else is reported: one defect, its own issues.
    assert len(issues) == len(expected), (name, found)
    assert all(issue.path or issue.code in ("article-missing",) for issue in issues)


def test_paths_name_the_property():
    issues = check("image_size_mismatch")
    assert [issue.path for issue in issues] == ["NewsArticle.image[1].width"]
    assert issues[0].hint


def test_malformed_block_does_not_hide_the_valid_one():
    issues = check("json_syntax")
    assert [issue.code for issue in issues] == ["json-syntax"]
    assert issues[0].path == "script[0]"
    # The valid block beside it was read: breaking it is noticed.
    html = CORPUS["json_syntax"].html.replace('"headline": "Harbor dredging starts in May"', '"headlin": "x"')
    codes = {issue.code for issue in check_html(html, URL, fetch_image_size=fetch_image_size, fetch_page=fetch_page)}
    assert {"json-syntax", "unknown-property", "headline-missing"} <= codes


# Robustness -------------------------------------------------------------------------------------


def codes_of(html, **kwargs):
    return [issue.code for issue in check_html(html, URL, **kwargs)]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "not html at all",
        "\x00\x01\x02binary",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        "<html><head><script type='application/ld+json'>[1, 2, \"x\"]</script></head></html>",
        '<html><head><script type=\'application/ld+json\'>{"@context": "https://schema.org", "@type": 5}</script>',
        '<html><head><script type=\'application/ld+json\'>{"@context": "https://schema.org", "a": NaN}</script>',
        "<html><script type='application/ld+json'></script><h1>",
        "<<<<>>>><script type='application/ld+json'>{\"@graph\": 7}",
    ],
)
def test_malformed_input_gives_issues_not_exceptions(html):
    codes = codes_of(html)
    assert isinstance(codes, list)
    assert "checker-failed" not in codes


def test_not_html_is_reported():
    assert codes_of("%PDF-1.4 binary") == ["not-html"]
    assert codes_of(b"\x89PNG\r\n\x1a\n\x00") == ["not-html"]


def test_deeply_nested_json_is_bounded():
    deep = "[" * 100_000 + "]" * 100_000
    html = f'<html><head><script type="application/ld+json">{deep}</script></head><body></body></html>'
    started = time.perf_counter()
    issues = check_html(html, URL)
    assert time.perf_counter() - started < 5
    assert [issue.code for issue in issues] == ["json-syntax"]
    assert "nested too deeply" in issues[0].message


def test_deep_but_parseable_nesting_is_cut_off():
    node = {"@type": "Thing", "name": "leaf"}
    for _ in range(200):
        node = {"@type": "CreativeWork", "hasPart": node}
    html = f'<html><head><script type="application/ld+json">{json.dumps({"@context": "https://schema.org", **node})}'
    html += "</script></head></html>"
    issues = check_html(html, URL)
    assert [issue.code for issue in issues].count("too-deep") == 1
    assert all(issue.code != "checker-failed" for issue in issues)


def test_huge_document_is_refused_quickly():
    html = "<html><body>" + "<p>lorem ipsum dolor</p>" * (20 * 1024 * 1024 // 24) + "</body></html>"
    assert len(html) >= 20 * 1024 * 1024
    started = time.perf_counter()
    issues = check_html(html, URL)
    assert time.perf_counter() - started < 10  # refused before parsing: a parse would take far longer
    assert [issue.code for issue in issues] == ["too-large"]


def test_large_document_under_the_cap_is_checked_in_bounded_time():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Thing", "@id": f"#n{i}", "name": f"node {i}", "sameAs": {"@id": f"#n{i + 1}"}} for i in range(6000)
    ]}  # fmt: skip
    html = "<html><head><script type='application/ld+json'>" + json.dumps(graph) + "</script></head><body>"
    html += "<p>text</p>" * 200_000 + "</body></html>"
    started = time.perf_counter()
    issues = check_html(html, URL)
    assert time.perf_counter() - started < 20
    assert "too-many-nodes" in [issue.code for issue in issues]


def test_failing_fetchers_become_issues():
    def broken(url):
        raise TimeoutError("timed out")

    issues = check_html(CORPUS["valid"].html, URL, fetch_image_size=broken, fetch_page=broken)
    codes = {issue.code for issue in issues}
    assert codes == {"image-unreadable", "author-url-unreachable"}
    assert all(issue.severity == "warning" for issue in issues)

"""The checker's in-process view of a Wagtail site: every visible page's URLs, what an answer that is not a page
becomes, other pages read for rules (kept a bounded while), image sizes read from storage, and ``cssSelector``s
matched against the page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage

from structured_data.checker.fetch import FetchError
from structured_data.checker.selectors import css_selector_issues
from structured_data.checker.site import SiteRenderer, iter_site_pages, storage_image_size

from .builders import build_site, make_event, make_image


@pytest.fixture
def tree(db) -> SimpleNamespace:
    tree = build_site()
    tree.event = make_event(tree.section, "Harbor festival", summary="Boats and music.")
    tree.draft = tree.section.add_child(  # not live: never listed
        instance=type(tree.section)(title="Draft", slug="draft", live=False)
    )
    return tree


def test_the_urls_are_those_of_the_visible_pages_in_tree_order(tree):
    renderer = SiteRenderer(tree.site)
    assert renderer.page_urls() == [tree.home.full_url, tree.section.full_url, tree.event.full_url]
    pages = [page for page, _url in renderer.pages_and_urls()]
    assert pages[-1] == tree.event and type(pages[-1]) is type(tree.event)  # specific


def test_what_cannot_be_checked_is_one_issue_saying_why(tree):
    renderer = SiteRenderer(tree.site)
    issues, json_ld = renderer.check("http://localhost/no-such-page/")
    assert [(i.code, i.message) for i in issues] == [("http-status", "The page answered HTTP 404.")]
    assert json_ld == []
    issues, json_ld = renderer.check(f"{tree.event.full_url}?format=ninjs")  # the query reaches the page
    assert [i.code for i in issues] == ["not-html"] and json_ld == []
    assert "(application/ninjs+json" in issues[0].message
    issues, _json_ld = renderer.check("http://[::1/")
    assert [i.code for i in issues] == ["render-failed"]
    assert issues[0].message.startswith("The page could not be rendered: ")
    issues, json_ld = renderer.check(tree.event.full_url)
    assert {node["@type"] for node in json_ld[0]["@graph"]} >= {"Event", "WebPage"}


def test_other_pages_are_read_from_this_site_only_and_a_few_are_kept(tree):
    renderer = SiteRenderer(tree.site)
    assert renderer.owns("/local/") and renderer.owns(tree.event.full_url)
    assert not renderer.owns("https://elsewhere.example/local/")
    assert renderer.page("https://elsewhere.example/local/") is None
    with pytest.raises(FetchError, match="HTTP 404"):
        renderer.page("http://localhost/no-such-page/")
    assert "<title>Harbor festival" in renderer.page(tree.event.full_url)
    renderer.PAGES_KEPT = 2
    renderer.remember("http://localhost/a/", "a")
    renderer.remember("http://localhost/b/", "b")
    assert list(renderer._pages) == ["http://localhost/a/", "http://localhost/b/"]  # the event's went first
    assert renderer.page("http://localhost/a/") == "a"  # kept: not rendered again (it does not exist)
    renderer.remember("http://localhost/c/", "c")
    assert list(renderer._pages) == ["http://localhost/a/", "http://localhost/c/"]  # read lately: kept
    ((url, response),) = iter_site_pages(renderer, [tree.section.full_url])
    assert url == tree.section.full_url and response.status_code == 200


def test_image_sizes_come_from_the_files_in_storage(tree, settings):
    rendition = make_image("Pier", 1600, 900).get_rendition("width-400")
    renderer = SiteRenderer(tree.site)
    assert renderer.image_size(rendition.url) == (400, 225)
    assert renderer.image_size(f"http://localhost{rendition.url}") == (400, 225)
    assert renderer.image_size(f"https://cdn.example{rendition.url}") is None  # another host's file
    assert renderer.image_size("/static/logo.png") is None  # not media
    default_storage.delete(rendition.file.name)
    with pytest.raises(FetchError, match="the file is missing from storage"):
        renderer.image_size(rendition.url)


def test_media_served_from_another_host(tree, settings):
    settings.MEDIA_URL = "https://media.example/files/"
    image = make_image("Buoy", 800, 600)
    assert storage_image_size(f"https://media.example/files/{image.file.name}", "http://localhost") == (800, 600)
    assert storage_image_size(f"http://localhost/media/{image.file.name}", "http://localhost") is None


def test_css_selectors_must_parse_and_match_something_on_the_page():
    html = "<html><body><div class='paywall'>Gated</div></body></html>"
    json_ld = [
        {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "NewsArticle",
                    "hasPart": [
                        {"@type": "WebPageElement", "cssSelector": ".paywall"},
                        {"@type": "WebPageElement", "cssSelector": [".missing", "div[", " "]},
                    ],
                }
            ],
        },
        [{"@type": ["Article", "Report"], "speakable": {"cssSelector": 5}}],
        "not a node",
    ]
    issues = css_selector_issues(html, json_ld)
    assert [(i.code, i.path) for i in issues] == [
        ("css-selector-unmatched", "NewsArticle.hasPart[1].cssSelector[0]"),
        ("css-selector-invalid", "NewsArticle.hasPart[1].cssSelector[1]"),
        ("css-selector-invalid", "NewsArticle.hasPart[1].cssSelector[2]"),
        ("css-selector-invalid", "Article/Report.speakable.cssSelector"),
    ]
    assert issues[0].message == "The cssSelector '.missing' matches nothing on the page."
    assert issues[1].message.startswith("The cssSelector 'div[' does not parse: ")
    assert issues[2].message == "A cssSelector is not a CSS selector."
    assert css_selector_issues("not even html", [{"@type": "Thing", "name": "No selector"}]) == []

"""The paywall in a real browser: the client-side meter, a subscriber, and a reader without JavaScript.

The pages are served by the live server exactly as any cache would keep them; what a reader sees
is decided by ``paywall.js`` from ``localStorage`` alone.
"""

from __future__ import annotations

import pytest

from articles.models import AccessSettings, ArticlePage
from structured_data.models import PublisherSettings
from tests.browser.test_browser import pytestmark  # noqa: F401 - the same marks
from tests.support.builders import build_site, make_article, paragraph

ALLOWANCE = 2


@pytest.fixture
def articles(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    tree = build_site(hostname="localhost", port=port, sections=("Harbor",))
    PublisherSettings.objects.create(site=tree.site, name="The Test Ledger")
    AccessSettings.objects.create(site=tree.site, meter_allowance=ALLOWANCE)
    body = [paragraph(f"<p>Paragraph {n} of the story.</p>") for n in range(1, 5)]
    metered = [
        make_article(tree.section, f"Metered story {n}", body=body, access="metered", free_paragraphs=1)
        for n in range(1, ALLOWANCE + 2)
    ]
    locked = make_article(tree.section, "Members story", body=body, access="subscribers", free_paragraphs=1)
    return live_server.url, metered, locked


def gated_visible(page, url: str) -> bool:
    page.goto(url)
    page.locator(".article__body").wait_for()
    return page.locator(".article__gated").is_visible()


def prompt_visible(page) -> bool:
    return page.locator("[data-paywall]").is_visible()


def test_meter_opens_the_allowance_then_locks(browser, articles):
    base, metered, locked = articles
    context = browser.new_context()
    page = context.new_page()
    urls = [base + article.url for article in metered]
    assert gated_visible(page, urls[0]) and not prompt_visible(page)
    assert gated_visible(page, urls[1])
    assert not gated_visible(page, urls[2])  # the third in 30 days: the prompt instead
    assert prompt_visible(page)
    assert page.locator(".paywall__meter").is_visible()
    assert gated_visible(page, urls[0])  # one already counted stays open
    assert not gated_visible(page, base + locked.url)  # subscriber-only: never metered
    meter = page.evaluate("JSON.parse(localStorage.getItem('newsroom.meter'))")
    assert sorted(str(item[0]) for item in meter) == sorted(str(a.pk) for a in metered[:ALLOWANCE])
    # Thirty-one days later the oldest visits no longer count.
    page.evaluate(
        "localStorage.setItem('newsroom.meter', JSON.stringify("
        "JSON.parse(localStorage.getItem('newsroom.meter')).map(v => [v[0], v[1] - 31 * 86400000])))"
    )
    assert gated_visible(page, urls[2])
    context.close()


def test_subscriber_reads_everything_and_no_javascript_sees_the_prompt(browser, articles):
    base, _metered, locked = articles
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + locked.url)
    page.evaluate("localStorage.setItem('newsroom.subscriber', '1')")
    assert gated_visible(page, base + locked.url) and not prompt_visible(page)
    context.close()

    no_js = browser.new_context(java_script_enabled=False)
    page = no_js.new_page()
    assert not gated_visible(page, base + locked.url)
    assert prompt_visible(page)
    text = page.locator(".article__gated").text_content()  # hidden, but in the page for search engines
    assert "Paragraph 4 of the story." in text
    assert ArticlePage.objects.get(pk=locked.pk).is_gated
    no_js.close()

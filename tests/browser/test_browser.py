"""The whole product in a real browser (Debian's chromium driven by Playwright), as its users use it.

An editor signs in to the Wagtail admin, writes an article with a captioned, credited lead photo and
two authors, previews its structured data and publishes it. A reader opens the article, sees the
caption, credit, byline and author bio, signs up for the newsletter, receives the confirmation email
at an SMTP server on loopback, opens its link, presses the button and is confirmed.

Skipped where /usr/bin/chromium or the ``playwright`` package is missing (``.ci/run`` installs both;
Playwright never downloads a browser of its own here). Screenshots go to ``docs/screenshots/``.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from django.test import override_settings

from tests.support.builders import build_site, make_author, make_image
from tests.support.newsletter import make_newsletter
from tests.support.smtp import email_settings_for, smtp_server

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
PASSWORD = "correct-horse-battery-staple"

pytestmark = [
    # live_server needs committed data. serialized_rollback reloads what the migrations created (root
    # page, default site, locale) at the start of this test; the flush after it leaves the tables empty
    # for any transactional test that follows (see build_site in tests/builders.py).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.slow,
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture
def newsroom(live_server):
    """A site served by the live server, two authors, a credited photo, an editor and a newsletter."""
    from django.contrib.auth import get_user_model

    from structured_data.models import PublisherSettings

    port = int(live_server.url.rsplit(":", 1)[1])
    tree = build_site(hostname="localhost", port=port, sections=("Harbor",))
    publisher = PublisherSettings.for_site(tree.site)
    publisher.name = "The Test Ledger"
    publisher.url = live_server.url + "/"
    publisher.logo = make_image("Ledger logo", 600, 60)
    publisher.save()
    authors = [
        make_author(
            "Ada Marsh",
            job_title="Harbor reporter",
            short_bio="Ada Marsh has covered the waterfront and its fisheries since 2015.",
        ),
        make_author(
            "Tomas Reyes", job_title="Photographer", short_bio="Tomas Reyes photographs the coast for the Ledger."
        ),
    ]
    photo = make_image("Ferry at the pier", caption="The morning ferry leaves the pier.", credit="Tomas Reyes / Ledger")
    editor = get_user_model().objects.create_superuser("editor", "editor@ledger.example", PASSWORD)
    newsletter = make_newsletter(site=tree.site, heading="The Morning Ledger", button_label="Sign me up")
    return tree, authors, photo, editor, newsletter


def _screenshot(page, name: str) -> None:
    """Take a screenshot for the docs (docs/editors-guide.md); it is written to docs/ only with
    NEWSROOM_SCREENSHOTS=1 (a test run leaves the checkout as it was)."""
    image = page.screenshot(full_page=False)
    assert image.startswith(b"\x89PNG")
    if os.environ.get("NEWSROOM_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / name).write_bytes(image)


def editor_writes_and_publishes(page, base_url: str, tree, authors, photo) -> list[dict]:
    expect = sync_api.expect
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{base_url}/admin/pages/add/articles/articlepage/{tree.section.pk}/")
    page.fill("#id_title", "Ferry service returns to the harbor")
    page.press("#id_title", "Tab")  # leaving the headline fills the slug, as it does for a person
    page.fill("#id_standfirst", "The island ferry runs again after a winter of repairs to the pier.")
    page.fill("#id_dateline", "ROCKLAND, Maine")

    # Byline: two authors through the MultipleChooserPanel's chooser (one modal, several ticked).
    page.click("#id_article_authors-0-DELETE-button")  # the empty form min_num=1 starts with
    page.get_by_role("button", name=re.compile("Add author", re.I)).click()
    modal = page.locator(".modal.in")
    expect(modal).to_be_visible()
    for author in authors:
        modal.get_by_role("checkbox", name=re.compile(author.name)).check()
    modal.get_by_role("button", name=re.compile("Confirm selection", re.I)).click()
    expect(page.locator(".modal.in")).to_have_count(0)
    page.locator("#id_article_authors-FORMS").first.scroll_into_view_if_needed()
    _screenshot(page, "admin-byline.png")

    # Lead photo: chosen in the image chooser; the credit comes from the image, the caption is the editor's.
    page.locator("#panel-child-content-lead_photo-section, [data-contentpath=lead_image]").first.get_by_role(
        "button", name=re.compile("Choose an image", re.I)
    ).click()
    modal = page.locator(".modal.in")
    modal.get_by_role("link", name=photo.title).first.click()
    expect(page.locator(".modal.in")).to_have_count(0)
    page.fill("#id_lead_image_caption", "The first ferry of the season leaves the rebuilt pier.")
    page.locator("#id_lead_image_caption").scroll_into_view_if_needed()
    _screenshot(page, "admin-lead-photo.png")

    page.get_by_role("tab", name="Promote").click()
    if not page.input_value("#id_slug"):
        page.fill("#id_slug", "ferry-service-returns")
    page.get_by_role("tab", name="Content").click()
    page.get_by_role("button", name=re.compile("Save draft", re.I)).click()
    page.wait_for_load_state()
    errors = [text.strip() for text in page.locator(".w-field__errors").all_inner_texts() if text.strip()]
    assert "/edit/" in page.url, f"not saved: {errors}"

    # Structured data: the side panel's preview, in the "Structured data" mode the plugin adds.
    page.get_by_role("button", name="Toggle preview").click()
    expect(page.frame_locator("#w-preview-iframe").locator("h1")).to_contain_text("Ferry service returns")
    page.select_option("#id_preview_mode", "structured-data")
    iframe = 'iframe#w-preview-iframe[src*="mode=structured-data"]'
    page.wait_for_selector(iframe, state="attached")
    report = page.frame_locator(iframe).locator("body")
    expect(report.locator(".summary")).to_be_visible(timeout=30000)
    graph = json.loads(report.locator("pre.json-ld").first.inner_text())["@graph"]
    _screenshot(page, "editor.png")

    # Publish from the footer's action menu.
    page.locator("footer .w-dropdown__toggle, .footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name=re.compile(r"^\s*Publish\s*$")).click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text(re.compile("published", re.I))
    _screenshot(page, "admin-published.png")
    return graph


def reader_reads_and_subscribes(page, article_url: str, newsletter, sink, expect):
    page.goto(article_url)
    figure = page.locator("figure.photo--lead")
    expect(figure.locator(".caption")).to_have_text("The first ferry of the season leaves the rebuilt pier.")
    expect(figure.locator(".credit")).to_have_text("(Tomas Reyes / Ledger)")
    expect(page.locator(".article__header")).to_contain_text("Ada Marsh")
    expect(page.locator(".article__header")).to_contain_text("Tomas Reyes")
    bios = page.locator(".about-authors .author-box__bio")
    expect(bios).to_have_text(
        [
            "Ada Marsh has covered the waterfront and its fisheries since 2015.",
            "Tomas Reyes photographs the coast for the Ledger.",
        ]
    )

    signup = page.locator(".newsletter-signup--article")
    signup.scroll_into_view_if_needed()
    signup.get_by_label("Email address").fill("reader@mail.example")
    signup.get_by_role("button", name="Sign me up").click()
    # The form answers in place (signup.js replaces it with the newsletter's success message).
    expect(signup.locator(".newsletter-signup__success")).to_have_text(newsletter.success_message)

    # The confirmation email, as a mail client reads it off the loopback SMTP server.
    deadline = time.monotonic() + 20
    while not sink.messages and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(sink.messages) == 1, "no confirmation email arrived"
    message = sink.parsed()[0]
    assert message["To"] == "reader@mail.example"
    text = message.get_body(preferencelist=("plain",)).get_content()
    confirm_url = re.search(r"https?://\S+/newsletter/confirm/\S+/", text).group(0)

    page.goto(confirm_url)
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.locator("h1")).to_have_text("You're subscribed")


def test_editor_publishes_and_reader_subscribes(newsroom, live_server, browser):
    from articles.models import ArticlePage
    from newsletter.models import Subscriber

    tree, authors, photo, _editor, newsletter = newsroom
    expect = sync_api.expect
    with smtp_server() as sink, override_settings(**email_settings_for(sink), NEWSLETTER={"BASE_URL": live_server.url}):
        editor_page = browser.new_context(viewport=VIEWPORT).new_page()
        editor_page.set_default_timeout(20000)
        graph = editor_writes_and_publishes(editor_page, live_server.url, tree, authors, photo)

        article = ArticlePage.objects.get(title="Ferry service returns to the harbor")
        assert article.live and not article.has_unpublished_changes
        assert [author.name for author in article.authors] == ["Ada Marsh", "Tomas Reyes"]
        assert article.lead_image_id == photo.pk
        news = next(node for node in graph if node["@type"] == "NewsArticle")
        assert news["headline"] == "Ferry service returns to the harbor"
        people = {node["@id"]: node for node in graph if node["@type"] == "Person"}
        assert sorted(people[ref["@id"]]["name"] for ref in news["author"]) == ["Ada Marsh", "Tomas Reyes"]
        images = [
            node
            for node in graph
            if node["@type"] == "ImageObject"
            and node.get("caption") == "The first ferry of the season leaves the rebuilt pier."
        ]
        assert images and all(node["creditText"] == "Tomas Reyes / Ledger" for node in images)

        reader = browser.new_context(viewport=VIEWPORT).new_page()
        reader.set_default_timeout(20000)
        reader_reads_and_subscribes(reader, live_server.url + article.get_url(), newsletter, sink, expect)
        reader.goto(live_server.url + article.get_url())
        _screenshot(reader, "reader.png")

    subscriber = Subscriber.objects.get(newsletter=newsletter, email="reader@mail.example")
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None

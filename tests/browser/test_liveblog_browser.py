"""A reader with a live blog open sees a new update appear without reloading, and loads older ones in place.

The update is published the way the "Post an update" quick action does it (a revision of the live page
with one more update); the page's script finds it by polling the updates endpoint.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.support.builders import build_site, make_author, make_live_blog

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.slow,
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@override_settings(LIVE_BLOG={"POLL_SECONDS": 1, "POLL_MAX_AGE": 0, "UPDATES_PER_PAGE": 3})
def test_new_updates_appear_and_older_load_in_place(live_server, browser):
    from articles.models import LiveBlogPage, LiveBlogUpdate

    port = int(live_server.url.rsplit(":", 1)[1])
    tree = build_site(hostname="localhost", port=port)
    reporter = make_author("Ada Marsh")
    start = timezone.now() - datetime.timedelta(hours=2)
    updates = [
        {"published_at": start + datetime.timedelta(minutes=10 * i), "body": f"<p>Update {i} from the pier.</p>"}
        for i in range(5)
    ]
    blog = make_live_blog(tree.section, "Harbor storm live", authors=[reporter], coverage_start=start, updates=updates)

    page = browser.new_page()
    page.goto(live_server.url + blog.url)
    stream = page.locator(".liveblog__stream .live-update")
    sync_api.expect(stream).to_have_count(3)

    live = LiveBlogPage.objects.get(pk=blog.pk)
    live.updates.add(LiveBlogUpdate(headline="Ferry cancelled", body="<p>No crossings tonight.</p>"))
    live.save_revision().publish()

    first = page.locator(".liveblog__stream .live-update").first
    sync_api.expect(first.locator(".live-update__headline")).to_have_text("Ferry cancelled", timeout=15_000)
    sync_api.expect(page.locator(".liveblog__new")).to_be_visible()

    page.get_by_role("link", name="Load older updates").click()
    sync_api.expect(stream).to_have_count(6)  # 3 shown, 1 new, 2 older: all there is
    sync_api.expect(page.locator(".liveblog__older")).to_have_count(0)
    bodies = page.locator(".liveblog__stream .live-update__body").all_inner_texts()
    assert bodies[-1].strip() == "Update 0 from the pier."
    assert page.url == live_server.url + blog.url  # no reload, no navigation

"""Precise invalidation: each change makes the URLs it affects fresh and leaves an unrelated article cached.

"Fresh" means the next request is not a cache hit (and shows the change where the change is
visible); "cached" means served from the page cache with no database query. Changes that show on
every page (the publisher setting, the newsletter block in the footer, the section menu) purge
every page, the unrelated article included: that is exactly the set whose output changed.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from articles.models import ArticlePage
from tests.support.builders import make_article

pytestmark = pytest.mark.usefixtures("page_cache")


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


#: The article's topic: the sibling that goes live in the matrix does not carry its tag.
TAGGED = ("/topics/ferries/", "/feeds/topics/ferries/")


def related_urls(tree):
    day = timezone.localtime(tree.article.listing_date, timezone.get_default_timezone())
    return [
        tree.article.url,
        tree.article.url + "?format=jsonld",
        tree.article.url + "?format=ninjs",
        tree.article.url + "?format=newsml",
        tree.section.url,
        tree.home.url,
        tree.authors_index.url + "rita-alvarez/",
        "/feeds/rss/",
        "/sitemap.xml",
        # Its topic and its day (topics/, articles/archives.py).
        "/topics/ferries/",
        "/feeds/topics/ferries/rss/",
        "/sitemap-topics.xml",
        day.strftime("/%Y/%m/%d/"),
        day.strftime("/%Y/%m/"),
    ]


def rename(page, title):
    page = page.specific
    page.title = title
    page.save_revision().publish()


def rename_section(tree):
    rename(tree.section, "Local news")
    tree.expect = {tree.unrelated.url: "Local news"}  # the navigation, from the cached header fragment


def edit_author(tree):
    tree.rita.job_title = "Harbor Correspondent"
    tree.rita.save()


def edit_image(tree):
    tree.ferry.caption = "The new ferry at the pier."
    tree.ferry.save()


def delete_renditions(tree):
    tree.ferry.renditions.all().delete()


def edit_tag(tree):
    tag = tree.article.tags.get()
    tag.name = "ferry service"
    tag.save()


def move(tree):
    Page.objects.get(pk=tree.article.pk).move(tree.sections[1].sections_target, pos="last-child")


def publisher(tree):
    from structured_data.models import PublisherSettings

    settings = PublisherSettings.for_site(tree.site)
    settings.name = "The Harbor Ledger"
    settings.save()
    tree.expect = {tree.home.url: "The Harbor Ledger", tree.article.url: "The Harbor Ledger"}  # header, footer


def newsletter_copy(tree):
    from newsletter.models import Newsletter

    newsletter = Newsletter.objects.get()
    newsletter.heading = "The harbor, every morning"
    newsletter.save()
    tree.expect = {tree.article.url: "The harbor, every morning"}


def go_live(tree):
    scheduled = make_article(tree.section, "Ferry strike called off", authors=[tree.rita], publish=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(seconds=1)
    scheduled.save_revision(approved_go_live_at=scheduled.go_live_at)
    tree.expect = {tree.section.url: "Ferry strike called off", tree.home.url: "Ferry strike called off"}
    import time

    time.sleep(1.1)
    call_command("publish_scheduled", verbosity=0)


def expire(tree):
    ArticlePage.objects.filter(pk=tree.article.pk).update(expire_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("publish_scheduled", verbosity=0)


CHANGES = {
    "publish": (lambda tree: rename(tree.article, "Ferry schedule changes again"), False),
    "unpublish": (lambda tree: tree.article.unpublish(), False),
    "move": (move, False),
    "delete": (lambda tree: Page.objects.get(pk=tree.article.pk).delete(), False),
    "author": (edit_author, False),
    "image": (edit_image, False),
    "renditions": (delete_renditions, False),
    "tag": (edit_tag, False),
    "section": (rename_section, True),  # in the menu of every page
    "publisher": (publisher, True),
    "newsletter": (newsletter_copy, True),
    "publish_scheduled go-live": (go_live, False),
    "publish_scheduled expiry": (expire, False),
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("change", list(CHANGES))
def test_change_purges_exactly_what_it_affects(client, newsroom, change, django_assert_num_queries):
    from newsletter.models import Newsletter

    Newsletter.objects.get_or_create(slug="morning", defaults={"name": "Morning", "heading": "Morning news"})
    newsroom.sections[1].sections_target = newsroom.sections[1]
    newsroom.expect = {}
    urls = related_urls(newsroom)
    warm(client, [*urls, newsroom.unrelated.url])
    apply, site_wide = CHANGES[change]
    apply(newsroom)
    for url in urls:
        if change == "publish_scheduled go-live" and url.startswith((newsroom.article.url, *TAGGED)):
            continue  # a sibling going live (without the tag) does not change this article's page or topic
        response = client.get(url)
        assert response.get("X-Page-Cache") != "hit", f"{change}: {url} still served from the cache"
        if url in newsroom.expect:
            assert newsroom.expect[url] in response.content.decode()
    if site_wide:
        response = client.get(newsroom.unrelated.url)
        assert response["X-Page-Cache"] != "hit"
        if newsroom.unrelated.url in newsroom.expect:
            assert newsroom.expect[newsroom.unrelated.url] in response.content.decode()
    else:
        with django_assert_num_queries(0):
            assert client.get(newsroom.unrelated.url)["X-Page-Cache"] == "hit", f"{change} purged an unrelated article"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_section_published_without_a_menu_change_leaves_other_pages_cached(
    client, newsroom, django_assert_num_queries
):
    warm(client, [newsroom.section.url, newsroom.unrelated.url])
    section = newsroom.section.specific
    section.intro = "Everything that happens on the waterfront."
    section.save_revision().publish()
    response = client.get(newsroom.section.url)
    assert response["X-Page-Cache"] != "hit"
    assert "Everything that happens on the waterfront." in response.content.decode()
    with django_assert_num_queries(0):
        assert client.get(newsroom.unrelated.url)["X-Page-Cache"] == "hit"

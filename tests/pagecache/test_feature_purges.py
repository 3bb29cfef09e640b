"""The features built beside the page cache, under it: live blogs, corrections, the paywall's and the
signup block's site-wide words, translations and the newsletter archive.

Each change goes through the one invalidation path (hooks and dependency records): the URLs it
affects are fresh on the next request and show the change; an unrelated article is still served
from the cache with no query (except for site-wide changes, which change every page).
"""

import datetime
import json

import lxml.etree
import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticleCorrection, CorrectionsPage
from tests.support.builders import make_article, make_live_blog, paragraph, translate, translate_site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def fresh(client, url):
    response = client.get(url)
    assert response.get("X-Page-Cache") != "hit", f"{url} still served from the cache"
    return response


def still_cached(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(url)["X-Page-Cache"] == "hit", f"{url} was purged"


def doc(response):
    return lxml.html.fromstring(response.content)


# Live blogs ---------------------------------------------------------------------------------------


@pytest.fixture
def blog(newsroom, django_capture_on_commit_callbacks):
    start = timezone.now() - datetime.timedelta(hours=3)
    updates = [
        {"published_at": start + datetime.timedelta(minutes=i), "body": f"<p>Crews at the levee, report {i}.</p>"}
        for i in range(25)  # more than one page of 20: "load older" has a ?before= link
    ]
    with django_capture_on_commit_callbacks(execute=True):
        return make_live_blog(newsroom.section, "Storm live", coverage_start=start, updates=updates)


def update_ids(payload):
    return [update["id"] for update in payload["updates"]]


def test_load_older_is_its_own_cache_variant(client, blog):
    """``?before=`` changes what the page and the endpoint show: a variant of its own, never the newest slice."""
    warm(client, [blog.url, blog.url + "updates/"])
    newest = update_ids(json.loads(client.get(blog.url + "updates/").content))
    oldest_shown = newest[-1]
    older = json.loads(client.get(blog.url + "updates/", {"before": oldest_shown}).content)
    assert update_ids(older) and set(update_ids(older)).isdisjoint(newest)  # the next slice, not the newest again
    page = doc(client.get(blog.url, {"before": oldest_shown}))
    shown = {int(el.get("data-update-id")) for el in page.cssselect("[data-update-id]")}
    assert shown == set(update_ids(older))
    # Each variant is cached on its own and comes back the same.
    assert client.get(blog.url + "updates/", {"before": oldest_shown})["X-Page-Cache"] == "hit"
    assert json.loads(client.get(blog.url + "updates/").content)["updates"][0]["id"] == newest[0]


def blog_urls(newsroom, blog, before):
    return [
        blog.url,
        f"{blog.url}?before={before}",
        blog.url + "?format=jsonld",
        blog.url + "?format=ninjs",
        blog.url + "?format=newsml",
        blog.url + "updates/",
        f"{blog.url}updates/?before={before}",
        newsroom.section.url,
        newsroom.home.url,
        "/feeds/rss/",
        f"/feeds/sections/{newsroom.section.slug}/rss/",
        "/news-sitemap.xml",
    ]


def test_an_update_posted_with_the_quick_action_reaches_cached_readers(
    client, admin_client, newsroom, blog, django_capture_on_commit_callbacks, django_assert_num_queries
):
    before = update_ids(json.loads(client.get(blog.url + "updates/").content))[-1]
    urls = blog_urls(newsroom, blog, before)
    warm(client, [*urls, newsroom.unrelated.url])
    data = {
        "published_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "headline": "Levee holds overnight",
        "body": rich_text("<p>Engineers say the levee held.</p>"),
        "image_caption": "",
        "image_credit": "",
    }
    with django_capture_on_commit_callbacks(execute=True):  # the commit: purges run
        response = admin_client.post(reverse("liveblog_post_update", args=[blog.pk]), data)
    assert response.status_code == 302
    for url in urls:
        fresh(client, url)
    payload = json.loads(client.get(blog.url + "updates/").content)
    assert "Levee holds overnight" in payload["updates"][0]["html"]
    assert "Levee holds overnight" in doc(client.get(blog.url)).text_content()
    news = lxml.etree.fromstring(client.get("/news-sitemap.xml").content)
    assert any(loc.text.endswith(blog.url) for loc in news.iter("{*}loc"))
    still_cached(client, newsroom.unrelated.url, django_assert_num_queries)


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_an_update_edited_or_deleted_in_the_editor_reaches_cached_readers(
    client, newsroom, blog, change, django_capture_on_commit_callbacks, django_assert_num_queries
):
    newest = update_ids(json.loads(client.get(blog.url + "updates/").content))
    urls = blog_urls(newsroom, blog, newest[-1])
    warm(client, [*urls, newsroom.unrelated.url])
    page = blog.specific.get_latest_revision_as_object()
    updates = list(page.updates.all())
    target = next(update for update in updates if update.pk == newest[0])
    if change == "edit":
        target.body = "<p>Correction: the crews are at the north levee.</p>"
    else:
        updates.remove(target)
    page.updates = updates  # as the editor's formset sets them
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    for url in urls:
        fresh(client, url)
    payload = json.loads(client.get(blog.url + "updates/").content)
    if change == "edit":
        assert "north levee" in payload["updates"][0]["html"]
    else:
        assert newest[0] not in update_ids(payload)
    still_cached(client, newsroom.unrelated.url, django_assert_num_queries)


# Corrections --------------------------------------------------------------------------------------


@pytest.fixture
def corrections_page(newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return newsroom.home.add_child(instance=CorrectionsPage(title="Corrections", slug="corrections"))


def test_a_new_correction_purges_the_corrections_page_and_feed(
    client, newsroom, corrections_page, django_capture_on_commit_callbacks, django_assert_num_queries
):
    urls = [corrections_page.url, corrections_page.url + "?page=2", "/feeds/corrections/rss/"]
    warm(client, [*urls, newsroom.unrelated.url])
    article = newsroom.article.specific.get_latest_revision_as_object()
    article.corrections.add(ArticleCorrection(date=timezone.now(), text="An earlier version gave the wrong pier."))
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for url in urls:
        fresh(client, url)
    assert "the wrong pier" in doc(client.get(corrections_page.url)).text_content()
    feed = lxml.etree.fromstring(client.get("/feeds/corrections/rss/").content)
    assert any("the wrong pier" in (d.text or "") for d in feed.iter("description"))
    still_cached(client, newsroom.unrelated.url, django_assert_num_queries)

    # Taking the correction out again (the article then has none) purges them too.
    warm(client, urls)
    article = newsroom.article.specific.get_latest_revision_as_object()
    article.corrections.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for url in urls:
        fresh(client, url)
    assert "the wrong pier" not in doc(client.get(corrections_page.url)).text_content()
    still_cached(client, newsroom.unrelated.url, django_assert_num_queries)


def test_unpublishing_a_corrected_article_purges_the_corrections_page(
    client, newsroom, corrections_page, django_capture_on_commit_callbacks
):
    article = newsroom.article.specific.get_latest_revision_as_object()
    article.corrections.add(ArticleCorrection(date=timezone.now(), text="The ferry leaves at nine, not ten."))
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    warm(client, [corrections_page.url, "/feeds/corrections/rss/"])
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.article.specific.unpublish()
    assert "nine, not ten" not in doc(fresh(client, corrections_page.url)).text_content()
    assert b"nine, not ten" not in fresh(client, "/feeds/corrections/rss/").content


# Site-wide settings and snippets: the paywall's prompt, the signup block's words ---------------------


def test_the_access_settings_purge_every_gated_article(client, newsroom, django_capture_on_commit_callbacks):
    from articles.models import AccessSettings

    with django_capture_on_commit_callbacks(execute=True):
        gated = make_article(
            newsroom.section,
            "Harbor budget in detail",
            access="subscribers",
            free_paragraphs=1,
            body=[paragraph("<p>The council met.</p>"), paragraph("<p>Here is the budget.</p>")],
        )
    warm(client, [gated.url, newsroom.unrelated.url])
    settings = AccessSettings.for_site(newsroom.site)
    settings.heading = "Read on with a Ledger pass"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    assert "Read on with a Ledger pass" in doc(fresh(client, gated.url)).text_content()
    fresh(client, newsroom.unrelated.url)  # site-wide: every page of every site goes


# Translations ---------------------------------------------------------------------------------------


@pytest.fixture
def french(newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fr = translate_site(newsroom, "fr", {"home": "Le Registre", "local": "Local", "authors": "Auteurs"})
        fr.article = translate(newsroom.article, "fr", title="Les horaires du ferry changent")
    return fr


def hreflangs(response):
    return {link.get("hreflang") for link in doc(response).cssselect('link[rel="alternate"][hreflang]')}


def test_unpublishing_a_translation_purges_the_other_versions_and_its_locale(
    client, newsroom, french, django_capture_on_commit_callbacks, django_assert_num_queries
):
    assert "fr" in hreflangs(client.get(newsroom.article.url))
    urls = [
        newsroom.article.url,
        newsroom.article.url + "?format=jsonld",
        newsroom.article.url + "?format=ninjs",
        newsroom.article.url + "?format=newsml",
        french.article.url,
        french.home.url,
        french.section.url,
        "/fr/feeds/rss/",
        f"/fr/feeds/sections/{french.section.slug}/rss/",
        "/sitemap.xml",
    ]
    warm(client, [*urls, newsroom.unrelated.url])
    with django_capture_on_commit_callbacks(execute=True):
        french.article.unpublish()
    for url in urls:
        fresh(client, url)
    assert "fr" not in hreflangs(client.get(newsroom.article.url))
    assert "Les horaires" not in doc(client.get(french.home.url)).text_content()
    assert b"Les horaires" not in client.get("/fr/feeds/rss/").content
    still_cached(client, newsroom.unrelated.url, django_assert_num_queries)


def test_publishing_a_new_translation_purges_the_original_and_the_sitemap_alternates(
    client, newsroom, french, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):  # a new locale's menu: every page goes
        translate_site(newsroom, "es", {"home": "El Registro", "local": "Local", "authors": "Autores"})
    warm(
        client, [newsroom.article.url, french.article.url, "/sitemap.xml", "/sitemap-pages.xml", newsroom.unrelated.url]
    )
    with django_capture_on_commit_callbacks(execute=True):
        translate(newsroom.article, "es", title="Cambian los horarios del ferry")
    assert "es" in hreflangs(fresh(client, newsroom.article.url))
    assert "es" in hreflangs(fresh(client, french.article.url))
    sitemap = lxml.etree.fromstring(fresh(client, "/sitemap-pages.xml").content)
    assert "es" in {link.get("hreflang") for link in sitemap.iter("{http://www.w3.org/1999/xhtml}link")}
    still_cached(client, newsroom.unrelated.url, django_assert_num_queries)


def test_a_site_wide_change_purges_the_pages_of_every_language(
    client, newsroom, french, django_capture_on_commit_callbacks
):
    from structured_data.models import PublisherSettings

    warm(client, [french.home.url, french.article.url, "/fr/feeds/rss/"])
    settings = PublisherSettings.for_site(newsroom.site)
    settings.name = "The Harbor Ledger"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    for url in (french.home.url, french.article.url, "/fr/feeds/rss/"):
        fresh(client, url)


def test_the_signup_copy_is_site_wide(client, newsroom, french, django_capture_on_commit_callbacks):
    from newsletter.models import SignupCopy
    from tests.support.newsletter import make_newsletter

    with django_capture_on_commit_callbacks(execute=True):
        newsletter = make_newsletter(site=newsroom.site, heading="Daily Headlines", button_label="Sign up")
    warm(client, [french.article.url, french.home.url])
    with django_capture_on_commit_callbacks(execute=True):
        SignupCopy.objects.create(
            newsletter=newsletter, locale=french.article.locale, heading="Les titres du jour", button_label="S'inscrire"
        )
    assert "Les titres du jour" in doc(fresh(client, french.article.url)).text_content()
    fresh(client, french.home.url)


# The newsletter archive -----------------------------------------------------------------------------


@pytest.fixture
def edition(newsroom, django_capture_on_commit_callbacks):
    from newsletter.models import Edition, EditionItem
    from tests.support.newsletter import make_newsletter

    with django_capture_on_commit_callbacks(execute=True):
        newsletter = make_newsletter(site=newsroom.site)
        day = newsletter.local_today() - datetime.timedelta(days=2)  # no article of the fixture's in its window
        at = newsletter.send_datetime(day) - datetime.timedelta(hours=2)
        story = make_article(newsroom.section, "Ferry fares frozen", publication_date=at)
        curated = make_article(
            newsroom.sections[1], "Harbor regatta results", publication_date=at - datetime.timedelta(days=3)
        )
        edition = Edition.objects.create(newsletter=newsletter, date=day, status="sent", rendered_at=timezone.now())
        EditionItem.objects.create(edition=edition, page=curated, sort_order=0)
    edition.story, edition.curated = story, curated
    edition.url = f"/newsletters/{newsletter.slug}/{day:%Y-%m-%d}/"
    return edition


@pytest.mark.parametrize("which", ["story", "curated"])
def test_an_unpublished_article_leaves_the_archived_editions_that_listed_it(
    client, newsroom, edition, which, django_capture_on_commit_callbacks, django_assert_num_queries
):
    article = getattr(edition, which)
    assert article.title in doc(client.get(edition.url)).text_content()
    warm(client, [edition.url, newsroom.unrelated.url])  # the archive is kept by the page cache
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    response = fresh(client, edition.url)
    assert article.title not in doc(response).text_content()
    still_cached(client, newsroom.unrelated.url, django_assert_num_queries)


def test_an_article_outside_any_edition_leaves_the_archive_cached(
    client, newsroom, edition, django_capture_on_commit_callbacks, django_assert_num_queries
):
    warm(client, [edition.url])
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.unrelated.specific.unpublish()
    still_cached(client, edition.url, django_assert_num_queries)


def test_a_sent_edition_edited_purges_its_archive_page(
    client, newsroom, edition, django_capture_on_commit_callbacks, django_assert_num_queries
):
    warm(client, [edition.url, newsroom.unrelated.url])
    edition.intro = "A quiet day on the water, and fares frozen."
    with django_capture_on_commit_callbacks(execute=True):
        edition.save()
    assert "A quiet day on the water" in doc(fresh(client, edition.url)).text_content()
    still_cached(client, newsroom.unrelated.url, django_assert_num_queries)

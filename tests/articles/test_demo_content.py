"""``manage.py load_demo_content``: a complete, idempotent demo site that renders.

The command runs twice, once per module, inside a transaction that is rolled
back when the module's tests are done; each test then runs in its own
savepoint as usual. Photos go to a temporary MEDIA_ROOT.
"""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from articles.models import (
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    Author,
    AuthorIndexPage,
    AuthorProfileLink,
    CorrectionsPage,
    HomePage,
    SectionPage,
)
from articles.models.paywall import GATED_SELECTOR
from structured_data.editor import check_live
from structured_data.models import PublisherPolicy, PublisherSettings, PublisherSocialLink
from tests.support.jsonld import JsonLdGraph
from topics.models import Topic

pytestmark = pytest.mark.django_db


def load(*args):
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Row counts and publication dates: a second run must leave all of them as they are."""
    models = [
        Page,
        ArticlePage,
        SectionPage,
        Revision,
        Author,
        AuthorProfileLink,
        ArticleAuthor,
        get_image_model(),
        PublisherSettings,
        PublisherSocialLink,
        PublisherPolicy,
        Site,
        get_user_model(),
        Topic,
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    dates = dict(ArticlePage.objects.values_list("slug", "first_published_at"))
    return counts, dates


def clear_caches():
    """Site root paths, settings and structured data are cached; none may outlive the rollback."""
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    clear_caches()
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        override_settings(MEDIA_ROOT=media_root),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        monkeypatch.delenv("NEWSROOM_ADMIN_PASSWORD", raising=False)
        start = timezone.now()
        first_output = load()
        first = snapshot()
        second_output = load("--quiet")
        second = snapshot()
        try:
            yield SimpleNamespace(
                start=start, first_output=first_output, second_output=second_output, first=first, second=second
            )
        finally:
            transaction.set_rollback(True)
            clear_caches()


@pytest.fixture
def site(demo):
    return Site.objects.get(is_default_site=True)


def test_second_run_changes_nothing(demo):
    assert demo.first[0]["ArticlePage"] >= 30
    assert demo.second == demo.first
    assert demo.second_output == ""  # --quiet, and nothing to report


def test_admin_password_is_generated_and_printed_once(demo):
    assert "Created superuser “admin” with password: " in demo.first_output
    password = demo.first_output.split("with password: ", 1)[1].split()[0]
    assert len(password) >= 16
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(password)  # the second run did not change it
    assert password not in demo.second_output


def test_home_page_replaces_wagtails_welcome_page(demo, site):
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert Site.objects.count() == 1
    assert site.root_page.specific_class is HomePage
    assert site.root_page.live
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    home = site.root_page
    sections = SectionPage.objects.child_of(home).live()
    assert sections.count() >= 3
    assert all(section.show_in_menus for section in sections)
    assert AuthorIndexPage.objects.child_of(home).live().get().slug == "authors"


def test_publisher(demo, site):
    publisher = PublisherSettings.for_site(site)
    assert publisher.name and publisher.alternate_name and publisher.email
    assert publisher.url == "http://127.0.0.1:8000/"
    assert publisher.telephone and publisher.street_address and publisher.address_locality
    assert publisher.address_country == "US"
    assert min(publisher.logo.width, publisher.logo.height) >= 112
    assert 2 <= publisher.social_links.count() <= 3
    assert all(link.url.startswith("https://") for link in publisher.social_links.all())
    assert publisher.policies.count() >= 3
    corrections_page = CorrectionsPage.objects.get()
    for policy in publisher.policies.all():
        if policy.kind == "correctionsPolicy":  # the site's own corrections page
            assert policy.page_id == corrections_page.pk and not policy.url
        else:
            assert policy.url.startswith("https://") and not policy.page_id


def test_authors(demo):
    everyone = list(Author.objects.select_related("photo"))
    agencies = [author for author in everyone if author.is_organisation]
    assert [agency.name for agency in agencies] == ["Pine Coast Wire"]  # the byline of a syndicated story
    authors = [author for author in everyone if not author.is_organisation]
    assert len(authors) == 6
    for author in authors:
        assert author.photo is not None and min(author.photo.width, author.photo.height) >= 160
        assert author.short_bio and author.bio.startswith("<p>") and author.job_title and author.location
        assert all(link.url.startswith("https://") for link in author.profile_links.all())
        assert author.profile_links.exists()
    assert any(author.organisation for author in authors)
    assert any(author.email for author in authors)
    assert any(not author.email for author in authors)


def test_articles(demo):
    articles = list(ArticlePage.objects.live().select_related("lead_image"))
    assert len(articles) >= 30
    assert {article.section_page_id for article in articles} == set(SectionPage.objects.values_list("pk", flat=True))
    for article in articles:
        assert demo.start - timedelta(days=3) <= article.first_published_at <= demo.start, article.slug
        assert article.last_published_at >= article.first_published_at
        assert not article.has_unpublished_changes
        assert article.article_authors.exists()
        assert article.lead_image is not None
        assert article.lead_image.caption and article.lead_image.credit
        assert article.lead_caption and article.lead_credit
        assert article.standfirst and article.dateline
        assert article.body[0].block_type == "paragraph"
        assert sum(block.block_type == "paragraph" for block in article.body) >= 3
        assert article.tags.exists()
        assert not article.photos_missing_credit()
    days = {timezone.localtime(article.first_published_at).date() for article in articles}
    assert len(days) >= 3
    assert len({article.article_type for article in articles}) >= 5
    assert max(len(article.authors) for article in articles) >= 3
    assert sum(bool(article.body_images()) for article in articles) >= len(articles) // 3
    assert any(article.lead_image_caption for article in articles)
    assert any(article.lead_image_credit for article in articles)
    assert any(block.block_type == "quote" for article in articles for block in article.body)
    assert any(block.block_type == "heading" for article in articles for block in article.body)
    updated = [article for article in articles if article.modified_date]
    assert updated and all(article.update_note for article in updated)


def test_byline_order_is_kept(demo):
    article = ArticlePage.objects.get(slug="crews-clear-downed-trees-after-overnight-gusts")
    assert [author.slug for author in article.authors] == ["nadia-ferreira-holt", "calvin-ostrowski", "dale-kettering"]


def test_photos(demo, site):
    publisher = PublisherSettings.for_site(site)
    photos = get_image_model().objects.exclude(pk=publisher.logo_id).exclude(title__startswith="Portrait of")
    ratios = {round(photo.width / photo.height, 2) for photo in photos}
    assert {1.5, 1.33, 1.78, 0.67, 1.0} <= ratios
    assert all(photo.width >= 1600 for photo in photos if photo.width > photo.height)
    assert all(photo.caption and "/" in photo.credit and photo.creator and photo.copyright_notice for photo in photos)
    assert all(photo.file.name.endswith(".jpg") and photo.file_size and photo.file_hash for photo in photos)
    assert get_image_model().objects.values("title").distinct().count() == get_image_model().objects.count()


def test_pages_render(demo, client, site):
    publisher = PublisherSettings.for_site(site)
    response = client.get("/")
    assert response.status_code == 200
    assert escape(publisher.name) in response.content.decode()

    section = SectionPage.objects.live().order_by("path").first()
    response = client.get(section.url)
    assert response.status_code == 200
    assert escape(ArticlePage.objects.child_of(section).live().first().title) in response.content.decode()

    article = ArticlePage.objects.get(slug="inner-harbor-dredging-to-begin-next-month")
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(article.dateline) in html
    assert escape(article.lead_credit) in html
    assert all(escape(caption) in html for _, caption, _ in article.body_images())

    author = article.authors[0]
    response = client.get("/authors/")
    assert response.status_code == 200
    assert escape(author.name) in response.content.decode()

    response = client.get(f"/authors/{author.slug}/")
    assert response.status_code == 200
    assert escape(article.title) in response.content.decode()


def test_options(demo, monkeypatch):
    monkeypatch.setenv("NEWSROOM_ADMIN_PASSWORD", "demo-password-from-env")
    output = load("--hostname", "demo.localhost", "--port", "8123", "--admin-username", "editor")
    assert "demo-password-from-env" not in output
    assert get_user_model().objects.get(username="editor").check_password("demo-password-from-env")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("demo.localhost", 8123)
    assert Site.objects.count() == 1
    assert PublisherSettings.for_site(site).url == "http://demo.localhost:8123/"
    assert ArticlePage.objects.count() == demo.first[0]["ArticlePage"]


def test_newsletter_signup_stands_under_every_article(demo, client, site):
    from newsletter.models import Newsletter

    newsletter = Newsletter.objects.get(slug="daily-headlines")
    assert newsletter.is_active and newsletter.site == site
    article = ArticlePage.objects.live().first()
    tree = lxml.html.fromstring(client.get(article.url).content)
    forms = tree.xpath("//form[contains(@action, '/newsletter/')]")
    assert len(forms) == 1  # under the article: one signup region per page, the footer's stands aside
    assert forms[0].xpath("ancestor::article") and not forms[0].xpath("ancestor::footer[@class='site-footer']")
    assert any(input_.get("type") == "email" for form in forms for input_ in form.iter("input"))


def test_syndicated_wire_story_points_at_its_source(demo, client, site):
    """The agency's story: canonical and isBasedOn name the original, the byline is an organisation, and
    the news sitemap leaves the copy out."""
    story = ArticlePage.objects.get(slug="state-ferry-fares-to-rise-in-spring")
    original = "https://pinecoastwire.example/2026/state-ferry-fares-rise-spring/"
    response = client.get(story.url)
    head = lxml.html.fromstring(response.content)
    assert head.xpath("//head/link[@rel='canonical']/@href") == [original]
    graph = JsonLdGraph.from_response(response, site.root_url + "/")
    article = graph.one("NewsArticle")
    assert article["isBasedOn"]["url"] == original
    assert article["isBasedOn"]["publisher"]["name"] == "Pine Coast Wire"
    assert [author["@type"] for author in graph.resolve(article["author"])] == ["Organization"]
    news = lxml.html.fromstring(client.get("/news-sitemap.xml").content)
    assert story.get_full_url() not in news.xpath("//*[local-name()='loc']/text()")


def test_editorial_demos_corrections_paywall_news_and_video(demo, client, site):
    """A corrected article, a subscriber-only one, one kept out of Google News and one with a video."""
    corrected = ArticlePage.objects.get(slug="clam-flats-reopen")
    assert [c.kind for c in corrected.corrections_in_order] == ["correction", "clarification"]
    graph = JsonLdGraph.from_response(client.get(corrected.url), site.root_url + "/")
    comments = graph.one("NewsArticle")["correction"]
    assert [comment["@type"] for comment in comments] == ["CorrectionComment", "CorrectionComment"]
    page = lxml.html.fromstring(client.get(CorrectionsPage.objects.get().url).content)
    listed = [" ".join(li.text_content().split()) for li in page.cssselect(".corrections-page .correction")]
    assert len(listed) == ArticleCorrection.objects.count() >= 2 and corrected.title in listed[0]

    gated = ArticlePage.objects.get(slug="analysis-longer-tourist-season-main-street")
    response = client.get(gated.url)
    article = JsonLdGraph.from_response(response, site.root_url + "/").one("AnalysisNewsArticle")
    assert article["isAccessibleForFree"] is False and article["hasPart"]["cssSelector"] == GATED_SELECTOR
    assert lxml.html.fromstring(response.content).cssselect(GATED_SELECTOR)

    kept_out = ArticlePage.objects.get(slug="what-a-local-newsroom-owes-its-town")
    head = lxml.html.fromstring(client.get(kept_out.url).content)
    assert head.xpath("//head/meta[@name='googlebot-news']/@content") == ["noindex"]
    news = lxml.html.fromstring(client.get("/news-sitemap.xml").content)
    assert kept_out.get_full_url() not in news.xpath("//*[local-name()='loc']/text()")

    with_video = ArticlePage.objects.get(slug="maritime-museum-restores-peapod")
    graph = JsonLdGraph.from_response(client.get(with_video.url), site.root_url + "/")
    video = graph.one("VideoObject")
    assert video["name"] and video["thumbnailUrl"] and video["uploadDate"] and video["embedUrl"]
    assert graph.resolve(graph.one("ReportageNewsArticle")["video"]) == [video]


def test_every_demo_page_checks_without_errors(demo, site):
    pages = [page.specific for page in Page.objects.live().descendant_of(site.root_page, inclusive=True)]
    assert len(pages) >= 35
    for page in pages:
        result = check_live(page)
        assert result.errors == [], (page.url_path, result.errors)


def test_live_blog(demo, client, site):
    from articles.models import LiveBlogPage, LiveBlogUpdate

    blog = LiveBlogPage.objects.live().get()
    updates = LiveBlogUpdate.objects.filter(page=blog)
    assert updates.count() >= 20
    assert all(demo.start - timedelta(days=1) <= u.published_at <= timezone.now() for u in updates)
    assert all(u.published_at >= blog.coverage_start for u in updates)
    assert updates.filter(pinned=True).exists() and updates.exclude(image=None).exists()
    response = client.get(blog.url)
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    assert len(tree.cssselect(".live-update")) >= 20


def test_translations(demo, client, site):
    """At least three articles in French and Spanish, each linked to the others both ways."""
    from wagtail.models import Locale

    translated = 0
    for article in ArticlePage.objects.live().filter(locale=Locale.get_default()):
        versions = {page.locale.language_code: page for page in article.get_translations().live()}
        if {"fr", "es"} <= set(versions):
            translated += 1
            for page in (article, versions["fr"], versions["es"]):
                tree = lxml.html.fromstring(client.get(page.url).content)
                links = {link.get("hreflang") for link in tree.cssselect('link[rel="alternate"][hreflang]')}
                assert links == {"en", "fr", "es", "x-default"}, page.url
            assert versions["fr"].url.startswith("/fr/") and versions["es"].url.startswith("/es/")
            assert versions["fr"].language == "fr" and versions["fr"].title != article.title
    assert translated >= 3
    for url in ("/fr/", "/es/", "/fr/feeds/rss/", "/es/authors/"):
        assert client.get(url).status_code == 200, url


def test_topics_have_the_editors_words(demo, client, site):
    """Two demo topics with an introduction and a photo; tags on articles lead to them."""
    host = {"HTTP_HOST": f"{site.hostname}:{site.port}"}
    harbor = lxml.html.fromstring(client.get("/topics/harbor/", **host).content)
    assert harbor.cssselect("h1")[0].text_content() == "The harbor"
    assert harbor.cssselect(".listing__intro")[0].text_content().startswith("Dredging, docks")
    assert harbor.cssselect(".topic__image img")
    assert len(harbor.cssselect(".card")) >= 4
    french = lxml.html.fromstring(client.get("/fr/topics/harbor/", **host).content)
    assert french.cssselect("h1")[0].text_content() == "Le port"
    assert client.get("/topics/ferry/", **host).status_code == 200
    assert Topic.objects.filter(introduction__gt="").count() == 3


def test_demo_articles_are_in_the_search_index(demo, site, client):
    """The loader publishes through revisions, so each article is indexed as it is published."""
    response = client.get("/search/?q=dredging", HTTP_HOST=site.hostname)
    tree = lxml.html.fromstring(response.content)
    found = [link.text_content() for link in tree.cssselect(".search-result__headline a")]
    assert "Inner harbor dredging to begin next month after two-year delay" in found

"""What every page reads about the site's structure comes from the cache, and follows every change.

The authors index, a section, a page's ancestors and language versions, the publisher setting and
the newsletter are kept between requests (``pagecache.routes.kept_until_site_changes`` and
``structured_data.site_cache``); each test fills the cache with a first request, changes the thing
the way an editor does, and expects the next request to show the change.
"""

import json

import pytest
from lxml import html as lxml_html

from structured_data.models import PublisherSettings
from tests.support.builders import build_site, make_article, translate, translate_site
from tests.support.newsletter import make_newsletter

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    tree = build_site()
    tree.article = make_article(tree.section, "Ferry schedule changes")
    return tree


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content)


def hreflangs(document) -> set[str]:
    return {link.get("hreflang") for link in document.cssselect('link[rel="alternate"][hreflang]')}


def graph(document) -> list[dict]:
    (script,) = document.cssselect('script[type="application/ld+json"]')
    return json.loads(script.text)["@graph"]


def test_a_translation_published_or_unpublished_after_the_first_view(client, tree):
    assert hreflangs(page(client, tree.article.url)) == set()
    translate_site(tree, "fr")
    french = translate(tree.article, "fr", title="Les horaires du traversier changent")
    assert {"en", "fr", "x-default"} <= hreflangs(page(client, tree.article.url))
    french.unpublish()
    assert hreflangs(page(client, tree.article.url)) == set()


def test_a_section_renamed_shows_in_the_breadcrumb_and_the_graph(client, tree):
    before = page(client, tree.article.url)
    assert "Local" in before.cssselect(".breadcrumb")[0].text_content()
    tree.section.title = "Harbor and City"
    tree.section.save_revision().publish()
    after = page(client, tree.article.url)
    assert "Harbor and City" in after.cssselect(".breadcrumb")[0].text_content()
    (article,) = [node for node in graph(after) if node.get("@type") == "NewsArticle"]
    assert article["articleSection"] == "Harbor and City"
    trail = next(node for node in graph(after) if node.get("@type") == "BreadcrumbList")
    assert [item["name"] for item in trail["itemListElement"]][1] == "Harbor and City"


def test_the_publisher_renamed(client, tree):
    page(client, tree.article.url)
    publisher = PublisherSettings.for_site(tree.site)
    publisher.name = "The Harbor Ledger"
    publisher.save()
    nodes = {node["@id"]: node for node in graph(page(client, tree.article.url))}
    (article,) = [node for node in nodes.values() if node.get("@type") == "NewsArticle"]
    assert nodes[article["publisher"]["@id"]]["name"] == "The Harbor Ledger"


def test_the_newsletter_switched_off_and_on(client, tree):
    newsletter = make_newsletter(site=tree.site)
    assert page(client, tree.article.url).cssselect(".newsletter-signup")
    newsletter.is_active = False
    newsletter.save()
    assert not page(client, tree.article.url).cssselect(".newsletter-signup")
    newsletter.is_active = True
    newsletter.save()
    assert page(client, tree.article.url).cssselect(".newsletter-signup")

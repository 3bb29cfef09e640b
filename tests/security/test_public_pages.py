"""Issue 13, items 11 and 14: what an author's public profile page shows."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Site

from articles.models import AuthorProfileLink, HomePage, SectionPage
from tests.support.builders import make_article, make_author
from tests.support.html import parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture(name="second_site")
def second_site_fixture(tree):
    home = tree.root.add_child(instance=HomePage(title="The Other Gazette", slug="other-home"))
    Site.objects.create(hostname="other.example", port=80, root_page=home, site_name="The Other Gazette")
    return home.add_child(instance=SectionPage(title="Metro", slug="metro"))


def profile(author, host="localhost"):
    response = Client().get(f"/authors/{author.slug}/", HTTP_HOST=host)
    assert response.status_code == 200
    return response


def test_an_authors_profile_lists_only_this_sites_articles(tree, second_site):
    author = make_author("Dana Reyes")
    make_article(tree.section, "Harbor dredging starts Monday", authors=[author])
    make_article(second_site, "Other site's council vote", authors=[author])
    headlines = [text(h) for h in parse(profile(author)).cssselect(".card__headline")]
    assert headlines == ["Harbor dredging starts Monday"]


def test_only_http_profile_links_are_rendered(tree):
    author = make_author("Sam Ortiz")
    # Saved past the admin form (an import, a shell, a fixture): the page must not make them links.
    for url in [
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "https://social.example/@sam",
    ]:
        AuthorProfileLink.objects.create(author=author, url=url, label="Profile")
    html = parse(profile(author))
    hrefs = [link.get("href") for link in html.cssselect(".author-profile__links a")]
    assert hrefs == ["https://social.example/@sam"]
    assert all(
        link.get("href").startswith(("http:", "https:", "/", "#", "mailto:")) for link in html.cssselect("a[href]")
    )

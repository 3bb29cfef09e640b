"""structured_data/checker/rules/profiles.py:
ProfilePage requirements, and authors linked to a ProfilePage about them.
"""

import json

from structured_data.checker.fetch import FetchError
from structured_data.tests.checker_pages import article, by_code, codes, page

AUTHOR = {"@type": "Person", "@id": "https://paper.example/ada-brook/#person", "name": "Ada Brook",
          "url": "https://paper.example/ada-brook/"}  # fmt: skip


def profile(entity):
    data = {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": entity}
    return f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head><body></body></html>'


def test_profile_page_needs_a_named_person_or_organization():
    assert codes(page({"@context": "https://schema.org", "@type": "ProfilePage"}, body="")) == ["profile-entity"]
    place = {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": {"@type": "Place", "name": "Quay"}}
    assert by_code(page(place, body=""), "profile-entity")[0].severity == "error"
    unnamed = {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": {"@type": "Person"}}
    [issue] = by_code(page(unnamed, body=""), "profile-name")
    assert issue.severity == "error" and issue.path == "ProfilePage.mainEntity.name"


def test_author_url_leads_to_a_profile_page_about_the_same_person():
    good = {AUTHOR["url"]: profile({"@id": AUTHOR["@id"], "@type": "Person", "name": "Ada Brook"})}
    assert codes(page(article(author=AUTHOR)), fetch_page=good.get) == []
    by_name = {AUTHOR["url"]: profile({"@type": "Person", "name": "ADA BROOK"})}
    unidentified = {k: v for k, v in AUTHOR.items() if k != "@id"}
    assert codes(page(article(author=unidentified)), fetch_page=by_name.get) == []
    other = {AUTHOR["url"]: profile({"@id": "https://paper.example/#someone", "@type": "Person", "name": "Bo"})}
    [issue] = by_code(page(article(author=AUTHOR)), "author-profile", fetch_page=other.get)
    assert issue.severity == "warning"


def test_unreachable_and_missing_author_urls_are_warnings():
    def unreachable(url):
        raise FetchError("HTTP 404")

    assert (
        by_code(page(article(author=AUTHOR)), "author-url-unreachable", fetch_page=unreachable)[0].severity == "warning"
    )
    no_url = {"@type": "Person", "name": "Ada Brook"}
    assert by_code(page(article(author=no_url)), "author-url-missing")[0].severity == "warning"

"""Topic pages: every tag in use, per language, newest first a page at a time, never a hidden story."""

from __future__ import annotations

from django.test import TestCase
from lxml import etree

from tests.browse.conftest import DAYS, build_browse_site, story
from tests.support.html import parse, texts
from tests.support.jsonld import JsonLdGraph
from topics import listing

HOST = {"HTTP_HOST": "localhost"}


def headlines(response) -> list[str]:
    return texts(parse(response), ".card__headline")


class TopicPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_browse_site()

    def get(self, url, **extra):
        return self.client.get(url, **HOST, **extra)

    def expected(self, tag: str, language: str = "en") -> list[str]:
        """The tag's visible stories in ``language``, newest first, read from the stories themselves."""
        stories = [s for s in self.tree.stories.values() if tag in {t.name for t in s.tags.all()}]
        return [s.title for s in sorted(stories, key=lambda s: (s.publication_date, s.pk), reverse=True)]

    def test_lists_the_tags_visible_stories_newest_first(self):
        response = self.get("/topics/harbor/")
        assert response.status_code == 200
        assert headlines(response) == self.expected("harbor")
        html = response.content.decode()
        for hidden in (self.tree.draft, self.tree.private, self.tree.expired):
            assert hidden.title not in html

    def test_subscriber_only_stories_are_listed_by_their_free_part(self):
        html = self.get("/topics/harbor/").content.decode()
        assert "Harbor budget, line by line" in html
        assert "subscribers-only figures" not in html

    def test_editors_heading_introduction_and_image(self):
        tree = parse(self.get("/topics/harbor/"))
        assert texts(tree, "h1") == ["The harbor"]
        assert texts(tree, ".listing__intro") == ["Everything about the working harbor."]
        assert tree.cssselect(".topic__image img")[0].get("alt") == "The morning ferry."

    def test_a_tag_without_a_topic_uses_its_name(self):
        assert texts(parse(self.get("/topics/ferry/")), "h1") == ["ferry"]

    def test_pages_follow_a_key_and_end(self):
        with self.settings():
            original = listing.PER_PAGE
            listing.PER_PAGE = 2
            try:
                seen, url = [], "/topics/harbor/"
                while url:
                    response = self.get(url)
                    assert response.status_code == 200, url
                    seen += headlines(response)
                    older = parse(response).cssselect('.pagination a[rel="next"]')
                    url = older[0].get("href") if older else None
                    if url:
                        assert "?before=" in url
                        assert (
                            parse(self.get(url)).cssselect(".pagination a")[0].get("href").endswith("/topics/harbor/")
                        )
            finally:
                listing.PER_PAGE = original
        assert seen == self.expected("harbor")

    def test_french_topic_lists_french_stories_with_french_words(self):
        response = self.get("/fr/topics/harbor/")
        assert headlines(response) == ["Les horaires du ferry changent"]
        assert texts(parse(response), "h1") == ["Le port"]
        assert self.get("/fr/topics/swim/").status_code == 404  # no French story on it

    def test_unknown_or_empty_topics_and_bad_keys(self):
        assert self.get("/topics/no-such-tag/").status_code == 404
        assert self.get("/topics/drafts-only/").status_code == 404  # only a draft carries it
        assert self.get("/topics/secret/").status_code == 404  # only a restricted story
        assert self.get("/topics/harbor/?before=999999999").status_code == 404
        for junk in ("abc", "", "-1", "1" * 40, "9" * 19):
            response = self.get(f"/topics/harbor/?before={junk}")
            assert response.status_code == 200, junk
            assert headlines(response) == self.expected("harbor")

    def test_tags_on_articles_link_to_their_topic(self):
        article = self.tree.stories["morning"]
        links = parse(self.get(article.url)).cssselect(".article__tags a")
        assert sorted(link.get("href") for link in links) == ["/topics/ferry/", "/topics/harbor/"]
        french = parse(self.get(self.tree.french.url)).cssselect(".article__tags a")
        assert sorted(link.get("href") for link in french) == ["/fr/topics/ferry/", "/fr/topics/harbor/"]

    def test_json_ld_collection_page_about_the_topic_with_its_item_list(self):
        response = self.get("/topics/harbor/")
        graph = JsonLdGraph.from_response(response)
        page = graph.one("CollectionPage")
        assert page["url"] == "http://localhost/topics/harbor/"
        assert page["about"]["name"] == "The harbor"
        items = graph.resolve(page["mainEntity"])
        names = [item["name"] for item in items["itemListElement"]]
        assert names == self.expected("harbor")
        crumbs = graph.resolve(page["breadcrumb"])["itemListElement"]
        assert [crumb["item"] for crumb in crumbs] == ["http://localhost/", "http://localhost/topics/harbor/"]
        endpoint = self.get("/topics/harbor/?format=jsonld")
        assert endpoint["Content-Type"].startswith("application/ld+json")
        assert endpoint.json()["@graph"] == graph.nodes

    def test_feeds(self):
        rss = etree.fromstring(self.get("/feeds/topics/harbor/rss/").content)
        assert [item.findtext("title") for item in rss.iter("item")] == self.expected("harbor")
        assert rss.findtext("channel/title") == "The harbor | The Test Ledger"
        atom = etree.fromstring(self.get("/fr/feeds/topics/harbor/atom/").content)
        titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in atom.iter("{*}entry")]
        assert titles == ["Les horaires du ferry changent"]
        assert self.get("/feeds/topics/drafts-only/rss/").status_code == 404
        links = parse(self.get("/topics/harbor/")).cssselect('link[rel="alternate"][type="application/rss+xml"]')
        assert "http://localhost/feeds/topics/harbor/rss/" in [link.get("href") for link in links]

    def test_sitemap_lists_every_topic_in_use_per_language_with_lastmod(self):
        index = etree.fromstring(self.get("/sitemap.xml").content)
        files = [loc.text for loc in index.iter("{*}loc")]
        assert "http://localhost/sitemap-topics.xml" in files
        urlset = etree.fromstring(self.get("/sitemap-topics.xml").content)
        entries = {url.findtext("{*}loc"): url.findtext("{*}lastmod") for url in urlset.iter("{*}url")}
        assert set(entries) == {
            "http://localhost/topics/ferry/", "http://localhost/topics/harbor/", "http://localhost/topics/swim/",
            "http://localhost/fr/topics/ferry/", "http://localhost/fr/topics/harbor/",
        }  # fmt: skip
        assert all(entries.values())
        for url in entries:
            assert self.get(url.removeprefix("http://localhost")).status_code == 200, url


class TagNameTests(TestCase):
    """Tags are typed by editors and importers in any script: the article and its topic still serve."""

    @classmethod
    def setUpTestData(cls):
        tree = build_browse_site()
        cls.story = story(tree.sections[0], "Schools reopen", DAYS["later"], tags=["Éducation", "東京", "<!--"])

    def test_the_article_links_each_tag_with_a_slug_and_prints_the_one_without(self):
        response = self.client.get(self.story.url, **HOST)
        assert response.status_code == 200
        links = {a.text_content(): a.get("href") for a in parse(response).cssselect(".tags a")}
        assert links["Éducation"] == "/topics/%C3%A9ducation/"
        assert links["東京"] == "/topics/%E6%9D%B1%E4%BA%AC/"
        assert "<!--" not in links and "<!--" in texts(parse(response), ".tags li")

    def test_a_unicode_topic_serves_and_is_in_the_sitemap_encoded(self):
        response = self.client.get("/topics/%C3%A9ducation/", **HOST)
        assert response.status_code == 200
        assert headlines(response) == ["Schools reopen"]
        sitemap = self.client.get("/sitemap-topics.xml", **HOST).content.decode()
        assert "/topics/%C3%A9ducation/" in sitemap and "/topics/%E6%9D%B1%E4%BA%AC/" in sitemap
        assert "/topics//" not in sitemap

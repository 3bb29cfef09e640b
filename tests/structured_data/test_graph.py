"""The JSON-LD graph as a search engine reads it: extruct over the served page, @ids resolved."""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import TestCase
from PIL import Image as PILImage
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticleType, AuthorProfileLink
from articles.schema import ARTICLE_TYPES
from structured_data.models import PublisherPolicy, PublisherSettings, PublisherSocialLink
from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph
from tests.support.html import parse, text, texts
from tests.support.jsonld import JsonLdGraph, script_texts

ROOT = "http://localhost/"


def as_list(value):
    return value if isinstance(value, list) else [value]


def parse_dt(value: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(value)
    assert parsed.utcoffset() is not None, f"{value} has no UTC offset"
    return parsed


def rendition_size(url: str) -> tuple[int, int]:
    path = Path(settings.MEDIA_ROOT) / urlsplit(url).path.removeprefix(settings.MEDIA_URL)
    with PILImage.open(path) as image:
        return image.size


class StructuredDataGraphTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Local", "Members"))
        cls.logo = make_image("Ledger logo", 600, 300)
        cls.publisher = PublisherSettings.objects.create(
            site=cls.tree.site, name="The Test Ledger", alternate_name="Ledger", logo=cls.logo,
            twitter_site="@ledger",
        )  # fmt: skip
        PublisherSocialLink.objects.create(setting=cls.publisher, url="https://social.example/@ledger")
        PublisherSocialLink.objects.create(setting=cls.publisher, url="javascript:alert(1)")
        PublisherPolicy.objects.create(setting=cls.publisher, kind="ethicsPolicy", page=cls.tree.authors_index)
        PublisherPolicy.objects.create(
            setting=cls.publisher, kind="correctionsPolicy", url="https://ledger.example/corrections"
        )
        PublisherPolicy.objects.create(setting=cls.publisher, kind="masthead", url="data:text/html,hi")

        cls.authors = [
            make_author("Rita Alvarez", job_title="Harbor Reporter", photo=make_image("Rita", 400, 400),
                        bio="<p>Rita covers <b>ports</b> &amp; ferries.</p><p>Since 2019.</p>",
                        email="rita@ledger.example"),
            make_author("Tom Becker", job_title="Photographer", photo=make_image("Tom", 300, 300)),
            make_author("Ana Costa", job_title="Columnist", organisation="Costa Wire"),
        ]  # fmt: skip
        AuthorProfileLink.objects.create(author=cls.authors[0], url="https://social.example/@rita", sort_order=0)
        AuthorProfileLink.objects.create(author=cls.authors[0], url="javascript:alert(1)", sort_order=1)
        AuthorProfileLink.objects.create(author=cls.authors[0], url="ftp://files.example/rita", sort_order=2)

        cls.lead = make_image("Ferry", 2000, 1500, caption="The morning ferry.", credit="Sam Ortiz/Ledger",
                              creator="Sam Ortiz", copyright_notice="© Ledger", license_url="https://ledger.example/l",
                              acquire_license_url="https://ledger.example/buy")  # fmt: skip
        cls.body_photos = [make_image(f"Body {i}", 1600, 900, caption=f"Caption {i}", credit=f"Credit {i}")
                           for i in range(2)]  # fmt: skip
        published = datetime.datetime(2024, 1, 15, 14, 30, tzinfo=datetime.UTC)
        cls.articles = {}
        for index, article_type in enumerate(ArticleType.values):
            cls.articles[article_type] = make_article(
                cls.tree.section,
                f"Ferry story {article_type}",
                authors=[cls.authors[2], cls.authors[0], cls.authors[1]] if index == 0 else cls.authors[:1],
                article_type=article_type,
                lead_image=cls.lead,
                lead_image_caption="A ferry at dawn, as edited." if index == 0 else "",
                dateline="ROCKLAND, Maine",
                publication_date=published + datetime.timedelta(hours=index),
                updated_at=published + datetime.timedelta(days=1),
                body=[
                    paragraph("<p>The ferry will run four times a day.</p>"),
                    image_block(cls.body_photos[0], caption="Edited body caption"),
                    paragraph("<p>Two more words.</p>"),
                    image_block(cls.body_photos[1]),
                ],
            )
            cls.articles[article_type].tags.add("ferries", "winter")
            cls.articles[article_type].save()
        cls.news = cls.articles[ArticleType.NEWS]
        cls.draft = make_article(cls.tree.section, "Unpublished draft story", authors=cls.authors[:1], publish=False)
        members = cls.tree.sections[1]
        cls.members_only = make_article(members, "Members only story", authors=cls.authors[:1])
        PageViewRestriction.objects.create(page=members, restriction_type="groups").groups.set(
            [Group.objects.get_or_create(name="Members")[0]]
        )

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response, JsonLdGraph.from_response(response, ROOT)

    # Articles ---------------------------------------------------------------------------------

    def test_every_article_type_is_its_news_article_subtype(self):
        for article_type, article in self.articles.items():
            with self.subTest(article_type):
                _response, graph = self.get(article.url)
                node = graph[f"{article.full_url}#article"]
                self.assertEqual(node["@type"], ARTICLE_TYPES[article_type])
                self.assertTrue(node["@type"].endswith("NewsArticle"))

    def test_article_says_what_the_page_shows(self):
        response, graph = self.get(self.news.url)
        tree = parse(response)
        self.assertEqual(len(script_texts(response.content.decode())), 1)
        article = graph.one("NewsArticle")
        self.assertEqual(article["@id"], f"{self.news.full_url}#article")
        self.assertEqual(article["headline"], text(tree.cssselect("h1")[0]))
        self.assertEqual(article["description"], self.news.standfirst)
        self.assertEqual(article["alternativeHeadline"], text(tree.cssselect(".standfirst")[0]))

        webpage = graph.resolve(article["mainEntityOfPage"])
        self.assertEqual(webpage["@type"], "WebPage")
        self.assertEqual(webpage["url"], tree.cssselect('link[rel="canonical"]')[0].get("href"))
        self.assertEqual(graph.resolve(webpage["mainEntity"]), article)
        self.assertEqual(graph.resolve(webpage["primaryImageOfPage"]), graph.resolve(article["image"][0]))
        self.assertEqual(graph.resolve(webpage["isPartOf"])["@type"], "WebSite")

        # Byline order, names only, each a reference to a full Person.
        people = graph.resolve(article["author"])
        self.assertEqual([p["name"] for p in people], texts(tree, ".byline .byline__author"))
        self.assertEqual([p["name"] for p in people], ["Ana Costa", "Rita Alvarez", "Tom Becker"])
        for person in people:
            self.assertEqual(person["@type"], "Person")
            self.assertEqual(person["@id"], f"{person['url']}#person")
        ana, rita, tom = people
        self.assertEqual(rita["jobTitle"], "Harbor Reporter")
        self.assertEqual(rita["description"], "Rita covers ports & ferries. Since 2019.")
        self.assertEqual(rita["sameAs"], ["https://social.example/@rita"])
        self.assertEqual(rita["email"], "rita@ledger.example")
        self.assertNotIn("email", tom)
        self.assertEqual(graph.resolve(rita["worksFor"])["@id"], f"{ROOT}#organization")
        self.assertEqual(ana["worksFor"], {"@type": "Organization", "name": "Costa Wire"})
        self.assertEqual(graph.resolve(rita["image"])["width"], 160)

        # Dates with offsets, as the page shows them; modified never before published.
        published = parse_dt(article["datePublished"])
        modified = parse_dt(article["dateModified"])
        self.assertEqual(published, parse_dt(tree.cssselect(".published time")[0].get("datetime")))
        self.assertEqual(modified, parse_dt(tree.cssselect(".updated time")[0].get("datetime")))
        self.assertGreaterEqual(modified, published)
        self.assertEqual(article["copyrightYear"], 2024)

        self.assertEqual(article["articleSection"], "Local")
        self.assertEqual(sorted(article["keywords"]), ["ferries", "winter"])
        self.assertEqual(article["wordCount"], 11)
        self.assertEqual(article["inLanguage"], "en")
        self.assertEqual(article["dateline"], "ROCKLAND, Maine")
        self.assertIs(article["isAccessibleForFree"], True)
        publisher = graph.resolve(article["publisher"])
        self.assertEqual(graph.resolve(article["copyrightHolder"]), publisher)
        self.assertEqual(article["thumbnailUrl"], graph.resolve(article["image"][0])["url"])

    def test_lead_photo_crops_and_body_photos_match_the_figures(self):
        response, graph = self.get(self.news.url)
        tree = parse(response)
        images = graph.resolve(self.one_article(graph)["image"])
        crops, body = images[:3], images[3:]
        for image, ratio in zip(crops, (16 / 9, 4 / 3, 1), strict=True):
            self.assertEqual(image["@type"], "ImageObject")
            self.assertEqual(image["url"], image["contentUrl"])
            self.assertEqual((image["width"], image["height"]), rendition_size(image["url"]))
            self.assertGreaterEqual(image["width"], 1200)
            self.assertGreaterEqual(image["width"] * image["height"], 50_000)
            self.assertAlmostEqual(image["width"] / image["height"], ratio, places=2)
            self.assertEqual(image["creator"], {"@type": "Person", "name": "Sam Ortiz"})
            self.assertEqual(image["copyrightNotice"], "© Ledger")
            self.assertEqual(image["license"], "https://ledger.example/l")
            self.assertEqual(image["acquireLicensePage"], "https://ledger.example/buy")

        figures = tree.cssselect("figure")
        self.assertEqual(len(figures), 1 + len(body))
        for figure, image in zip(figures, [crops[0], *body], strict=True):
            self.assertEqual(text(figure.cssselect(".caption")[0]), image["caption"])
            self.assertEqual(text(figure.cssselect(".credit")[0]), f"({image['creditText']})")
        self.assertEqual(crops[0]["caption"], "A ferry at dawn, as edited.")
        self.assertEqual([b["caption"] for b in body], ["Edited body caption", "Caption 1"])
        self.assertEqual([b["creditText"] for b in body], ["Credit 0", "Credit 1"])
        for image in body:
            self.assertEqual((image["width"], image["height"]), rendition_size(image["url"]))

    def one_article(self, graph):
        return graph.of_type(*ARTICLE_TYPES.values())[0]

    def test_small_originals_are_never_upscaled_and_tiny_crops_are_left_out(self):
        small = make_article(
            self.tree.section, "Small photo story", authors=self.authors[:1], lead_image=make_image("Small", 800, 600)
        )
        _response, graph = self.get(small.url)
        sizes = [(i["width"], i["height"]) for i in graph.resolve(self.one_article(graph)["image"])]
        self.assertEqual(sizes, [(800, 450), (800, 600), (600, 600)])

        tiny = make_article(
            self.tree.section, "Tiny photo story", authors=self.authors[:1], lead_image=make_image("Tiny", 260, 195)
        )
        _response, graph = self.get(tiny.url)
        sizes = [(i["width"], i["height"]) for i in graph.resolve(self.one_article(graph).get("image", []))]
        self.assertEqual(sizes, [(260, 195)])  # 260x146 (16:9) and 195x195 (1:1) are under 50,000 pixels

    def test_modified_is_never_before_published(self):
        published = datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC)
        article = make_article(
            self.tree.section,
            "Back-dated update",
            authors=self.authors[:1],
            publication_date=published,
            updated_at=published - datetime.timedelta(days=3),
        )
        _response, graph = self.get(article.url)
        node = self.one_article(graph)
        self.assertEqual(parse_dt(node["dateModified"]), parse_dt(node["datePublished"]))
        self.assertEqual(parse_dt(node["datePublished"]), published)

    def test_breadcrumb_matches_the_visible_one(self):
        response, graph = self.get(self.news.url)
        crumbs = graph.one("BreadcrumbList")["itemListElement"]
        # The current page is the last crumb, as text (not a link to itself); the others are links.
        items = parse(response).cssselect("nav.breadcrumb li")
        links = parse(response).cssselect("nav.breadcrumb a")
        self.assertEqual([c["name"] for c in crumbs], [text(li) for li in items])
        self.assertEqual([c["item"] for c in crumbs[:-1]], [f"http://localhost{a.get('href')}" for a in links])
        self.assertEqual(crumbs[-1]["item"], f"http://localhost{self.news.url}")
        self.assertEqual(items[-1].cssselect("[aria-current=page]")[0].text, crumbs[-1]["name"])
        self.assertEqual([c["position"] for c in crumbs], [1, 2, 3])

    # Site-wide nodes -------------------------------------------------------------------------

    def test_publisher_and_website(self):
        _response, graph = self.get(self.news.url)
        publisher = graph[f"{ROOT}#organization"]
        self.assertEqual(publisher["@type"], "NewsMediaOrganization")
        self.assertEqual(publisher["name"], "The Test Ledger")
        self.assertEqual(publisher["url"], ROOT)
        logo = graph.resolve(publisher["logo"])
        self.assertEqual((logo["width"], logo["height"]), rendition_size(logo["url"]))
        self.assertEqual((logo["width"], logo["height"]), (600, 300))
        self.assertEqual(publisher["sameAs"], ["https://social.example/@ledger"])
        self.assertEqual(publisher["ethicsPolicy"], f"{ROOT}authors/")
        self.assertEqual(publisher["correctionsPolicy"], "https://ledger.example/corrections")
        self.assertNotIn("masthead", publisher)  # a data: URL is never emitted
        website = graph[f"{ROOT}#website"]
        self.assertEqual(website["name"], "The Test Ledger")
        self.assertEqual(website["alternateName"], "Ledger")
        self.assertEqual(graph.resolve(website["publisher"]), publisher)

    def test_publisher_changes_reach_the_next_page(self):
        self.get(self.news.url)  # caches the site-wide nodes
        self.publisher.name = "The Renamed Ledger"
        self.publisher.save()
        _response, graph = self.get(self.news.url)
        self.assertEqual(graph[f"{ROOT}#organization"]["name"], "The Renamed Ledger")

    # Authors ----------------------------------------------------------------------------------

    def test_profile_page_is_about_the_same_person(self):
        _response, article_graph = self.get(self.news.url)
        response, graph = self.get("/authors/rita-alvarez/")
        profile = graph.one("ProfilePage")
        person = graph.resolve(profile["mainEntity"])
        self.assertEqual(person["@id"], "http://localhost/authors/rita-alvarez/#person")
        self.assertIn(person["@id"], article_graph.by_id)
        self.assertEqual(person, article_graph[person["@id"]])
        self.assertEqual(person["name"], text(parse(response).cssselect("h1")[0]))
        self.assertEqual(profile["url"], "http://localhost/authors/rita-alvarez/")
        self.assertLessEqual(parse_dt(profile["dateCreated"]), parse_dt(profile["dateModified"]))
        crumbs = [c["name"] for c in graph.resolve(profile["breadcrumb"])["itemListElement"]]
        self.assertEqual(crumbs, ["The Test Ledger", "Authors", "Rita Alvarez"])

    def test_author_changes_reach_the_next_page(self):
        """People's nodes are cached between pages; editing the author, portrait or profile URL shows at once."""
        person_id = f"{ROOT}authors/rita-alvarez/#person"
        _response, graph = self.get(self.news.url)  # caches Rita's nodes
        self.assertEqual(graph[person_id]["jobTitle"], "Harbor Reporter")
        rita = self.authors[0]
        rita.job_title = "Ports Editor"
        rita.save()
        AuthorProfileLink.objects.create(author=rita, url="https://social.example/@rita2", sort_order=3)
        rita.save()  # the snippet form saves the author with its links
        _response, graph = self.get(self.news.url)
        self.assertEqual(graph[person_id]["jobTitle"], "Ports Editor")
        self.assertIn("https://social.example/@rita2", graph[person_id]["sameAs"])

        portrait = rita.photo
        portrait.credit = "Ledger staff"
        portrait.save()  # an image change forgets every cached node
        _response, graph = self.get(self.news.url)
        self.assertEqual(graph.resolve(graph[person_id]["image"])["creditText"], "Ledger staff")

        index = self.tree.authors_index
        index.slug = "people"
        index.save_revision().publish()  # the profile URLs, and so the @ids, move
        _response, graph = self.get(self.news.url)
        self.assertIn(f"{ROOT}people/rita-alvarez/#person", graph.by_id)
        self.assertNotIn(person_id, graph.by_id)

    def test_authors_index_lists_the_authors(self):
        _response, graph = self.get("/authors/")
        page = graph.one("CollectionPage")
        items = graph.resolve(page["mainEntity"])["itemListElement"]
        self.assertEqual([i["name"] for i in items], ["Ana Costa", "Rita Alvarez", "Tom Becker"])
        self.assertEqual(items[1]["url"], "http://localhost/authors/rita-alvarez/")

    # Listings and visibility ----------------------------------------------------------------------

    def test_section_lists_only_live_public_articles_in_page_order(self):
        response, graph = self.get(self.tree.section.url)
        page = graph.one("CollectionPage")
        self.assertEqual(page["url"], self.tree.section.full_url)
        items = graph.resolve(page["mainEntity"])["itemListElement"]
        card_links = [f"http://localhost{a.get('href')}" for a in parse(response).cssselect(".card__headline a")]
        self.assertEqual([i["url"] for i in items], card_links)
        self.assertNotIn(self.draft.full_url, [i["url"] for i in items])

    def test_home_lists_only_live_public_articles(self):
        response, graph = self.get("/")
        page = graph.one("CollectionPage")
        urls = [i["url"] for i in graph.resolve(page["mainEntity"])["itemListElement"]]
        self.assertIn(self.news.full_url, urls)
        self.assertNotIn(self.draft.full_url, urls)
        self.assertNotIn(self.members_only.full_url, urls)  # below a restricted section
        self.assertNotIn("Members only story", response.content.decode())

    def test_restricted_pages_show_nothing_to_anonymous_readers(self):
        response = self.client.get(self.members_only.url)
        self.assertIn(response.status_code, (302, 403))
        self.assertNotIn(b"Members only story", response.content)

    def test_previews_show_the_draft_and_the_live_page_does_not(self):
        article = Page.objects.get(pk=self.news.pk).specific
        article.title = "Secret draft headline"
        article.save_revision()
        _response, graph = self.get(self.news.url)
        self.assertEqual(self.one_article(graph)["headline"], "Ferry story news")
        self.assertNotIn("Secret draft headline", str(graph.data))

        draft = article.get_latest_revision_as_object()
        preview = draft.make_preview_request()
        preview.render()
        preview_graph = JsonLdGraph.from_response(preview, ROOT)
        self.assertEqual(self.one_article(preview_graph)["headline"], "Secret draft headline")
        self.assertEqual(self.one_article(preview_graph)["headline"], text(parse(preview).cssselect("h1")[0]))

    # Social meta ------------------------------------------------------------------------------

    def test_open_graph_and_twitter_tags_come_from_the_graph(self):
        response, graph = self.get(self.news.url)
        tree = parse(response)
        meta = {}
        for element in tree.cssselect("meta[property], meta[name]"):
            meta.setdefault(element.get("property") or element.get("name"), []).append(element.get("content"))
        article = self.one_article(graph)
        lead = graph.resolve(article["image"][0])
        self.assertEqual(meta["og:type"], ["article"])
        self.assertEqual(meta["og:title"], [article["headline"]])
        self.assertEqual(meta["og:image"], [lead["url"]])
        self.assertEqual(meta["og:image:width"], [str(lead["width"])])
        self.assertEqual(meta["og:image:height"], [str(lead["height"])])
        self.assertEqual(meta["article:published_time"], [article["datePublished"]])
        self.assertEqual(meta["article:modified_time"], [article["dateModified"]])
        self.assertEqual(meta["article:author"], [p["url"] for p in graph.resolve(article["author"])])
        self.assertEqual(meta["article:section"], ["Local"])
        self.assertEqual(sorted(meta["article:tag"]), ["ferries", "winter"])
        self.assertEqual(meta["twitter:card"], ["summary_large_image"])
        self.assertEqual(meta["twitter:site"], ["@ledger"])
        self.assertEqual(meta["robots"], ["max-image-preview:large"])

"""Translations: /fr/ and /es/ trees linked to the default language's pages, and never to a hidden version."""

import json

from django.test import TestCase
from lxml import etree
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage
from tests.support.builders import build_site, make_article, make_author, translate, translate_site
from tests.support.html import parse, texts
from tests.support.jsonld import JsonLdGraph
from tests.support.sitemaps import sitemap_entries

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def alternates(response) -> dict[str, str]:
    tree = parse(response)
    return {link.get("hreflang"): link.get("href") for link in tree.cssselect('link[rel="alternate"][hreflang]')}


class TranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.fr = translate_site(cls.tree, "fr", {"home": "Le Registre", "local": "Local", "authors": "Auteurs"})
        cls.es = translate_site(cls.tree, "es", {"home": "El Registro", "local": "Local", "authors": "Autores"})
        cls.author = make_author("Rita Alvarez")
        cls.article = make_article(cls.tree.section, "Ferry schedule changes", authors=[cls.author])
        cls.article_fr = translate(cls.article, "fr", title="Les horaires du traversier changent", slug="horaires")
        cls.article_es = translate(cls.article, "es", title="Cambian los horarios del ferry", slug="horarios")

    def test_urls_default_language_unprefixed(self):
        self.assertEqual(self.article.url, "/local/ferry-schedule-changes/")
        self.assertEqual(self.article_fr.url, "/fr/local/horaires/")
        self.assertEqual(self.article_es.url, "/es/local/horarios/")
        for url in ("/", "/local/", self.article.url, "/fr/", "/fr/local/", self.article_fr.url, self.article_es.url):
            self.assertEqual(self.client.get(url).status_code, 200, url)
        tree = parse(self.client.get(self.article_fr.url))
        self.assertEqual(tree.get("lang"), "fr")
        self.assertEqual(texts(tree, "h1"), ["Les horaires du traversier changent"])

    def test_language_comes_from_the_url_only(self):
        response = self.client.get(self.article.url, HTTP_ACCEPT_LANGUAGE="fr")
        self.assertEqual(parse(response).get("lang"), "en")
        self.assertNotIn("Accept-Language", response.get("Vary", ""))
        self.assertEqual(response["Content-Language"], "en")
        response = self.client.get(self.article_fr.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(parse(response).get("lang"), "fr")
        self.assertNotIn("Accept-Language", response.get("Vary", ""))

    def test_hreflang_both_ways_and_x_default(self):
        expected = {
            "en": "http://localhost/local/ferry-schedule-changes/",
            "fr": "http://localhost/fr/local/horaires/",
            "es": "http://localhost/es/local/horarios/",
            "x-default": "http://localhost/local/ferry-schedule-changes/",
        }
        for page in (self.article, self.article_fr, self.article_es):
            self.assertEqual(alternates(self.client.get(page.url)), expected, page.url)
        # Home and sections are linked the same way.
        self.assertEqual(alternates(self.client.get("/fr/"))["en"], "http://localhost/")

    def test_language_switcher(self):
        tree = parse(self.client.get(self.article.url))
        links = {a.get("hreflang"): a.get("href") for a in tree.cssselect(".language-switcher a")}
        self.assertEqual(set(links), {"fr", "es"})
        self.assertEqual(texts(tree, '.language-switcher [aria-current="true"]'), ["English"])
        tree = parse(self.client.get(self.article_fr.url))
        self.assertEqual(texts(tree, '.language-switcher [aria-current="true"]'), ["français"])

    def test_json_ld_in_language_and_translation_links(self):
        graph = JsonLdGraph.from_response(self.client.get(self.article.url))
        article = graph.one("NewsArticle")
        self.assertEqual(article["inLanguage"], "en")
        self.assertEqual(
            {(w["inLanguage"], w["url"]) for w in article["workTranslation"]},
            {("fr", "http://localhost/fr/local/horaires/"), ("es", "http://localhost/es/local/horarios/")},
        )
        graph = JsonLdGraph.from_response(self.client.get(self.article_fr.url), "http://localhost/fr/")
        article = graph.one("NewsArticle")
        self.assertEqual(article["inLanguage"], "fr")
        self.assertEqual(article["translationOfWork"]["url"], "http://localhost/local/ferry-schedule-changes/")
        self.assertEqual(article["translationOfWork"]["@id"], "http://localhost/local/ferry-schedule-changes/#article")

    def test_listings_feeds_and_author_pages_per_locale(self):
        self.assertEqual(
            texts(parse(self.client.get("/fr/local/")), ".card__headline"), ["Les horaires du traversier changent"]
        )
        self.assertEqual(texts(parse(self.client.get("/local/")), ".card__headline"), ["Ferry schedule changes"])
        self.assertEqual(
            texts(parse(self.client.get("/es/")), ".card__headline") or texts(parse(self.client.get("/es/")), "h2 a"),
            ["Cambian los horarios del ferry"],
        )
        feed = etree.fromstring(self.client.get("/fr/feeds/rss/").content)
        self.assertEqual(feed.xpath("//item/title/text()"), ["Les horaires du traversier changent"])
        feed = etree.fromstring(self.client.get("/feeds/rss/").content)
        self.assertEqual(feed.xpath("//item/title/text()"), ["Ferry schedule changes"])
        feed = etree.fromstring(self.client.get("/es/feeds/sections/local/rss/").content)
        self.assertEqual(feed.xpath("//item/title/text()"), ["Cambian los horarios del ferry"])
        profile = parse(self.client.get("/fr/authors/rita-alvarez/"))
        self.assertEqual(texts(profile, ".card__headline"), ["Les horaires du traversier changent"])
        # Bylines on French pages link to the French authors index.
        byline = parse(self.client.get(self.article_fr.url)).cssselect(".byline a")[0].get("href")
        self.assertTrue(byline.startswith("/fr/authors/"), byline)
        nav = [a.get("href") for a in parse(self.client.get("/fr/")).cssselect(".site-nav a")]
        self.assertEqual(nav, ["/fr/local/"])

    def test_sitemap_alternates(self):
        entries = {u.findtext("s:loc", namespaces=SITEMAP_NS): u for u in sitemap_entries(self.client)}
        self.assertIn("http://localhost/fr/local/horaires/", entries)
        links = entries["http://localhost/local/ferry-schedule-changes/"].xpath("x:link", namespaces=SITEMAP_NS)
        self.assertEqual(
            {link.get("hreflang"): link.get("href") for link in links},
            {
                "en": "http://localhost/local/ferry-schedule-changes/",
                "fr": "http://localhost/fr/local/horaires/",
                "es": "http://localhost/es/local/horarios/",
                "x-default": "http://localhost/local/ferry-schedule-changes/",
            },
        )

    def test_unpublished_or_restricted_translation_is_never_linked(self):
        self.article_es.unpublish()
        PageViewRestriction.objects.create(page=self.article_fr, restriction_type=PageViewRestriction.LOGIN)
        response = self.client.get(self.article.url)
        self.assertEqual(alternates(response), {})  # no other visible version: no alternates at all
        self.assertFalse(parse(response).cssselect(".language-switcher"))
        article = JsonLdGraph.from_response(response).one("NewsArticle")
        self.assertNotIn("workTranslation", article)
        sitemap = b"".join(etree.tostring(entry) for entry in sitemap_entries(self.client)).decode()
        self.assertIn("/local/ferry-schedule-changes/", sitemap)
        self.assertNotIn("/es/local/horarios/", sitemap)
        self.assertNotIn("/fr/local/horaires/", sitemap)
        self.assertNotIn("horarios", self.client.get("/es/feeds/rss/").content.decode())

    def test_translation_whose_source_was_deleted(self):
        self.article.delete()
        response = self.client.get(self.article_fr.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(alternates(response)), {"fr", "es"})  # no x-default without the original
        article = JsonLdGraph.from_response(response, "http://localhost/fr/").one("NewsArticle")
        self.assertNotIn("translationOfWork", article)
        self.assertEqual(ArticlePage.objects.get(pk=self.article_fr.pk).language, "fr")

    def test_locale_prefixes_that_do_not_exist_are_404s(self):
        for url in (
            "/xx/",
            "/xx/local/",
            "/de/",
            "/de/local/ferry-schedule-changes/",
            "/de/feeds/rss/",
            "/fr/local/ferry-schedule-changes/",
            "/local/horaires/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_updates_endpoint_json_in_other_language(self):
        response = self.client.get(self.article_fr.url, HTTP_ACCEPT="application/ld+json")
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.content)
        self.assertTrue(any(node.get("inLanguage") == "fr" for node in data["@graph"]))


class NewsletterBlockPerLocaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from newsletter.models import SignupCopy
        from tests.support.newsletter import make_newsletter

        cls.tree = build_site()
        cls.fr = translate_site(cls.tree, "fr")
        cls.article = make_article(cls.tree.section, "Harbor news")
        cls.article_fr = translate(cls.article, "fr", title="Nouvelles du port", slug="nouvelles-du-port")
        cls.newsletter = make_newsletter(site=cls.tree.site, heading="Daily Headlines", button_label="Sign up")
        SignupCopy.objects.create(
            newsletter=cls.newsletter,
            locale=cls.article_fr.locale,
            heading="Les titres du jour",
            blurb="Chaque matin dans votre boîte.",
            button_label="S'inscrire",
            privacy_note="Une adresse, une lettre, un lien pour se désinscrire.",
        )

    def test_signup_block_speaks_the_pages_language(self):
        french = parse(self.client.get(self.article_fr.url))
        self.assertEqual(
            texts(french, ".newsletter-signup--article .newsletter-signup__heading"), ["Les titres du jour"]
        )
        self.assertEqual(texts(french, ".newsletter-signup--article .newsletter-signup__button"), ["S'inscrire"])
        english = parse(self.client.get(self.article.url))
        self.assertEqual(texts(english, ".newsletter-signup--article .newsletter-signup__heading"), ["Daily Headlines"])
        self.assertEqual(texts(english, ".newsletter-signup--article .newsletter-signup__button"), ["Sign up"])

    def test_signup_copy_is_a_translatable_snippet(self):
        from django.contrib.auth import get_user_model
        from django.urls import reverse

        from newsletter.models import SignupCopy

        get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
        self.client.login(username="editor", password="pw")
        copy = SignupCopy.objects.get()
        response = self.client.get(reverse("wagtailsnippets_newsletter_signupcopy:edit", args=[copy.pk]))
        self.assertEqual(response.status_code, 200)
        translate_url = reverse(
            "simple_translation:submit_snippet_translation", args=["newsletter", "signupcopy", copy.pk]
        )
        self.assertEqual(self.client.get(translate_url).status_code, 200)

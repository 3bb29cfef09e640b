"""The meta description's fallback chain: the editor's override, then the page's own summary."""

from django.test import TestCase

from articles.meta_description import MAX_LENGTH, meta_description
from structured_data.models import PublisherSettings
from tests.support.builders import build_site, make_article, make_author, translate_site
from tests.support.html import parse


def description(response) -> str | None:
    found = parse(response).cssselect('meta[name="description"]')
    assert len(found) <= 1, "one description per page"
    return found[0].get("content") if found else None


class MetaDescriptionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        PublisherSettings.objects.create(site=cls.tree.site, name="The Test Ledger")
        cls.tree.section.intro = "Harbor, schools and city hall: the news of Portland."
        cls.tree.section.save_revision().publish()
        cls.author = make_author(
            "Ana Souza", short_bio="", bio="<p>Ana Souza has covered the <b>port</b> since 2019.</p>"
        )
        cls.article = make_article(cls.tree.section, "Dredging begins", authors=[cls.author], standfirst="Deeper.")
        cls.overridden = make_article(
            cls.tree.section, "Ferry fares rise", standfirst="Fares rise.", search_description="Editor's words."
        )

    def test_article_standfirst_unless_the_editor_overrides(self):
        self.assertEqual(description(self.client.get(self.article.url)), "Deeper.")
        self.assertEqual(description(self.client.get(self.overridden.url)), "Editor's words.")

    def test_section_intro(self):
        self.assertEqual(description(self.client.get(self.tree.section.url)), self.tree.section.intro)

    def test_author_profile_bio_as_text(self):
        response = self.client.get(f"{self.tree.authors_index.url}{self.author.slug}/")
        self.assertEqual(description(response), "Ana Souza has covered the port since 2019.")

    def test_home_page_without_intro_names_the_publisher(self):
        self.assertEqual(description(self.client.get("/")), "The latest news from The Test Ledger.")

    def test_long_text_is_cut_at_a_word(self):
        text = meta_description(None, make_author("Long Bio", short_bio="word " * 100))
        self.assertLessEqual(len(text), MAX_LENGTH)
        self.assertTrue(text.endswith("…"))


class TranslatedMetaDescriptionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.french = translate_site(cls.tree, "fr")

    def test_translated_page_says_its_language(self):
        html = parse(self.client.get(self.french.section.url))
        self.assertEqual(html.get("lang"), "fr")

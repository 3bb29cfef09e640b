"""Page types: tree rules, creation in the admin, rendering, editing and previewing."""

from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage, AuthorIndexPage, CorrectionsPage, HomePage, LiveBlogPage, SectionPage
from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.photo = make_image("Ferry at the pier", caption="The morning ferry docks.", credit="Sam Ortiz/Ledger")
        cls.author = make_author("Rita Alvarez")
        cls.second_author = make_author("Tom Becker")
        cls.article = make_article(
            cls.tree.section,
            "Ferry schedule changes for winter",
            authors=[cls.author, cls.second_author],
            lead_image=cls.photo,
            dateline="ROCKLAND, Maine",
            body=[paragraph("<p>The ferry will run four times a day.</p>"), image_block(cls.photo)],
        )

    def setUp(self):
        self.user = self.login()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(ArticlePage, {SectionPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertAllowedSubpageTypes(SectionPage, {ArticlePage, LiveBlogPage})
        self.assertAllowedSubpageTypes(HomePage, {SectionPage, AuthorIndexPage, CorrectionsPage})
        self.assertAllowedParentPageTypes(SectionPage, {HomePage})
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(SectionPage, SectionPage)

    def article_form_data(self, title):
        return nested_form_data(
            {
                "title": title,
                "slug": slugify(title),
                "standfirst": "The main branch will open on Sundays from March.",
                "dateline": "BATH, Maine",
                "article_type": "news",
                "language": "en",
                "article_authors": inline_formset([{"author": self.author.pk}, {"author": self.second_author.pk}]),
                "lead_image": self.photo.pk,
                "lead_image_caption": "",
                "lead_image_credit": "",
                "body": streamfield([("paragraph", rich_text("<p>Trustees voted on Tuesday.</p>"))]),
                "tags": "libraries, budget",
                "update_note": "",
                "access": "free",
                "free_paragraphs": 3,
                "corrections": inline_formset([]),
            }
        )

    def test_pages_are_renderable_editable_and_previewable(self):
        for page in (self.tree.home, self.tree.section, self.tree.authors_index):
            with self.subTest(page=page.title):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page)
                self.assertPageIsPreviewable(page)
        # StreamField and inline panels are built by JavaScript in the editor, so the article's
        # form data is given explicitly rather than scraped from the HTML.
        data = self.article_form_data(self.article.title)
        self.assertPageIsRenderable(self.article)
        self.assertPageIsEditable(self.article, post_data=data)
        self.assertPageIsPreviewable(self.article, post_data=data)

    def test_author_profile_route_is_renderable(self):
        self.assertPageIsRoutable(self.tree.authors_index, f"{self.author.slug}/")
        self.assertPageIsRenderable(self.tree.authors_index, f"{self.author.slug}/")

    def test_editor_creates_an_article_in_the_admin(self):
        data = self.article_form_data("Library extends weekend hours")
        self.assertCanCreate(self.tree.section, ArticlePage, data)
        created = ArticlePage.objects.get(title="Library extends weekend hours")
        self.assertTrue(created.live)
        self.assertEqual([a.name for a in created.authors], ["Rita Alvarez", "Tom Becker"])
        self.assertEqual(created.section_page_id, self.tree.section.pk)
        self.assertEqual(sorted(t.name for t in created.tags.all()), ["budget", "libraries"])

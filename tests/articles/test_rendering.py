"""What a reader sees: parsed from the rendered HTML with lxml."""

import datetime

from django.test import TestCase
from django.utils import timezone

from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph
from tests.support.html import parse, text, texts


class ArticleRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.lead = make_image(
            "Harbor dredging", caption="Crews clear the harbor at dawn.", credit="Jane Roe/Example Agency"
        )
        cls.body_photo = make_image(
            "Dredge barge", width=1200, height=1600, caption="The barge at anchor.", credit="Ledger staff"
        )
        cls.ana = make_author(
            "Ana Souza",
            job_title="Waterfront Reporter",
            short_bio="Ana Souza has covered the port since 2019.",
            photo=make_image("Ana Souza portrait", 600, 600),
        )
        cls.ben = make_author("Ben Okafor", job_title="Data Editor", short_bio="Ben Okafor edits data stories.")
        cls.article = make_article(
            cls.tree.section,
            "Dredging begins in the inner harbor",
            authors=[cls.ben, cls.ana],
            lead_image=cls.lead,
            dateline="PORTLAND, Maine",
            standfirst="The two-month project will deepen the channel for larger ships.",
            body=[
                paragraph("<p>Work started before sunrise on Monday.</p>"),
                ("heading", {"text": "What comes next", "level": "h2"}),
                image_block(cls.body_photo, caption="", credit="Port Authority"),
                ("quote", {"quote": "We have waited ten years for this.", "attribution": "Harbor master"}),
                paragraph("<p>The channel will reach 40 feet.</p>"),
            ],
            updated_at=timezone.now() + datetime.timedelta(hours=2),
            update_note="Adds the harbor master's comment.",
        )
        cls.article.tags.add("harbor", "shipping")
        cls.article.save_revision().publish()

    def setUp(self):
        self.response = self.client.get(self.article.url)
        self.tree = parse(self.response)

    def test_semantic_structure(self):
        self.assertEqual(self.response.status_code, 200)
        articles = self.tree.cssselect("main article.article")
        self.assertEqual(len(articles), 1)
        self.assertEqual(texts(self.tree, "h1"), ["Dredging begins in the inner harbor"])
        self.assertEqual(
            texts(self.tree, "article .standfirst"), ["The two-month project will deepen the channel for larger ships."]
        )
        canonical = self.tree.cssselect('link[rel="canonical"]')
        self.assertEqual(canonical[0].get("href"), "http://localhost/local/dredging-begins-in-the-inner-harbor/")

    def test_breadcrumb_and_section(self):
        self.assertEqual(
            texts(self.tree, "nav.breadcrumb li"), ["The Test Ledger", "Local", "Dredging begins in the inner harbor"]
        )

    def test_byline_in_editor_order_with_profile_links(self):
        byline = self.tree.cssselect("article .byline")[0]
        self.assertEqual(text(byline), "By Ben Okafor and Ana Souza")
        self.assertEqual(
            [a.get("href") for a in byline.cssselect("a")], ["/authors/ben-okafor/", "/authors/ana-souza/"]
        )

    def test_dateline_opens_the_first_paragraph(self):
        first = self.tree.cssselect(".article__body p")[0]
        self.assertEqual(text(first), "PORTLAND, Maine — Work started before sunrise on Monday.")

    def test_dates_are_machine_readable_with_time_zone(self):
        published = self.tree.cssselect(".published time")[0]
        updated = self.tree.cssselect(".updated time")[0]
        published_at = datetime.datetime.fromisoformat(published.get("datetime"))
        updated_at = datetime.datetime.fromisoformat(updated.get("datetime"))
        self.assertIsNotNone(published_at.tzinfo)
        self.assertGreater(updated_at, published_at)
        self.assertRegex(text(updated.getparent()), r"^Updated .* E[SD]T: Adds the harbor master's comment\.$")

    def test_lead_photo_caption_and_credit(self):
        figure = self.tree.cssselect("figure.photo--lead")[0]
        self.assertEqual(
            text(figure.cssselect("figcaption")[0]), "Crews clear the harbor at dawn. (Jane Roe/Example Agency)"
        )
        img = figure.cssselect("img")[0]
        # A 16:9 crop in several widths up to 1200 (srcset), the attributes giving its shape before it loads.
        self.assertEqual(int(img.get("width")) * 9, int(img.get("height")) * 16)
        self.assertIn("1200w", img.get("srcset"))

    def test_body_photo_uses_image_caption_and_block_credit(self):
        figures = self.tree.cssselect(".article__body figure.photo")
        self.assertEqual(
            [text(f.cssselect("figcaption")[0]) for f in figures], ["The barge at anchor. (Port Authority)"]
        )
        self.assertEqual(texts(self.tree, ".article__body blockquote"), ["We have waited ten years for this."])
        self.assertEqual(texts(self.tree, ".article__body h2"), ["What comes next"])

    def test_tags_and_author_boxes(self):
        self.assertEqual(texts(self.tree, ".tags .tag"), ["harbor", "shipping"])
        boxes = self.tree.cssselect("aside.about-authors .author-box")
        self.assertEqual([text(b.cssselect(".author-box__name")[0]) for b in boxes], ["Ben Okafor", "Ana Souza"])
        self.assertEqual(text(boxes[1].cssselect(".author-box__title")[0]), "Waterfront Reporter")
        self.assertEqual(text(boxes[1].cssselect(".author-box__bio")[0]), "Ana Souza has covered the port since 2019.")
        self.assertEqual(len(boxes[1].cssselect("img.author-box__photo")), 1)

    def test_deleted_lead_image_leaves_the_article_rendering(self):
        self.lead.delete()
        response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(parse(response).cssselect("figure.photo--lead"), [])


class ListingRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site(sections=("Local", "Business"))
        cls.author = make_author("Chris Park")
        photo = make_image("Market", caption="Stalls open.", credit="Chris Park/Ledger")
        cls.articles = [
            make_article(cls.tree.sections[i % 2], f"Story number {i}", authors=[cls.author], lead_image=photo)
            for i in range(15)
        ]
        cls.draft = make_article(cls.tree.section, "Unpublished draft story", authors=[cls.author], publish=False)

    def test_home_page_has_top_story_and_latest(self):
        tree = parse(self.client.get("/"))
        self.assertEqual(len(tree.cssselect(".top-story .card")), 1)
        self.assertEqual(len(tree.cssselect(".latest .card")), 12)
        self.assertNotIn("Unpublished draft story", text(tree))

    def test_section_paginates_and_survives_bad_page_numbers(self):
        first = parse(self.client.get("/local/"))
        self.assertEqual(len(first.cssselect(".cards .card")), 8)
        for bad in ("abc", "0", "-1", "99999", "1.5", ""):
            with self.subTest(page=bad):
                response = self.client.get("/local/", {"page": bad})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(parse(response).cssselect(".cards .card"))

    def test_author_profile_lists_articles_and_unknown_slug_is_404(self):
        response = self.client.get("/authors/chris-park/")
        self.assertEqual(response.status_code, 200)
        tree = parse(response)
        self.assertEqual(texts(tree, "h1"), ["Chris Park"])
        self.assertEqual(len(tree.cssselect(".cards .card")), 12)
        self.assertEqual(self.client.get("/authors/chris-park/", {"page": "abc"}).status_code, 200)
        self.assertEqual(self.client.get("/authors/chris-park/", {"page": "99999"}).status_code, 200)
        self.assertEqual(self.client.get("/authors/nobody-here/").status_code, 404)
        canonical = tree.cssselect('link[rel="canonical"]')[0].get("href")
        self.assertEqual(canonical, "http://localhost/authors/chris-park/")

    def test_moving_an_article_updates_its_section(self):
        from wagtail.actions.move_page import MovePageAction

        article = self.articles[0]  # in Local
        business = self.tree.sections[1]
        MovePageAction(article, business, pos="last-child").execute(skip_permission_checks=True)
        article.refresh_from_db()
        self.assertEqual(article.section_page_id, business.pk)
        # Cards elsewhere name the article's section from the copy kept on the page.
        cards = parse(self.client.get("/authors/chris-park/", {"page": 2})).cssselect(".card")
        kicker = {text(c.cssselect(".card__headline")[0]): text(c.cssselect(".kicker")[0]) for c in cards}
        self.assertEqual(kicker["Story number 0"], "Business")

    def test_authors_index_lists_authors(self):
        tree = parse(self.client.get("/authors/"))
        self.assertEqual(texts(tree, ".author-list__item a"), ["Chris Park"])

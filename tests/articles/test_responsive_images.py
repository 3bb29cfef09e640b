"""Photos as Wagtail's <picture>: AVIF and WebP sources, widths in srcset, sizes, and the first large one first."""

from django.test import TestCase, override_settings

from articles.renditions import RESPONSIVE
from tests.support.builders import build_site, make_article, make_author, make_image
from tests.support.html import parse

PRODUCTION_FORMATS = override_settings(ARTICLES_PICTURE_FORMATS=["avif", "webp"])


def widths(srcset: str) -> list[int]:
    return [int(candidate.split()[1].rstrip("w")) for candidate in srcset.split(",")]


class PictureMarkupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        # Small sources keep the AVIF encodes quick; each width at most the source's.
        cls.portrait = make_image("Portrait", 400, 400)
        cls.author = make_author("Ana Souza", photo=cls.portrait)
        cls.article = make_article(
            cls.tree.section,
            "Dredging begins",
            authors=[cls.author],
            lead_image=make_image("Lead", 1000, 560, caption="Crews at dawn."),
        )
        make_article(cls.tree.section, "Ferry fares rise", lead_image=make_image("Second", 700, 394))

    @PRODUCTION_FORMATS
    def test_lead_photo_is_a_picture_with_avif_and_webp_loaded_first(self):
        html = parse(self.client.get(self.article.url))
        picture = html.cssselect("figure.photo--lead picture")[0]
        sources = picture.cssselect("source")
        self.assertEqual([s.get("type") for s in sources], ["image/avif"])
        img = picture.cssselect("img")[0]
        self.assertTrue(img.get("src").endswith(".webp"))
        self.assertEqual(widths(img.get("srcset")), [480, 800, 1000])  # 1200 is capped at the source's 1000
        self.assertEqual(widths(sources[0].get("srcset")), [480, 800, 1000])
        self.assertEqual(img.get("sizes"), RESPONSIVE["lead"].sizes)
        self.assertEqual((img.get("loading"), img.get("fetchpriority")), ("eager", "high"))
        self.assertEqual(img.get("alt"), "Crews at dawn.")
        self.assertTrue(img.get("width") and img.get("height"))  # no layout shift

    @PRODUCTION_FORMATS
    def test_portraits_are_sharp_on_dense_screens(self):
        html = parse(self.client.get(self.article.url))
        img = html.cssselect("img.author-box__photo")[0]
        self.assertEqual(img.get("sizes"), "80px")
        self.assertEqual(widths(img.get("srcset")), [80, 160, 320])  # 1x, 2x, 4x of 80 CSS px
        self.assertEqual(img.get("loading"), "lazy")
        profile = parse(self.client.get(f"{self.tree.authors_index.url}{self.author.slug}/"))
        large = profile.cssselect("img.author-profile__photo")[0]
        self.assertEqual((large.get("sizes"), widths(large.get("srcset"))), ("160px", [160, 320, 400]))

    def test_only_the_first_card_of_a_listing_is_loaded_eagerly(self):
        html = parse(self.client.get(self.tree.section.url))
        images = html.cssselect(".cards .card img")
        self.assertEqual(len(images), 2)
        self.assertEqual(
            [(i.get("loading"), i.get("fetchpriority")) for i in images], [("eager", "high"), ("lazy", None)]
        )
        self.assertEqual(images[0].get("sizes"), RESPONSIVE["card"].sizes)
        self.assertEqual(len(widths(images[0].get("srcset"))), 3)

    def test_home_page_top_story_is_the_priority_image(self):
        html = parse(self.client.get("/"))
        top = html.cssselect(".top-story img")
        self.assertEqual((top[0].get("loading"), top[0].get("fetchpriority")), ("eager", "high"))
        self.assertTrue(all(i.get("loading") == "lazy" for i in html.cssselect(".latest img")))

"""Renditions made ahead of time: on publish (a task) and for the demo, before the first reader asks."""

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from articles.rendition_making import lead_photo_specs, make_all_renditions, page_image_specs
from articles.renditions import body_specs, portrait_specs, responsive_specs
from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph


def made_specs(image) -> set[str]:
    return set(image.renditions.values_list("filter_spec", flat=True))


@override_settings(ARTICLES_RENDITIONS_AHEAD=True)
class RenditionsOnPublishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.lead = make_image("Lead", 320, 180)
        cls.body_photo = make_image("Body", 300, 200)
        cls.portrait = make_image("Portrait", 200, 200)
        cls.author = make_author("Ana Souza", photo=cls.portrait)

    def publish(self):
        with self.captureOnCommitCallbacks(execute=True):
            return make_article(
                self.tree.section,
                "Dredging begins",
                authors=[self.author],
                lead_image=self.lead,
                body=[paragraph("<p>Work started.</p>"), image_block(self.body_photo)],
            )

    def test_publishing_makes_every_rendition_the_page_and_listings_show(self):
        self.publish()
        self.assertTrue(set(lead_photo_specs()) <= made_specs(self.lead))
        self.assertTrue(set(body_specs()) <= made_specs(self.body_photo))
        self.assertTrue(set(portrait_specs()) <= made_specs(self.portrait))

    def test_the_first_reader_makes_none(self):
        article = self.publish()
        count = sum(len(made_specs(image)) for image in (self.lead, self.body_photo, self.portrait))
        for url in (article.url, self.tree.section.url, "/"):
            self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(sum(len(made_specs(image)) for image in (self.lead, self.body_photo, self.portrait)), count)

    def test_specs_of_a_page_name_its_photos(self):
        article = self.publish()
        wanted = page_image_specs(article)
        self.assertEqual(set(wanted), {self.lead.pk, self.body_photo.pk, self.portrait.pk})

    def test_a_second_run_reads_and_makes_nothing_new(self):
        self.publish()
        before = made_specs(self.lead)
        with CaptureQueriesContext(connection) as queries:
            done = make_all_renditions()
        self.assertEqual(done, 3)
        self.assertEqual(made_specs(self.lead), before)
        self.assertLess(len(queries), 40)

    @override_settings(ARTICLES_RENDITIONS_AHEAD=False)
    def test_off_when_the_setting_says_so(self):
        self.publish()
        # Structured data makes its own crops when the page is published; none of what readers get.
        self.assertFalse(set(responsive_specs("lead", "card", "top_story")) & made_specs(self.lead))

"""Editors in the Wagtail admin: authors, image metadata on upload, credit warnings."""

import io

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.test.utils import WagtailTestUtils

from articles.models import Author
from tests.support.builders import build_site, jpeg_bytes, make_article, make_author, make_image
from tests.support.forms import article_form_data

XMP = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Lena Fox/Coast Wire">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Lobster boats return to the pier.</rdf:li></rdf:Alt>
</dc:description>
<dc:creator><rdf:Seq><rdf:li>Lena Fox</rdf:li></rdf:Seq></dc:creator>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">(c) 2026 Coast Wire</rdf:li></rdf:Alt></dc:rights>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


class AdminTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.author = make_author("Dana Whitfield")
        cls.unused_author = make_author("Eli Marsh")
        cls.uncredited = make_image("Town hall", caption="The town hall at night.")
        cls.article = make_article(
            cls.tree.section, "Council meets late", authors=[cls.author], lead_image=cls.uncredited
        )

    def setUp(self):
        self.login()

    def test_deleting_an_author_with_articles_is_refused(self):
        url = reverse("wagtailsnippets_articles_author:delete", args=[self.author.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "prevent it from being deleted")
        response = self.client.post(url)
        self.assertIn(response.status_code, (302, 403))
        self.assertTrue(Author.objects.filter(pk=self.author.pk).exists())
        self.assertEqual(self.client.get(self.article.url).status_code, 200)

    def test_deleting_an_unused_author_works(self):
        url = reverse("wagtailsnippets_articles_author:delete", args=[self.unused_author.pk])
        self.client.post(url)
        self.assertFalse(Author.objects.filter(pk=self.unused_author.pk).exists())

    def test_editor_sees_a_warning_for_a_photo_without_credit(self):
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.article.pk]))
        self.assertContains(edit, "data-photo-credit-warning")
        self.assertContains(edit, "the lead photo “Town hall”")
        data = article_form_data(self.article, standfirst="Late night.", lead_image=self.uncredited.pk)
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.article.pk]), data)
        self.assertEqual(response.status_code, 302)
        warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
        self.assertIn(
            "No photo credit for the lead photo “Town hall”. Add one to the image or where it is used.", warnings
        )

    def test_credited_article_shows_no_warning(self):
        credited = make_image("Pier", credit="Ledger staff")
        article = make_article(self.tree.section, "Pier reopens", authors=[self.author], lead_image=credited)
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
        self.assertNotContains(edit, "data-photo-credit-warning")

    def test_upload_fills_caption_credit_and_creator_from_xmp(self):
        upload = SimpleUploadedFile("boats.jpg", jpeg_bytes(1600, 1000, xmp=XMP), content_type="image/jpeg")
        response = self.client.post(reverse("wagtailimages:add"), {"title": "Boats", "file": upload})
        self.assertEqual(response.status_code, 302)
        image = get_image_model().objects.get(title="Boats")
        self.assertEqual(image.caption, "Lobster boats return to the pier.")
        self.assertEqual(image.credit, "Lena Fox/Coast Wire")
        self.assertEqual(image.creator, "Lena Fox")
        self.assertEqual(image.copyright_notice, "(c) 2026 Coast Wire")

    def test_editor_typed_metadata_wins_over_the_file(self):
        upload = SimpleUploadedFile("boats.jpg", jpeg_bytes(800, 600, xmp=XMP), content_type="image/jpeg")
        self.client.post(reverse("wagtailimages:add"), {"title": "Boats 2", "file": upload, "credit": "Desk"})
        image = get_image_model().objects.get(title="Boats 2")
        self.assertEqual(image.credit, "Desk")
        self.assertEqual(image.caption, "Lobster boats return to the pier.")

    def test_hostile_metadata_uploads_fine_with_empty_fields(self):
        bomb = (
            b'<?xpacket begin=""?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>'
        )
        upload = SimpleUploadedFile("bomb.jpg", jpeg_bytes(800, 600, xmp=bomb), content_type="image/jpeg")
        response = self.client.post(reverse("wagtailimages:add"), {"title": "Bomb", "file": upload})
        self.assertEqual(response.status_code, 302)
        image = get_image_model().objects.get(title="Bomb")
        self.assertEqual((image.caption, image.credit, image.creator), ("", "", ""))

    def test_image_metadata_is_editable_in_the_admin(self):
        image = make_image("Editable")
        response = self.client.get(reverse("wagtailimages:edit", args=[image.pk]))
        for field in ("caption", "credit", "creator", "copyright_notice", "license_url", "acquire_license_url"):
            self.assertContains(response, f'name="{field}"')


def test_multiple_upload_reads_metadata(admin_client, db):
    build_site()
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 600), "gray").save(buffer, "JPEG", xmp=XMP)
    upload = SimpleUploadedFile("multi.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload})
    assert response.status_code == 200
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    assert image.caption == "Lobster boats return to the pier."
    assert image.credit == "Lena Fox/Coast Wire"

"""The newsroom's image model: captions and credits travel with the photo.

Every use of a photo (lead image, body image, author portrait) starts from
these defaults and may override caption and credit where it is used.
"""

import logging

from django.db import models
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from ..photo_metadata import read_photo_metadata

logger = logging.getLogger(__name__)


def images_with_renditions(*specs):
    """Images with the renditions of ``specs`` prefetched (the specs are in ``articles.renditions``)."""
    return get_image_model().objects.prefetch_renditions(*specs)


class NewsImage(AbstractImage):
    caption = models.TextField(blank=True, help_text="What the photo shows, as readers will read it.")
    credit = models.CharField(
        max_length=255, blank=True, help_text='Shown in brackets after the caption, e.g. "Jane Roe/Example Agency".'
    )
    creator = models.CharField(max_length=255, blank=True, help_text="The photographer or artist.")
    copyright_notice = models.CharField(max_length=255, blank=True)
    license_url = models.URLField("licence URL", blank=True)
    acquire_license_url = models.URLField(
        "acquire-licence URL", blank=True, help_text="Where others can license this photo."
    )

    admin_form_fields = Image.admin_form_fields + (
        "caption",
        "credit",
        "creator",
        "copyright_notice",
        "license_url",
        "acquire_license_url",
    )

    METADATA_FIELDS = ("caption", "credit", "creator", "copyright_notice", "license_url", "acquire_license_url")

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]

    def save(self, *args, **kwargs):
        if self._state.adding and self.file:
            self.fill_metadata_from_file()
        super().save(*args, **kwargs)

    def fill_metadata_from_file(self) -> list[str]:
        """Fill empty metadata fields from the file's IPTC/XMP; return the names filled.

        Never raises: a broken or hostile file leaves the fields as they are.
        """
        try:
            self.file.open("rb")
            metadata = read_photo_metadata(self.file)
        except Exception:  # a storage error must not stop an upload
            logger.warning("Could not read metadata from image file %r", self.file.name, exc_info=True)
            return []
        filled = []
        for name in self.METADATA_FIELDS:
            value = getattr(metadata, name, "")
            if value and not getattr(self, name):
                setattr(self, name, value)
                filled.append(name)
        return filled


class NewsImageRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

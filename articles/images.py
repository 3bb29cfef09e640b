"""The newsroom's image model: captions and credits travel with the photo.

Every use of a photo (lead image, body image, author portrait) starts from
these defaults and may override caption and credit where it is used.
"""

import logging

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from structured_data import get_setting as get_structured_data_setting

from .photo_metadata import read_photo_metadata

logger = logging.getLogger(__name__)

# Rendition specs used by the templates. Listings prefetch exactly these, so a
# page renders with a constant number of queries however many photos it shows.
LEAD_SPEC = "width-1200"
BODY_SPEC = "width-1000"
CARD_SPEC = "fill-480x270-c75"
TOP_STORY_SPEC = "fill-960x540-c75"
PORTRAIT_SPEC = "fill-160x160-c100"

#: What templates ask for by role (``{% rendition image "card" %}``): one place for each spec,
#: so a template can't drift from what its page prefetched.
RENDITION_SPECS = {
    "lead": LEAD_SPEC,
    "body": BODY_SPEC,
    "card": CARD_SPEC,
    "top_story": TOP_STORY_SPEC,
    "portrait": PORTRAIT_SPEC,
}

# Structured data (JSON-LD) wants the lead photo in 16:9, 4:3 and 1:1 focal-point crops and body
# photos uncropped, all large. Pages prefetch these with the ones they show, so building the
# graph adds no query; the specs come from the plugin's settings so the two never disagree.
LEAD_SCHEMA_SPECS = tuple(get_structured_data_setting("IMAGE_CROPS").values())
BODY_SCHEMA_SPEC = get_structured_data_setting("IMAGE_SPEC")
LEAD_SPECS = (LEAD_SPEC, *LEAD_SCHEMA_SPECS)
BODY_SPECS = (BODY_SPEC, BODY_SCHEMA_SPEC)
PORTRAIT_SPECS = (PORTRAIT_SPEC,)  # the JSON-LD Person image is the portrait readers see


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

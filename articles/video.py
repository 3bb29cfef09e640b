"""Videos in article bodies (YouTube, Vimeo: Wagtail's oEmbed embeds) and their ``VideoObject``s.

The provider's oEmbed answer gives a title, a thumbnail and the player (``embedUrl`` is its
iframe's ``src``); Wagtail's ``Embed`` keeps no more than that, so the editor fills in what it
lacks (description, upload date, duration) and may replace the title and thumbnail. A plain
embed block of a video becomes a ``VideoObject`` too, with what the provider gave.
"""

from __future__ import annotations

import datetime
import logging
import re
from typing import Any

import lxml.html
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images.blocks import ImageChooserBlock

logger = logging.getLogger(__name__)

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
_ISO_DURATION = re.compile(r"^PT(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?$")
#: The thumbnail's rendition when the editor chooses one (Google wants at least 60x30; 16:9 is usual).
THUMBNAIL_SPEC = "fill-1280x720"


def iso_duration(text: str) -> str:
    """``"4:05"`` or ``"1:02:03"`` (or an ISO 8601 duration) as ``"PT4M5S"``; ValueError if neither."""
    text = (text or "").strip()
    if not text:
        return ""
    if _ISO_DURATION.match(text):
        return text
    match = _CLOCK.match(text)
    if not match or int(match.group(3)) >= 60 or (match.group(1) and int(match.group(2)) >= 60):
        raise ValueError(f"{text!r} is not a duration like 4:05 or 1:02:03.")
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    parts = [f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if value]
    return "PT" + ("".join(parts) or "0S")


def find_embed(value: EmbedValue | None) -> Any:
    """The stored ``Embed`` for a block's URL (asking its provider once), or None if it answers nothing."""
    if value is None or not value.url:
        return None
    try:
        return get_embed(value.url, value.max_width, value.max_height)
    except EmbedException:
        return None


def player_url(embed: Any) -> str:
    """The ``src`` of the provider's player iframe: the video's ``embedUrl``."""
    if embed is None or not embed.html:
        return ""
    try:
        fragment = lxml.html.fragment_fromstring(embed.html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    sources = fragment.xpath(".//iframe/@src")
    return sources[0] if sources else ""


class VideoValue(blocks.StructValue):
    """The video as structured data sees it: the editor's values first, then the provider's."""

    @cached_property
    def embed(self) -> Any:
        return find_embed(self.get("video"))

    @cached_property
    def name(self) -> str:
        return self.get("title") or (self.embed.title if self.embed else "")

    @property
    def provider_thumbnail(self) -> str:
        return self.embed.thumbnail_url if self.embed else ""


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="The video's YouTube or Vimeo address, e.g. https://www.youtube.com/watch?v=…")
    title = blocks.CharBlock(required=False, max_length=200, help_text="Leave blank to use the provider's title.")
    description = blocks.TextBlock(required=False, help_text="What the video shows, in a sentence or two.")
    upload_date = blocks.DateBlock(help_text="When the video was first published (the provider does not say).")
    duration = blocks.CharBlock(required=False, max_length=20, help_text="Length, like 4:05 or 1:02:03.")
    thumbnail = ImageChooserBlock(required=False, help_text="Leave blank to use the provider's thumbnail.")

    class Meta:
        icon = "media"
        label = "Video"
        template = "blocks/video_block.html"
        value_class = VideoValue

    def clean(self, value):
        value = super().clean(value)  # an embed nobody answers for is the EmbedBlock's own error
        errors: dict[str, ValidationError] = {}
        try:
            iso_duration(value.get("duration") or "")
        except ValueError as error:
            errors["duration"] = ValidationError(str(error))
        upload_date = value.get("upload_date")
        if upload_date and upload_date > datetime.date.today() + datetime.timedelta(days=1):
            errors["upload_date"] = ValidationError("The upload date cannot be in the future.")
        embed = value.embed
        if embed is None:
            errors["video"] = ValidationError("The video's provider gave no answer for this address.")
        else:
            if embed.type and embed.type != "video":
                errors["video"] = ValidationError(f"This address is a {embed.type}, not a video.")
            if not value.name:
                errors["title"] = ValidationError("The provider gives no title: write one.")
            if not value.get("thumbnail") and not embed.thumbnail_url:
                errors["thumbnail"] = ValidationError("The provider gives no thumbnail: choose one.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


def video_node(block: Any, node_id: str, builder: Any) -> dict[str, Any] | None:
    """A ``VideoObject`` for a body block (a Video block, or an embed block of a video)."""
    if block.block_type == "video":
        value = block.value
        embed = value.embed
        if embed is None:
            return None
        thumbnail = ""
        if value.get("thumbnail"):
            try:
                rendition = builder.rendition(value["thumbnail"], THUMBNAIL_SPEC)
                thumbnail = builder.rendition_url(rendition)
            except Exception:  # a missing file: fall back to the provider's thumbnail
                logger.warning("Video thumbnail %s could not be rendered", value["thumbnail"].pk)
        try:
            duration = iso_duration(value.get("duration") or "")
        except ValueError:
            duration = ""
        return {
            "@type": "VideoObject",
            "@id": node_id,
            "name": value.name,
            "description": value.get("description") or value.name,
            "thumbnailUrl": thumbnail or embed.thumbnail_url,
            "uploadDate": value.get("upload_date"),
            "duration": duration,
            "embedUrl": player_url(embed),
            "url": embed.url,
        }
    if block.block_type == "embed":
        embed = find_embed(block.value)
        if embed is None or embed.type != "video":
            return None
        return {
            "@type": "VideoObject",
            "@id": node_id,
            "name": embed.title,
            "description": embed.title,
            "thumbnailUrl": embed.thumbnail_url,
            "embedUrl": player_url(embed),
            "url": embed.url,
        }
    return None

"""How an article looks in search results and on social networks, when the editor wants it to differ.

The SEO title (``<title>``) and description are Wagtail's own ``seo_title`` and
``search_description``; the social title, description and image replace the OpenGraph and
Twitter card values that otherwise come from the JSON-LD (the headline, standfirst and lead
photo). The limits are where Google and the networks usually cut text off: hints, not rules.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from django import forms
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images.models import SourceImageIOError

logger = logging.getLogger(__name__)

#: ``field name: (ideal maximum, what is cut off beyond it)``, shown to editors as they type.
LENGTH_HINTS: dict[str, tuple[int, str]] = {
    "seo_title": (60, "Google usually shows about 60 characters of a title."),
    "search_description": (155, "Google usually shows about 155 characters of a description."),
    "social_title": (70, "Social cards usually show about 70 characters of a title."),
    "social_description": (200, "Social cards usually show about 200 characters of a description."),
}

#: The social image's crop: 1.91:1, the size Facebook and X recommend for large cards.
SOCIAL_IMAGE_SPEC = "fill-1200x630"


def length_hint(name: str) -> str:
    limit, why = LENGTH_HINTS[name]
    return f"Up to {limit} characters. {why}"


class SocialPresentationMixin(models.Model):
    """Overrides of the social card (OpenGraph and Twitter) for one article."""

    social_title = models.CharField(max_length=200, blank=True, help_text="Leave blank to use the headline.")
    social_description = models.TextField(max_length=500, blank=True, help_text="Leave blank to use the standfirst.")
    social_image = models.ForeignKey(
        "articles.NewsImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave blank to use the lead photo. Cropped to 1200 by 630 pixels.",
    )

    class Meta:
        abstract = True

    @classmethod
    def presentation_panels(cls) -> list:
        """The "Search and social" panels, with the length hints the editor's counters read."""
        counted = ("seo_title", "search_description", "social_title", "social_description")
        panels = []
        for name in counted:
            widget = forms.Textarea if name.endswith("description") else forms.TextInput
            extra = cls._meta.get_field(name).help_text if name.startswith("social") else ""
            panels.append(
                FieldPanel(
                    name,
                    help_text=f"{length_hint(name)} {extra}".strip(),
                    widget=widget(attrs={"data-length-hint": LENGTH_HINTS[name][0], "rows": 3}),
                )
            )
        return [
            MultiFieldPanel(panels[:2], heading="Search result"),
            MultiFieldPanel([*panels[2:], FieldPanel("social_image")], heading="Social card"),
        ]

    def social_meta_overrides(self, request=None) -> dict[str, str]:
        """OpenGraph and Twitter values that replace those drawn from the JSON-LD (see ``social_meta``)."""
        overrides: dict[str, str] = {}
        if self.social_title:
            overrides["og:title"] = overrides["twitter:title"] = self.social_title
        if self.social_description:
            overrides["og:description"] = overrides["twitter:description"] = self.social_description
        if self.social_image_id and self.social_image is not None:
            try:
                rendition = self.social_image.get_rendition(SOCIAL_IMAGE_SPEC)
            except SourceImageIOError:
                logger.warning("Image file missing for social image %s", self.social_image_id)
                return overrides
            site = self.get_site() if self.path else None
            base = site.root_url + "/" if site is not None else (request.build_absolute_uri("/") if request else "")
            url = urljoin(base, rendition.url)  # against the site's root, as the JSON-LD's URLs are
            overrides.update(
                {
                    "og:image": url,
                    "og:image:width": str(rendition.width),
                    "og:image:height": str(rendition.height),
                    "og:image:alt": self.social_image.caption or self.social_image.title,
                    "twitter:image": url,
                    "twitter:card": "summary_large_image",
                }
            )
        return overrides

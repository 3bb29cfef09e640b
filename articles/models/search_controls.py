"""Per-article search controls: the robots directives Google reads, and what they mean for sitemaps.

https://developers.google.com/search/docs/crawling-indexing/robots-meta-tag — ``noindex``,
``nosnippet``, ``max-snippet``, ``max-image-preview``, ``unavailable_after`` and the
``googlebot-news`` user agent (keep a story in Search but out of Google News). Passages marked
``data-nosnippet`` come from the body's "Kept out of snippets" block. An article kept out of the
index is left out of the sitemap and the news sitemap; its JSON-LD stays (the page still says
what it is to anyone who reads it).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class ImagePreview(models.TextChoices):
    NONE = "none", "None"
    STANDARD = "standard", "Standard"
    LARGE = "large", "Large"


class SearchControlsMixin(models.Model):
    """Fields and panels of an article's search controls (a field group that carries its panels)."""

    noindex = models.BooleanField(
        "keep out of search engines",
        default=False,
        help_text="noindex: search engines drop the page; it leaves the sitemap and the news sitemap.",
    )
    news_noindex = models.BooleanField(
        "keep out of Google News",
        default=False,
        help_text="googlebot-news noindex: still in Search, not in Google News or the news sitemap.",
    )
    nosnippet = models.BooleanField(
        "no snippet", default=False, help_text="nosnippet: show no text or video preview in search results."
    )
    max_snippet = models.IntegerField(
        "maximum snippet length",
        null=True,
        blank=True,
        help_text="max-snippet, in characters: 0 for none, -1 for no limit; blank leaves it to the search engine.",
    )
    max_image_preview = models.CharField(
        "image preview size",
        max_length=10,
        blank=True,
        choices=ImagePreview.choices,
        help_text="max-image-preview; blank leaves it to the search engine (Google Discover wants “large”).",
    )
    unavailable_after = models.DateTimeField(
        "remove from search after",
        null=True,
        blank=True,
        help_text="unavailable_after: for stories that must expire from search results (e.g. court orders).",
    )

    search_control_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("noindex"), FieldPanel("news_noindex")]),
                FieldRowPanel([FieldPanel("nosnippet"), FieldPanel("max_snippet"), FieldPanel("max_image_preview")]),
                FieldPanel("unavailable_after"),
            ],
            heading="Search engine controls",
        )
    ]

    class Meta:
        abstract = True

    def robots_directives(self) -> list[str]:
        """The ``<meta name="robots">`` directives this article adds to the site-wide ones."""
        directives = []
        if self.noindex:
            directives.append("noindex")
        if self.nosnippet:
            directives.append("nosnippet")
        if self.max_snippet is not None:
            directives.append(f"max-snippet:{max(self.max_snippet, -1)}")
        if self.max_image_preview:
            directives.append(f"max-image-preview:{self.max_image_preview}")
        if self.unavailable_after:
            # ISO 8601 (which Google accepts): RFC 822 dates hold a comma, the directives' separator.
            when = self.unavailable_after.astimezone(datetime.UTC).isoformat(timespec="seconds")
            directives.append(f"unavailable_after: {when}")
        return directives

    def googlebot_news_directives(self) -> list[str]:
        return ["noindex"] if self.news_noindex else []

    def is_indexable(self, now: datetime.datetime | None = None) -> bool:
        """Whether search engines may list the article now (sitemaps list only those)."""
        if self.noindex:
            return False
        return not (self.unavailable_after and self.unavailable_after <= (now or timezone.now()))

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_indexable() else []


def indexable(queryset, now: datetime.datetime | None = None, *, news: bool = False):
    """``queryset`` of articles without those kept out of the index (and of Google News if ``news``)."""
    now = now or timezone.now()
    queryset = queryset.filter(noindex=False).exclude(unavailable_after__lte=now)
    return queryset.filter(news_noindex=False) if news else queryset

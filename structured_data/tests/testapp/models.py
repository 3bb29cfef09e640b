from django.db import models
from wagtail.models import Page

from structured_data.editor import StructuredDataPreviewMixin


class EventPage(StructuredDataPreviewMixin, Page):
    """With the plugin's "Structured data" preview mode, as a site adds it to its page models."""

    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    ticket_url = models.CharField(max_length=255, blank=True)

    template = "testapp/event_page.html"


class PlainPage(Page):
    """A page type with no schema of its own: it falls back to the plugin's WebPage."""

    template = "testapp/event_page.html"

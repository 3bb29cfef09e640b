from django.db import models
from wagtail.models import Page


class EventPage(Page):
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    ticket_url = models.CharField(max_length=255, blank=True)

    template = "testapp/event_page.html"


class PlainPage(Page):
    """A page type with no schema of its own: it falls back to the plugin's WebPage."""

    template = "testapp/event_page.html"

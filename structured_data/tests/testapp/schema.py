"""What another site writes to describe its own page model: nothing else."""

from collections.abc import Sequence
from typing import ClassVar

from structured_data.registry import register
from structured_data.schema import PageSchema

from .models import EventPage


@register(EventPage)
class EventSchema(PageSchema):
    schema_type = "Event"
    id_fragment = "event"
    properties: ClassVar[Sequence[str]] = (
        "name",
        "url",
        "description",
        "startDate",
        "eventAttendanceMode",
        "location",
        "organizer",
        "offers",
    )
    eventAttendanceMode = "https://schema.org/OfflineEventAttendanceMode"
    extra_properties = {"eventStatus": "https://schema.org/EventScheduled"}

    def description(self, page):
        return page.summary

    def startDate(self, page):
        return page.starts_at

    def location(self, page):
        return {"@type": "Place", "name": page.venue}

    def organizer(self, page):
        return self.builder.publisher_ref

    def offers(self, page):
        return {"@type": "Offer", "url": page.ticket_url} if page.ticket_url else None

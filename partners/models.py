"""Per-partner API keys, managed in the Wagtail admin (Settings > Partner API keys)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from . import keys


class PartnerKeyQuerySet(models.QuerySet):
    def active(self) -> PartnerKeyQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_raw_key(self, raw_key: str) -> PartnerKey | None:
        """The active key whose digest matches ``raw_key``, else None (a revoked key is no key)."""
        if not raw_key or len(raw_key) > 200:
            return None
        return self.active().prefetch_related("sections").filter(key_hash=keys.digest(raw_key)).first()


class PartnerKey(ClusterableModel):
    """One partner's key: what it may read (sections, subscriber-only bodies) and how often."""

    name = models.CharField(max_length=120, help_text="Who holds the key, e.g. “Harbor Wire (production)”.")
    #: SHA-256 of the key: the key itself is shown once, when the key is created, and never stored.
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField("key starts with", max_length=16, editable=False)
    sections = ParentalManyToManyField(
        "articles.SectionPage",
        blank=True,
        related_name="+",
        help_text="The sections this partner receives. None ticked: every section.",
    )
    subscriber_bodies = models.BooleanField(
        "receives subscriber-only text",
        default=False,
        help_text="Send the whole body of subscriber-only and metered stories. Otherwise the part before the wall.",
    )
    requests_per_minute = models.PositiveIntegerField(
        default=120, help_text="Requests this key may make per minute; more answer 429 Too Many Requests."
    )
    revoked = models.BooleanField(default=False, help_text="A revoked key answers 401 at once, for good.")
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)

    objects = PartnerKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "partner API key"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    def save(self, *args, **kwargs) -> None:
        """Made on first save: ``self.raw_key`` holds the new key until the admin has shown it."""
        if not self.key_hash:
            self.raw_key = keys.new_key()
            self.key_hash = keys.digest(self.raw_key)
            self.key_prefix = keys.shown_part(self.raw_key)
        if self.revoked_at is not None:
            self.revoked = True  # for good: a leaked key must not come back by a stray untick
        elif self.revoked:
            self.revoked_at = timezone.now()
        super().save(*args, **kwargs)

    @admin.display(description="sections")
    def scope(self) -> str:
        return ", ".join(section.title for section in self.sections.all()) or "All sections"

    def section_ids(self) -> set[int] | None:
        """The sections in scope, or None for all of them."""
        ids = {section.pk for section in self.sections.all()}
        return ids or None

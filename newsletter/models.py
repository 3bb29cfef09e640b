"""Newsletters, their subscribers and consent log, daily editions and one delivery row per recipient.

Nothing here is hard-deleted: an unsubscribed or suppressed address keeps its row and its consent
history, and a delivery row is the proof that a message went (or did not go) to one person.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, TranslatableMixin

from .addresses import mailbox_key, normalise_email
from .languages import default_language


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(f"“{value}” is not a known time zone, e.g. America/New_York.") from error


class Newsletter(models.Model):
    class Cadence(models.TextChoices):
        DAILY = "daily", "Daily"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True, help_text="What readers get, shown on the signup pages.")
    site = models.ForeignKey(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whose stories the digest carries and whose address its links use. Blank: the default site.",
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    send_time = models.TimeField(default=datetime.time(7, 0), help_text="Local time in the time zone below.")
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    from_email = models.CharField(
        "from address", max_length=254, help_text='For example: "The Daily Ledger <headlines@example.org>".'
    )
    reply_to = models.EmailField("reply-to address", blank=True)
    postal_address = models.TextField(blank=True, help_text="Printed in every email's footer.")
    is_active = models.BooleanField(default=True, help_text="Inactive newsletters take no signups and send nothing.")
    other_language_stories = models.BooleanField(
        "stories in other languages",
        default=True,
        help_text="A story not translated into a reader's language appears in its original language "
        "(marked as such). Off: such stories are left out of that language's edition.",
    )

    # Editor-owned copy.
    heading = models.CharField(max_length=120, default="Sign Up for Daily Headlines")
    blurb = models.TextField(
        blank=True,
        default="The day's most important stories, in your inbox every morning. Free.",
    )
    button_label = models.CharField(max_length=40, default="Sign up")
    success_message = models.CharField(
        max_length=255,
        default="Almost done: check your inbox and confirm your address to start receiving it.",
    )
    privacy_note = models.CharField(
        max_length=255,
        blank=True,
        default="We use your address only to send this newsletter. Every email has a one-click unsubscribe link.",
    )
    # The welcome email, sent once a reader confirms.
    welcome_subject = models.CharField(max_length=200, blank=True, default="Welcome to {name}")
    welcome_text = models.TextField(
        blank=True,
        default="Thank you for confirming. Your first edition arrives at the next send time.",
        help_text="The welcome email's message. Blank: no welcome email. {name} is the newsletter's name.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("description"),
                FieldPanel("site"),
                FieldPanel("is_active"),
            ],
            heading="Newsletter",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("cadence"), FieldPanel("send_time"), FieldPanel("time_zone")]),
                FieldRowPanel([FieldPanel("from_email"), FieldPanel("reply_to")]),
                FieldPanel("postal_address"),
                FieldPanel("other_language_stories"),
            ],
            heading="Sending",
        ),
        MultiFieldPanel(
            [
                FieldPanel("heading"),
                FieldPanel("blurb"),
                FieldPanel("button_label"),
                FieldPanel("success_message"),
                FieldPanel("privacy_note"),
            ],
            heading="Signup form copy",
        ),
        MultiFieldPanel([FieldPanel("welcome_subject"), FieldPanel("welcome_text")], heading="Welcome email"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_today(self, now: datetime.datetime | None = None) -> datetime.date:
        return timezone.localtime(now or timezone.now(), self.zone).date()

    def send_datetime(self, date: datetime.date) -> datetime.datetime:
        """The edition of ``date`` goes out at this aware moment."""
        return datetime.datetime.combine(date, self.send_time, tzinfo=self.zone)


def default_newsletter(slug: str | None = None) -> Newsletter | None:
    """The active newsletter with ``slug``; without one, the site's main newsletter (the first active)."""
    queryset = Newsletter.objects.filter(is_active=True).select_related("site")
    if slug:
        return queryset.filter(slug=slug).first()
    return queryset.order_by("pk").first()


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        SUPPRESSED = "suppressed", "Suppressed (bounced)"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="subscribers")
    email = models.EmailField(max_length=254)
    # The inbox the address reaches (``addresses.mailbox_key``: no +tag): what limits and the
    # one-confirmation-a-day rule count, so spellings of one inbox cannot each get an email.
    mailbox = models.CharField(max_length=254, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    source_url = models.URLField(max_length=500, blank=True, help_text="The page the reader signed up on.")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    hard_bounces = models.PositiveIntegerField(default=0)
    # Which signup of this address is pending: raised by each signup after an unsubscribe, and
    # carried in the confirmation link, so a link works only for the signup that sent it.
    signup_number = models.PositiveIntegerField(default=0, editable=False)
    # Which unsubscribe and preferences links work (``newsletter.tokens``): raised by a signup after
    # an unsubscribe and by an editor's "Revoke links", so every link sent or shown before stops.
    token_generation = models.PositiveIntegerField(default=0, editable=False)
    paused_until = models.DateField(null=True, blank=True, help_text="No editions dated up to this day.")
    welcomed_at = models.DateTimeField(null=True, blank=True, editable=False)  # the welcome email, sent once
    # Which edition the reader gets (``newsletter.languages``): the signup page's language.
    language = models.CharField(max_length=15, default=default_language)

    # Nothing here is editable: only the reader confirms (double opt-in), and an editor's one
    # change, unsubscribing, is its own logged action (wagtail_hooks.unsubscribe_view).
    panels = [
        FieldPanel("newsletter", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("status", read_only=True),
        FieldPanel("source_url", read_only=True),
        FieldPanel("language", read_only=True),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "newsletter",
                name="newsletter_subscriber_unique_email_ci",
                violation_error_message="This address is already on the list.",
            ),
        ]
        indexes = [models.Index(fields=["newsletter", "mailbox"], name="newsletter_subscriber_mailbox")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        self.mailbox = mailbox_key(self.email)
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "mailbox"}
        super().save(*args, **kwargs)


class ConsentEvent(models.Model):
    """The consent record: who agreed to (or withdrew from) what, when, where and how."""

    class Action(models.TextChoices):
        SUBSCRIBE = "subscribe", "Asked to subscribe"
        CONFIRM = "confirm", "Confirmed"
        UNSUBSCRIBE = "unsubscribe", "Unsubscribed"
        SUPPRESS = "suppress", "Suppressed after hard bounces"
        COMPLAINT = "complaint", "Complained (marked as spam)"
        PAUSE = "pause", "Paused"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="consent_events")
    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    method = models.CharField(max_length=40, blank=True, help_text="form, confirm page, one-click, admin…")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The admin user who made the change; blank when the reader did.",
    )
    source_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    detail = models.CharField(max_length=255, blank=True, help_text="Why, e.g. the provider's bounce reason.")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.subscriber} ({self.created_at:%Y-%m-%d %H:%M})"


class EditionQuerySet(models.QuerySet):
    def with_counts(self):
        status = Delivery.Status
        return self.annotate(
            queued_count=Count("deliveries", filter=Q(deliveries__status__in=[status.QUEUED, status.SENDING])),
            sent_count=Count("deliveries", filter=Q(deliveries__status=status.SENT)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=status.FAILED)),
        )


class Edition(ClusterableModel):
    """One newsletter's issue for one date in one language. Editors curate its items before send time."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="editions")
    date = models.DateField()
    # The subscribers of this language get this edition (``claims.enqueue_deliveries``).
    language = models.CharField(max_length=15, default=default_language)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    subject = models.CharField(max_length=200, blank=True, help_text="Leave blank for the automatic subject line.")
    intro = models.TextField(blank=True, help_text="A line or two above the stories. Optional.")
    created_at = models.DateTimeField(default=timezone.now)
    # The email as rendered once when sending starts, with per-recipient placeholders: every
    # recipient, and every resumed run, gets the same edition.
    rendered_subject = models.CharField(max_length=255, blank=True, editable=False)
    rendered_text = models.TextField(blank=True, editable=False)
    rendered_html = models.TextField(blank=True, editable=False)
    rendered_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EditionQuerySet.as_manager()

    panels = [
        FieldRowPanel(
            [
                FieldPanel("newsletter", read_only=True),
                FieldPanel("date", read_only=True),
                FieldPanel("language", read_only=True),
            ]
        ),
        FieldPanel("subject"),
        FieldPanel("intro"),
        InlinePanel("items", heading="Stories, in order", label="Story"),
    ]

    class Meta:
        ordering = ["-date", "newsletter"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "date", "language"], name="newsletter_edition_unique_date_language"
            ),
        ]

    def __str__(self):
        suffix = "" if self.language == default_language() else f" ({self.language})"
        return f"{self.newsletter}, {self.date:%Y-%m-%d}{suffix}"

    @property
    def is_frozen(self) -> bool:
        return self.rendered_at is not None

    def counts(self) -> dict[str, int]:
        if hasattr(self, "sent_count"):
            return {"queued": self.queued_count, "sent": self.sent_count, "failed": self.failed_count}
        row = Edition.objects.with_counts().filter(pk=self.pk).values("queued_count", "sent_count", "failed_count")
        row = row.first() or {}
        return {
            "queued": row.get("queued_count", 0),
            "sent": row.get("sent_count", 0),
            "failed": row.get("failed_count", 0),
        }


class EditionItem(Orderable):
    """A story in an edition: one of our pages, or a link to another outlet's story."""

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_top_story = models.BooleanField("top story", default=False)
    excluded = models.BooleanField(default=False, help_text="Keep this story out of the email.")
    external_url = models.URLField("other outlet's URL", blank=True)
    external_title = models.CharField("headline", max_length=255, blank=True)
    outlet_name = models.CharField(max_length=120, blank=True, help_text="Credited beside the link.")
    summary = models.TextField(blank=True, help_text="Leave blank to use the article's standfirst.")

    panels = [
        PageChooserPanel("page"),
        FieldRowPanel([FieldPanel("is_top_story"), FieldPanel("excluded")]),
        MultiFieldPanel(
            [FieldPanel("external_url"), FieldPanel("external_title"), FieldPanel("outlet_name")],
            heading="Or another outlet's story",
        ),
        FieldPanel("summary"),
    ]

    def clean(self):
        if not self.page_id and not self.external_url:
            raise ValidationError("Choose one of our stories or give another outlet's URL.")
        if self.page_id and self.external_url:
            raise ValidationError("Choose either one of our stories or another outlet's URL, not both.")
        if self.external_url and not (self.external_title and self.outlet_name):
            raise ValidationError("Another outlet's story needs its headline and the outlet's name.")

    def __str__(self):
        return self.external_title or (str(self.page) if self.page_id else "—")


class Delivery(models.Model):
    """One edition to one subscriber: the row that makes sending resumable and never double."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (no longer subscribed)"

    # No index of its own: the unique (edition, subscriber) constraint and the queue index both
    # start with it, and every delivery written costs one index entry less.
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="deliveries", db_index=False)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # What the provider reported afterwards (newsletter.events): its id for the message, and bounces
    # and complaints, each recorded once however often the event arrives.
    provider_message_id = models.CharField(max_length=255, blank=True)
    bounce = models.CharField(max_length=4, blank=True, choices=[("hard", "Hard"), ("soft", "Soft")])
    bounced_at = models.DateTimeField(null=True, blank=True)
    complained_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["edition", "subscriber"], name="newsletter_delivery_unique_recipient"),
        ]
        # A claim reads one status of an edition in id order (``claims.claim_batch``): with the id
        # in the index that is one range read, never a walk past the rows already sent.
        indexes = [
            models.Index(fields=["edition", "status", "id"], name="newsletter_delivery_queue"),
            models.Index(fields=["provider_message_id"], name="newsletter_delivery_provider"),
        ]

    def __str__(self):
        return f"{self.edition} → {self.subscriber_id} ({self.status})"


class ProviderEvent(models.Model):
    """A provider's event that changed something, once: a replayed or duplicated webhook finds its
    key here and changes nothing again (``newsletter.events``)."""

    provider = models.CharField(max_length=40)
    key = models.CharField(max_length=255, help_text="The provider's event id, else a digest of the event.")
    event_type = models.CharField(max_length=20)
    delivery = models.ForeignKey(Delivery, null=True, on_delete=models.PROTECT, related_name="provider_events")
    recipient = models.CharField(max_length=254, blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "key"], name="newsletter_provider_event_once")]

    def __str__(self):
        return f"{self.provider} {self.event_type} ({self.key})"


class SignupCopy(TranslatableMixin, models.Model):
    """The signup block's words in another language (issue 18): a translatable snippet.

    The newsletter's own fields are the default language's copy; a page in French shows the French
    copy of its newsletter when there is one ("Translate" in the snippet's menu makes it), and the
    newsletter's own words otherwise.
    """

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="signup_copies")
    heading = models.CharField(max_length=120)
    blurb = models.TextField(blank=True)
    button_label = models.CharField(max_length=40)
    privacy_note = models.CharField(max_length=255, blank=True)

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("heading"),
        FieldPanel("blurb"),
        FieldPanel("button_label"),
        FieldPanel("privacy_note"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "signup copy"
        verbose_name_plural = "signup copy"

    def __str__(self):
        return f"{self.newsletter} ({self.locale})"

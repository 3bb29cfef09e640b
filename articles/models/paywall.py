"""Subscriber-only and metered articles, gated in the reader's browser.

The HTML is the same for everyone (so any cache can keep it): the full text is in the page, the
part beyond the free paragraphs inside ``GATED_SELECTOR``, which the stylesheet hides until
``static/articles/paywall.js`` opens it (a subscriber, a registered reader, or a metered article
within the reader's allowance of free articles per ``METER_DAYS``, counted in ``localStorage``:
nothing about the reader reaches the server). Search engines read the full text, with
``isAccessibleForFree: false`` and a ``hasPart`` ``WebPageElement`` whose ``cssSelector`` is
``GATED_SELECTOR``, as Google's paywalled-content guidance asks, so it is not taken for cloaking.
"""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

#: The class of the element around the gated part of an article (its JSON-LD ``cssSelector``).
GATED_CLASS = "article__gated"
GATED_SELECTOR = f".{GATED_CLASS}"
#: The client-side meter's window.
METER_DAYS = 30
#: A request attribute: when true, the news formats' body (``ArticleSchema.body_html``) stops at
#: the wall. Set by a caller serving someone who may not receive subscriber-only text (the partner API).
FREE_PART_ONLY = "articles_free_part_only"


class Access(models.TextChoices):
    FREE = "free", "Free to read"
    METERED = "metered", "Metered: free within the reader's monthly allowance"
    SUBSCRIBERS = "subscribers", "Subscribers only"


class WallKind(models.TextChoices):
    SUBSCRIBE = "subscribe", "Ask readers to subscribe"
    REGISTER = "register", "Registration wall: ask readers to sign up for the newsletter"


class AccessMixin(models.Model):
    """An article's access rule and the number of paragraphs everyone reads."""

    access = models.CharField(
        max_length=12,
        choices=Access.choices,
        default=Access.FREE,
        help_text="Who reads past the free paragraphs. Search engines always get the full text, marked as such.",
    )
    free_paragraphs = models.PositiveSmallIntegerField(
        default=3, help_text="Paragraphs everyone reads before the prompt; fewer than the body's paragraphs."
    )

    access_panels = [
        MultiFieldPanel([FieldRowPanel([FieldPanel("access"), FieldPanel("free_paragraphs")])], heading="Access")
    ]

    class Meta:
        abstract = True

    def body_parts(self) -> tuple[list, list]:
        """``(free, gated)`` blocks of the body: the gated part starts after the last free paragraph."""
        blocks = list(self.body)
        free = self.free_block_count()
        return blocks[:free], blocks[free:]

    def free_block_count(self) -> int:
        """How many blocks at the start of the body everyone reads, from the stored block types alone
        (no block is loaded: search snippets read the free part of many articles at once)."""
        types = [block.get("type") for block in self.body.raw_data]
        if self.access == Access.FREE:
            return len(types)
        seen = 0
        for index, block_type in enumerate(types):
            if block_type == "paragraph":
                seen += 1
                if seen == self.free_paragraphs:
                    return index + 1
        return 0 if self.free_paragraphs == 0 else len(types)

    @property
    def is_gated(self) -> bool:
        """Whether part of the article is behind the wall (what the page and its JSON-LD say), from
        the stored block types alone, like :meth:`free_block_count`."""
        return self.free_block_count() < len(self.body.raw_data)

    def access_errors(self) -> list[str]:
        """Why the access settings cannot work on this body (the editor's form shows them)."""
        if self.access == Access.FREE:
            return []
        paragraphs = sum(block.block_type == "paragraph" for block in self.body)
        if not self.body_parts()[1]:
            return [
                f"The body has {paragraphs} paragraph{'s' if paragraphs != 1 else ''} and {self.free_paragraphs} "
                "are free: nothing would be behind the wall, and its cssSelector would match nothing on the "
                "page. Lower the free paragraphs or make the article free."
            ]
        return []


@register_setting(icon="lock")
class AccessSettings(BaseSiteSetting):
    """What a reader sees at the wall, and how many metered articles are free."""

    wall = models.CharField(max_length=12, choices=WallKind.choices, default=WallKind.SUBSCRIBE)
    heading = models.CharField(max_length=120, default="Keep reading with a subscription")
    message = models.TextField(
        max_length=500,
        default="Our reporting is paid for by readers. Subscribe to read this article and everything else we publish.",
    )
    subscribe_url = models.URLField(blank=True, help_text="Where the subscribe button leads.")
    subscribe_label = models.CharField(max_length=60, default="Subscribe")
    meter_allowance = models.PositiveSmallIntegerField(
        "free metered articles",
        default=5,
        help_text=f"Metered articles a reader may open free in {METER_DAYS} days, counted in their browser only.",
    )

    panels = [
        FieldPanel("wall"),
        FieldPanel("heading"),
        FieldPanel("message"),
        FieldRowPanel([FieldPanel("subscribe_url"), FieldPanel("subscribe_label")]),
        FieldPanel("meter_allowance"),
    ]

    class Meta:
        verbose_name = "subscriptions and meter"

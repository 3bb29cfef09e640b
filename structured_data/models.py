"""The publisher: a Wagtail site setting that the whole graph hangs from.

It lives in the plugin (not in the site's own apps) so that any Wagtail site
that installs ``structured_data`` gets an editable publisher without writing
a model of its own.
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string
from wagtail.models import Orderable


class OrganizationType(models.TextChoices):
    NEWS_MEDIA = "NewsMediaOrganization", "News media organization"
    ORGANIZATION = "Organization", "Organization"


class PolicyKind(models.TextChoices):
    """schema.org publishing-principles properties (https://schema.org/NewsMediaOrganization)."""

    PUBLISHING_PRINCIPLES = "publishingPrinciples", "Publishing principles"
    ETHICS = "ethicsPolicy", "Ethics policy"
    CORRECTIONS = "correctionsPolicy", "Corrections policy"
    MASTHEAD = "masthead", "Masthead"
    DIVERSITY = "diversityPolicy", "Diversity policy"
    ACTIONABLE_FEEDBACK = "actionableFeedbackPolicy", "Actionable feedback policy"
    VERIFICATION = "verificationFactCheckingPolicy", "Verification and fact-checking policy"
    UNNAMED_SOURCES = "unnamedSourcesPolicy", "Unnamed sources policy"
    NO_BYLINES = "noBylinesPolicy", "No-bylines policy"
    OWNERSHIP_FUNDING = "ownershipFundingInfo", "Ownership and funding information"


@register_setting(icon="site")
class PublisherSettings(ClusterableModel, BaseSiteSetting):
    organization_type = models.CharField(
        max_length=40, choices=OrganizationType.choices, default=OrganizationType.NEWS_MEDIA
    )
    name = models.CharField(max_length=255, help_text="The publication's name, as readers know it.")
    alternate_name = models.CharField(max_length=255, blank=True)
    url = models.URLField(blank=True, help_text="Leave blank to use the site's root URL.")
    logo = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Search engines need at least 112 by 112 pixels; a square or wide logo works best.",
    )
    email = models.EmailField(blank=True, help_text="Public contact address.")
    telephone = models.CharField(max_length=40, blank=True)
    contact_url = models.URLField(blank=True, help_text="A contact page on or off the site.")
    street_address = models.CharField(max_length=255, blank=True)
    address_locality = models.CharField("town or city", max_length=120, blank=True)
    address_region = models.CharField("region or state", max_length=120, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    address_country = models.CharField(
        "country", max_length=2, blank=True, help_text="Two-letter ISO 3166 code, such as US or GB."
    )
    founding_year = models.PositiveSmallIntegerField(null=True, blank=True)
    twitter_site = models.CharField(
        "X/Twitter handle", max_length=16, blank=True, help_text="For the twitter:site card tag, e.g. @ledger."
    )

    # The logo comes with the setting in one query: the JSON-LD publisher node needs it on every page.
    select_related = ["logo"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("organization_type"), FieldPanel("name"), FieldPanel("alternate_name"),
             FieldPanel("url"), FieldPanel("logo"), FieldPanel("founding_year"), FieldPanel("twitter_site")],
            heading="Publisher",
        ),
        InlinePanel("social_links", heading="Social profiles (sameAs)", label="Profile"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("telephone"), FieldPanel("contact_url")],
            heading="Contact",
        ),
        MultiFieldPanel(
            [FieldPanel("street_address"), FieldPanel("address_locality"), FieldPanel("address_region"),
             FieldPanel("postal_code"), FieldPanel("address_country")],
            heading="Postal address",
        ),
        InlinePanel("policies", heading="Publishing principles", label="Policy"),
    ]

    class Meta:
        verbose_name = "publisher"

    def __str__(self):
        return self.name or "Publisher"

    @property
    def postal_address_lines(self) -> list[str]:
        parts = [
            self.street_address,
            " ".join(p for p in (self.address_locality, self.address_region, self.postal_code) if p),
            self.address_country,
        ]
        return [p for p in parts if p]


class PublisherSocialLink(Orderable):
    setting = ParentalKey(PublisherSettings, on_delete=models.CASCADE, related_name="social_links")
    url = models.URLField("URL")
    label = models.CharField(max_length=60, blank=True, help_text="For example: Mastodon, Bluesky.")

    panels = [FieldPanel("url"), FieldPanel("label")]

    def __str__(self):
        return self.url


class PublisherPolicy(Orderable):
    """One publishing-principles statement: a page of this site or an external URL."""

    setting = ParentalKey(PublisherSettings, on_delete=models.CASCADE, related_name="policies")
    kind = models.CharField(max_length=40, choices=PolicyKind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField("URL", blank=True)

    panels = [FieldPanel("kind"), PageChooserPanel("page"), FieldPanel("url")]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        if bool(self.page_id) == bool(self.url):
            raise ValidationError("Choose a page or enter a URL for this policy, not both.")

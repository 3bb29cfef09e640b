"""The publisher: a Wagtail site setting that the whole graph hangs from.

It lives in the plugin (not in the site's own apps) so that any Wagtail site
that installs ``structured_data`` gets an editable publisher without writing
a model of its own.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Site

from .site_cache import kept_with_site_nodes


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
            [
                FieldPanel("organization_type"),
                FieldPanel("name"),
                FieldPanel("alternate_name"),
                FieldPanel("url"),
                FieldPanel("logo"),
                FieldPanel("founding_year"),
                FieldPanel("twitter_site"),
            ],
            heading="Publisher",
        ),
        InlinePanel("social_links", heading="Social profiles (sameAs)", label="Profile"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("telephone"), FieldPanel("contact_url")],
            heading="Contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("address_locality"),
                FieldPanel("address_region"),
                FieldPanel("postal_code"),
                FieldPanel("address_country"),
            ],
            heading="Postal address",
        ),
        InlinePanel("policies", heading="Publishing principles", label="Policy"),
    ]

    class Meta:
        verbose_name = "publisher"

    def __str__(self) -> str:
        return self.name or "Publisher"

    @classmethod
    def for_request(cls, request: Any) -> Any:
        """As Wagtail's, but from the cache: every page asks (the settings context processor).

        Kept with the site-wide nodes (:mod:`structured_data.site_cache`), forgotten when the
        setting, a site, an image or a page changes. The admin reads and saves through ``for_site``.
        """
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        found = kept_with_site_nodes(f"publisher-settings:{site.pk}", lambda: cls.for_site(site))
        found._request = request  # as Wagtail's: page URLs from this request
        setattr(request, attr_name, found)
        return found

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

    def __str__(self) -> str:
        return str(self.url)


class PublisherPolicy(Orderable):
    """One publishing-principles statement: a page of this site or an external URL."""

    setting = ParentalKey(PublisherSettings, on_delete=models.CASCADE, related_name="policies")
    kind = models.CharField(max_length=40, choices=PolicyKind.choices)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    url = models.URLField("URL", blank=True)

    panels = [FieldPanel("kind"), PageChooserPanel("page"), FieldPanel("url")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def clean(self) -> None:
        if bool(self.page_id) == bool(self.url):
            raise ValidationError("Choose a page or enter a URL for this policy, not both.")


# Stored graphs (structured_data/stored.py) --------------------------------------------------------


class StoredGraph(models.Model):
    """A page's own graph nodes as the bulk export writes them, kept between exports.

    Like Wagtail's search and reference indexes: built from the live page when it is published
    (or by the export, for a page whose graph is missing or stale), dropped when the page changes,
    is unpublished, moved or deleted, or when anything it was built from changes
    (:class:`StoredGraphDependency`). Never read to decide what is visible: the export still asks
    ``visible_pages`` which pages go out and only then takes their stored text.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="structured_data_graph"
    )
    #: The page's live revision and publication times when the graph was built; any other value
    #: means the graph is stale (the times too: imports and fixtures backdate them in place).
    revision_id = models.BigIntegerField(null=True)
    first_published_at = models.DateTimeField(null=True)
    last_published_at = models.DateTimeField(null=True)
    #: ``"{site id}|{language}|{time zone}"``: what else the text depends on (URLs, ``inLanguage``,
    #: the offsets of dates). An export in another context builds the graph afresh.
    context = models.CharField(max_length=120)
    #: The page's own nodes (not the site-wide publisher, WebSite and logo, added when exported) as
    #: one JSON array, exactly as ``dumps_json_ld`` writes them.
    text = models.TextField()
    #: The ``@id`` of the page node, and the ``@type``s of the main entity and the page node
    #: (space-separated), for ``--format jsonld`` and ``--type``.
    page_node_id = models.TextField()
    types = models.CharField(max_length=255)
    built_at = models.DateTimeField()
    #: The page's ninjs item, one JSON line as the ``ninjs`` format writes it, built with the graph
    #: (so the bulk ninjs export and feeds of items read text, as the JSON-LD export does); ``""``
    #: when not built. ``item_problems``: what its data could not say, one per line.
    #: ``item_context``: a digest of what else it read (the site's nodes, the formats' settings);
    #: an item read under another is built afresh.
    ninjs = models.TextField(blank=True, default="")
    item_problems = models.TextField(blank=True, default="")
    item_context = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "stored graph"

    def __str__(self) -> str:
        return f"Graph of page {self.page_id} (revision {self.revision_id})"


class StoredGraphDependency(models.Model):
    """One object a stored graph was built from (see :mod:`structured_data.dependencies`).

    ``graph`` is a plain column (no foreign key constraint, nothing cascades to it), so dropping
    graphs is one ``DELETE``; the rows of a dropped graph are replaced when it is stored again and
    deleted with the page.
    """

    graph = models.ForeignKey(
        StoredGraph, on_delete=models.DO_NOTHING, db_constraint=False, related_name="dependencies"
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    #: The object's pk as text; ``""`` for "any object of this model".
    object_id = models.CharField(max_length=255, blank=True)
    #: For pages, a hash of the title and URL path the graph read; ``""``: any change counts.
    fingerprint = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = "stored graph dependency"
        verbose_name_plural = "stored graph dependencies"
        indexes = [models.Index(fields=["content_type", "object_id"], name="structured_data_dep_object")]

    def __str__(self) -> str:
        return f"Graph of page {self.graph_id} depends on {self.content_type_id}:{self.object_id or '*'}"


# Stored check runs: the admin's structured-data report (structured_data/check_runs.py) -----------


class CheckRun(models.Model):
    """One ``check_structured_data --store`` run of a site: its totals, kept after its page rows are replaced.

    The page rows (:class:`PageCheck`) of a site's latest run are the report; earlier runs keep only
    these totals, which is what the dashboard's trend compares with.
    """

    site = models.ForeignKey(Site, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField()
    pages_checked = models.PositiveIntegerField(default=0)
    pages_with_errors = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0, help_text="Pages whose findings changed after publishing.")

    class Meta:
        verbose_name = "structured data check run"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Check of {self.pages_checked} page(s) at {self.started_at:%Y-%m-%d %H:%M}"


class PageCheck(models.Model):
    """A live page's findings in one run; only the latest run of each site keeps these rows."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="pages")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    #: The page's parent when checked: the report's "section".
    section = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=255)
    url = models.URLField(max_length=2000)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    #: A hash of the findings (rule, severity, where, message), to tell whether they changed between runs.
    fingerprint = models.CharField(max_length=64)
    #: When the findings last changed without the page being published since; null: not flagged.
    flagged_at = models.DateTimeField(null=True, blank=True)
    #: The page's last publication when checked (a later one clears the flag).
    last_published_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "page structured data check"
        ordering = ["-errors", "-warnings", "title", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "page"], name="structured_data_one_check_per_run")]

    def __str__(self) -> str:
        return f"{self.title}: {self.errors} error(s), {self.warnings} warning(s)"

    # What the report shows and exports (read from prefetched findings and authors).

    @property
    def edit_url(self) -> str:
        """The page's edit view, absolute when ``WAGTAILADMIN_BASE_URL`` is set (spreadsheets leave the admin)."""
        from django.conf import settings
        from django.urls import reverse

        path = reverse("wagtailadmin_pages:edit", args=[self.page_id])
        return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/") + path

    @property
    def section_title(self) -> str:
        return self.section.title if self.section else ""

    @property
    def author_names(self) -> list[str]:
        return [author.name for author in self.authors.all()]

    @property
    def rule_ids(self) -> list[str]:
        return sorted({finding.rule for finding in self.findings.all()})

    @property
    def findings_text(self) -> str:
        """One finding a line: ``error rule-id at path: message``."""
        return "\n".join(finding.as_line() for finding in self.findings.all())

    @property
    def flag_label(self) -> str:
        if self.flagged_at is None:
            return ""
        return f"Findings changed on {self.flagged_at:%Y-%m-%d} without the page being published since"


class PageCheckAuthor(models.Model):
    """An author name the page's graph holds (``author`` of its nodes), for filtering the report by author."""

    page_check = models.ForeignKey(PageCheck, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(max_length=255, db_index=True)

    class Meta:
        verbose_name = "page check author"

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    """One issue the checker found on a page in a stored run."""

    page_check = models.ForeignKey(PageCheck, on_delete=models.CASCADE, related_name="findings")
    severity = models.CharField(max_length=10, choices=[("error", "Error"), ("warning", "Warning")])
    rule = models.CharField(max_length=100, db_index=True)
    message = models.TextField()
    #: Where in the graph (``NewsArticle.image[0].width``); empty for the page as a whole.
    path = models.CharField(max_length=500, blank=True)
    #: The URL checked when the page has several (routes); empty for the page's own URL.
    url = models.URLField(max_length=2000, blank=True)

    class Meta:
        verbose_name = "structured data finding"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.severity} {self.rule}: {self.message}"

    def as_line(self) -> str:
        where = f" at {self.path}" if self.path else ""
        route = f" ({self.url})" if self.url else ""
        return f"{self.severity} {self.rule}{where}: {self.message}{route}"

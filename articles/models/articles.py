"""The article page: its fields, byline, tags and corrections log, and the queries that list articles.

The pages above it (home, sections, the authors index, the corrections page: ``listings.py``; the
live blog: ``liveblog.py``) import this module; it imports none of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from pagecache.restrictions import CachedViewRestrictionsMixin
from pagecache.routes import kept_until_site_changes
from structured_data import StructuredDataPreviewMixin, html_to_text, visible_pages

from ..blocks import ArticleBodyBlock, images_loaded
from ..forms import ArticlePageForm
from ..panels import PhotoCreditWarningPanel
from ..renditions import body_specs, card_specs, lead_specs, portrait_specs
from .authors import Author
from .corrections import ArticleCorrection
from .images import images_with_renditions
from .paywall import AccessMixin
from .search_controls import SearchControlsMixin
from .social import SocialPresentationMixin


def language_of_translation(page) -> str | None:
    """A translation's language is its locale's (a copy made by simple_translation starts with the source's)."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not page.locale_id:
        return None
    code = page.locale.language_code
    return code if code != settings.LANGUAGE_CODE else None


def byline_prefetch(with_photos: bool = True) -> Prefetch:
    """The byline in order, with each author's profile links and portrait (and its renditions)."""
    lookups: list = ["author__profile_links"]
    if with_photos:
        lookups.append(Prefetch("author__photo", queryset=images_with_renditions(*portrait_specs())))
    return Prefetch(
        "article_authors", queryset=ArticleAuthor.objects.select_related("author").prefetch_related(*lookups)
    )


class ArticleType(models.TextChoices):
    NEWS = "news", "News"
    ANALYSIS = "analysis", "Analysis"
    OPINION = "opinion", "Opinion"
    REVIEW = "review", "Review"
    BACKGROUND = "background", "Background"
    REPORTAGE = "reportage", "Reportage"


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticleQuerySet(PageQuerySet):
    def with_effective_date(self):
        """Annotate ``effective_date``: the editor's publication date, else first publication."""
        return self.annotate(effective_date=Coalesce("publication_date", "first_published_at"))

    def newest_first(self):
        """Newest ``effective_date`` first, by the indexed copy of it (``listing_date``): a page of the
        listing reads a dozen index entries whatever the size of the archive."""
        return self.with_effective_date().order_by(models.F("listing_date").desc(nulls_last=True), "-pk")

    def for_listing(self, *image_specs):
        """Everything a card shows, in a constant number of queries."""
        return self.select_related("section_page").prefetch_related(
            Prefetch("lead_image", queryset=images_with_renditions(*(image_specs or card_specs()))),
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
            ),
        )

    def visible(self, site=None):
        """The one visibility rule (live, public, go-live passed, not expired, not an alias), in ``site`` if given."""
        return visible_pages(self, site=site)


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


class ArticleAuthor(Orderable):
    """An author in an article's byline, in the editor's order."""

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="article_links")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "author"], name="unique_author_per_article")]

    def __str__(self):
        return str(self.author)


class ArticlePage(
    CachedViewRestrictionsMixin,
    StructuredDataPreviewMixin,
    SearchControlsMixin,
    AccessMixin,
    SocialPresentationMixin,
    Page,
):
    standfirst = models.TextField(
        max_length=600, help_text="One or two sentences under the headline that tell the story."
    )
    dateline = models.CharField(
        max_length=120, blank=True, help_text='Where the story was reported, e.g. "PORTLAND, Maine".'
    )
    lead_image = models.ForeignKey(
        "articles.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.TextField(blank=True, help_text="Leave blank to use the image's own caption.")
    lead_image_credit = models.CharField(
        max_length=255, blank=True, help_text="Leave blank to use the image's own credit."
    )
    body = StreamField(ArticleBodyBlock(), blank=True)
    publication_date = models.DateTimeField(
        null=True, blank=True, help_text="Overrides the first-published time shown to readers, e.g. for print."
    )
    updated_at = models.DateTimeField(null=True, blank=True, help_text='Shown as "Updated …" when set.')
    update_note = models.CharField(max_length=255, blank=True, help_text="What changed, in one line. Optional.")
    article_type = models.CharField(max_length=20, choices=ArticleType.choices, default=ArticleType.NEWS)
    language = models.CharField(max_length=12, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    # Where an imported article came from (its canonical URL): re-imports find it here.
    source_url = models.URLField(
        blank=True,
        max_length=500,
        db_index=True,
        editable=True,
        help_text="The original's canonical URL, for imported articles.",
    )
    # Syndication as search engines ask: a copy names the original as canonical.
    canonical_url = models.URLField(
        "canonical URL",
        blank=True,
        max_length=500,
        help_text="Leave blank for this page's own URL. For a story republished from elsewhere, the original's "
        "URL (imported articles get it by default); clear it for a story rewritten here.",
    )
    source_publisher = models.CharField(
        max_length=255, blank=True, help_text="Who published the original, for imported articles."
    )
    # A hash of an imported page's text: re-imports of a page without any URL of its own find it here.
    source_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # The section this article lives in, kept in step with the tree for cheap listings.
    section_page = models.ForeignKey(
        "articles.SectionPage", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    # The date listings sort and filter by (the publication date, else the first publication), kept on
    # this row when it is saved: an expression over two tables cannot be indexed, and without an index
    # the home page, feeds and the news sitemap sorted the whole archive on every uncached request.
    listing_date = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArticleManager()

    content_panels = [
        PhotoCreditWarningPanel(),
        FieldPanel("title", heading="Headline"),
        FieldPanel("standfirst"),
        FieldRowPanel([FieldPanel("dateline"), FieldPanel("article_type")]),
        MultipleChooserPanel(
            "article_authors", chooser_field_name="author", heading="Byline", label="Author", min_num=1
        ),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")],
            heading="Lead photo",
        ),
        FieldPanel("body"),
        *AccessMixin.access_panels,
        FieldPanel("tags"),
        InlinePanel(
            "corrections",
            heading="Corrections and clarifications",
            label="Correction",
            help_text="Each is dated and shown at the foot of the article, with a note at the top.",
        ),
    ]
    promote_panels = [
        MultiFieldPanel([FieldPanel("slug")], heading="For search engines"),
        *SocialPresentationMixin.presentation_panels(),
        *SearchControlsMixin.search_control_panels,
        MultiFieldPanel([FieldPanel("show_in_menus")], heading="For site menus"),
    ] + [
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldRowPanel([FieldPanel("updated_at"), FieldPanel("update_note")]),
                FieldPanel("language"),
            ],
            heading="Dates and language",
        ),
        MultiFieldPanel(
            [FieldPanel("canonical_url"), FieldPanel("source_url"), FieldPanel("source_publisher")],
            heading="Syndication",
        ),
    ]

    # Reader search (search/, docs/search.md). The body is indexed through ``search_free_text``: a
    # subscriber-only article is found by its free part only. Headline (Page's title, boost 2) and
    # standfirst weigh most; PostgreSQL and Elasticsearch rank by these boosts, SQLite's FTS5 ranks
    # the headline column above the rest.
    search_fields = Page.search_fields + [
        index.SearchField("standfirst", boost=1.5),
        index.SearchField("search_free_text"),
        index.SearchField("search_section_name"),
        index.RelatedFields("article_authors", [index.RelatedFields("author", [index.SearchField("name")])]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("article_type"),
        index.FilterField("language"),
        index.FilterField("section_page"),
        index.FilterField("publication_date"),
        index.FilterField("unavailable_after"),
    ]

    parent_page_types = ["articles.SectionPage"]
    subpage_types: list[str] = []
    base_form_class = ArticlePageForm

    class Meta:
        verbose_name = "article"
        indexes = [
            models.Index(
                models.F("listing_date").desc(nulls_last=True), models.F("page_ptr").desc(), name="article_listing_date"
            ),
            models.Index(
                "section_page",
                models.F("listing_date").desc(nulls_last=True),
                models.F("page_ptr").desc(),
                name="article_section_listing",
            ),
        ]

    def save(self, *args, **kwargs):
        if self.path:
            self.section_page_id = self.section_id_from_tree()
        self.language = language_of_translation(self) or self.language
        self.listing_date = self.publication_date or self.first_published_at
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"publication_date", "first_published_at"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "listing_date"}
        super().save(*args, **kwargs)

    def section_id_from_tree(self) -> int | None:
        """The parent section's id; ``section_page`` keeps a copy so listings need no tree query."""
        parent = self.get_parent()
        return parent.id if parent is not None and parent.specific_class is self.section_model() else None

    @classmethod
    def section_model(cls):
        """The section page class, from the field that names it: sections list articles, so their module
        (``listings.py``) imports this one, not the other way round."""
        return cls._meta.get_field("section_page").related_model

    @property
    def headline(self) -> str:
        return self.title

    @property
    def display_date(self):
        """When readers are told the story was published."""
        return self.publication_date or self.first_published_at or self.last_published_at or timezone.now()

    @property
    def canonical_elsewhere(self) -> bool:
        """Whether the canonical URL names another page (a syndicated copy): then this page is not ours to
        put in the news sitemap, and its ``<link rel="canonical">`` names the original."""
        return bool(self.canonical_url)

    @property
    def modified_date(self):
        """The "Updated" time (the editor's, or the latest correction's), never before publication."""
        latest = max(filter(None, [self.updated_at, *(c.date for c in self.corrections_in_order)]), default=None)
        if latest and latest > self.display_date:
            return latest
        return None

    @cached_property
    def corrections_in_order(self) -> list[ArticleCorrection]:
        """The corrections log, oldest first (a preview's in-memory rows as well as saved ones)."""
        return sorted(self.corrections.all(), key=lambda correction: (correction.date, correction.sort_order or 0))

    @property
    def correction_note(self) -> str:
        """The note at the top of a corrected article: "corrected", "clarified" or both."""
        kinds = {correction.kind for correction in self.corrections_in_order}
        if not kinds:
            return ""
        if kinds == {"clarification"}:
            return "This article has been clarified."
        if kinds == {"correction"}:
            return "This article has been corrected."
        return "This article has been corrected and clarified."

    @cached_property
    def authors(self) -> list[Author]:
        return [link.author for link in self.article_authors.all() if link.author_id]

    @property
    def lead_caption(self) -> str:
        return self.lead_image_caption or (self.lead_image.caption if self.lead_image else "")

    @property
    def lead_credit(self) -> str:
        return self.lead_image_credit or (self.lead_image.credit if self.lead_image else "")

    def body_images(self):
        """The captioned photos of the body, as (image, caption, credit) in reading order."""
        return [
            (block.value["image"], block.value.image_caption, block.value.image_credit)
            for block in self.body
            if block.block_type == "image" and block.value.get("image")
        ]

    def free_text_parts(self, *, quotable_only: bool = False) -> list[str]:
        """The text of the body everyone may read, block by block: paragraphs, headings, quotes, and
        each photo's caption and credit; never the part behind the paywall.

        ``quotable_only`` leaves out the passages kept out of snippets (search result snippets quote
        only the rest).
        """
        free, _gated = self.body_parts()
        parts: list[str] = []
        for block in free:
            kind, value = block.block_type, block.value
            if kind == "paragraph":
                parts.append(html_to_text(value.source))
            elif kind == "heading":
                parts.append(value.get("text") or "")
            elif kind == "quote":
                parts.extend([value.get("quote") or "", value.get("attribution") or ""])
            elif kind == "image" and value.get("image"):
                parts.extend([value.image_caption, value.image_credit])
            elif kind == "nosnippet" and not quotable_only:
                parts.append(html_to_text(value["text"].source))
        return [part for part in parts if part]

    def search_free_text(self) -> str:
        """The search index's body: the lead photo's caption and credit, then the free part of the body."""
        return "\n".join(part for part in (self.lead_caption, self.lead_credit, *self.free_text_parts()) if part)

    def search_section_name(self) -> str:
        return self.section_page.title if self.section_page_id and self.section_page else ""

    def photos_missing_credit(self) -> list[str]:
        missing = []
        if self.lead_image and not self.lead_credit:
            missing.append(f"the lead photo “{self.lead_image.title}”")
        for image, _caption, credit in self.body_images():
            if not credit:
                missing.append(f"the body photo “{image.title}”")
        return missing

    def prefetch_for_display(self):
        """Load the byline, the photos and their renditions in a constant number of queries.

        The lead photo, the portraits and the body's photos come in one query (their renditions in
        one more); the section comes from the cache.
        """
        if self.section_page_id and not type(self).section_page.is_cached(self):
            # Every article of a section shows it: kept until the site changes (pagecache.routes).
            section_id = self.section_page_id
            section = kept_until_site_changes(
                f"section:{section_id}", lambda: self.section_model().objects.filter(pk=section_id).first()
            )
            type(self).section_page.field.set_cached_value(self, section)
        # modelcluster's DeferringRelatedManager: previews hold their byline and tags in memory.
        if not self.article_authors.is_deferring:  # type: ignore[attr-defined]
            prefetch_related_objects([self], "tags", byline_prefetch(with_photos=False), "corrections")
        authors = [credit.author for credit in self.article_authors.all() if credit.author is not None]
        body_image_ids = self.body_image_ids()
        wanted = {self.lead_image_id, *(author.photo_id for author in authors), *body_image_ids} - {None}
        specs = (*lead_specs(), *portrait_specs(), *(body_specs() if body_image_ids else ()))
        images = images_with_renditions(*specs).in_bulk(wanted) if wanted else {}
        type(self).lead_image.field.set_cached_value(self, images.get(self.lead_image_id))
        for author in authors:
            Author.photo.field.set_cached_value(author, images.get(author.photo_id))
        with images_loaded(images):
            list(self.body)  # the body's blocks, their photos taken from ``images``

    def body_image_ids(self) -> list[int]:
        """The ids of the photos chosen in the body's image blocks, from the stored JSON (no query)."""
        ids = []
        for block in self.body.raw_data:
            value = block.get("value") if block.get("type") == "image" else None
            if isinstance(value, dict) and isinstance(value.get("image"), int):
                ids.append(value["image"])
        return ids

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.prefetch_for_display()
        # The language versions (hreflang links, switcher, JSON-LD), once per request for all three.
        # Imported here: translations reads URL routing (wagtail.urls), which needs the models loaded.
        from ..translations import language_versions

        language_versions(self, request)
        return context

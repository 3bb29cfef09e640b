"""Live coverage: a live blog page and its timestamped updates.

Updates are an inline child model (a ``ParentalKey`` to the page), not a StreamField: a page with
500 updates reads only the slice it shows with a keyset query on ``(published_at, id)`` (a
StreamField would load and convert all 500 on every request and every poll), each update keeps its
id across revisions (so readers' "last seen id" stays meaningful), and an update is still part of
the page's revisions: editors add one in the page editor, or with the "Post an update" quick action
(:mod:`articles.liveblog_admin`), which publishes a revision with one more update. Its settings
(``LIVE_BLOG``) are read through :mod:`articles.conf`; the editor's checks of an update's time are in
:mod:`articles.forms`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from structured_data import StructuredDataPreviewMixin

from ..blocks import RICH_TEXT_FEATURES
from ..conf import live_blog_setting
from ..forms import LiveBlogPageForm
from ..renditions import body_specs, portrait_specs
from .articles import ArticlePage
from .authors import Author
from .images import images_with_renditions


class LiveBlogStatus(models.TextChoices):
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"


class LiveBlogPage(RoutablePageMixin, ArticlePage):
    """A live blog: an article (headline, standfirst, byline, lead photo, intro as body) with updates.

    It is an ``ArticlePage`` (multi-table inheritance), so listings, feeds, sitemaps, the news
    sitemap and the article's structured data include it without knowing about live blogs.
    """

    coverage_start = models.DateTimeField(default=timezone.now, help_text="When the live coverage began.")
    coverage_end = models.DateTimeField(null=True, blank=True, help_text="When it ended; blank while it goes on.")
    status = models.CharField(max_length=10, choices=LiveBlogStatus.choices, default=LiveBlogStatus.LIVE)
    # The newest update's time, kept in step on every save: lastmod, dateModified and the news sitemap.
    last_update_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    base_form_class = LiveBlogPageForm

    content_panels = ArticlePage.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("coverage_start"), FieldPanel("coverage_end")]), FieldPanel("status")],
            heading="Coverage",
        ),
        InlinePanel("updates", heading="Updates", label="Update"),
    ]

    # The updates' words are searched as the page's (one index entry per publish, not one per update).
    search_fields = ArticlePage.search_fields + [
        index.RelatedFields("updates", [index.SearchField("headline"), index.SearchField("body")]),
    ]

    parent_page_types = ["articles.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "live blog"

    def save(self, *args, **kwargs):
        times = [update.published_at for update in self.updates.all() if update.published_at]
        self.last_update_at = max(times) if times else None
        # Wagtail re-indexes a page's references whenever one of its children is saved: with every
        # update saved on each publish, that read the whole page once per update. Once, after the
        # updates are committed, is enough (and respects a caller that turned indexing off).
        from wagtail import signal_handlers

        if getattr(signal_handlers.reference_index_auto_update_disabled, "value", False):
            super().save(*args, **kwargs)  # the caller indexes later (Wagtail's context manager does not nest)
            return
        with signal_handlers.disable_reference_index_auto_update():
            super().save(*args, **kwargs)
        signal_handlers.update_reference_index_on_save(self)

    def full_clean(self, *args, **kwargs):
        super().full_clean(*args, **kwargs)
        if self.coverage_end and self.coverage_start and self.coverage_end < self.coverage_start:
            raise ValidationError({"coverage_end": "The coverage cannot end before it starts."})

    @property
    def is_live(self) -> bool:
        return self.status == LiveBlogStatus.LIVE

    @property
    def modified_date(self):
        """The newest update's time (what "Updated" and dateModified say), never before publication."""
        latest = max(filter(None, [self.last_update_at, self.updated_at]), default=None)
        if latest and latest > self.display_date:
            return latest
        return None

    # Reading updates: a slice in a constant number of queries ------------------------------------

    def published_updates(self):
        """Updates of the published page, newest first, with their photo and authors in two more queries."""
        return (
            LiveBlogUpdate.objects.filter(page_id=self.pk)
            .order_by("-published_at", "-pk")
            .prefetch_related(
                Prefetch("image", queryset=images_with_renditions(*body_specs())),
                Prefetch("authors", queryset=Author.objects.with_photos(*portrait_specs())),
            )
        )

    def updates_before(self, before_id: int | None, limit: int) -> tuple[list[LiveBlogUpdate], bool]:
        """Up to ``limit`` unpinned updates older than update ``before_id`` (or the newest); and whether more exist."""
        queryset = self.published_updates().filter(pinned=False)
        if before_id is not None:
            # One row (by primary key); sliced because Django 6.1 refuses an unsliced subquery in an exact lookup.
            cursor = LiveBlogUpdate.objects.filter(page_id=self.pk, pk=before_id).values("published_at")[:1]
            queryset = queryset.filter(
                Q(published_at__lt=models.Subquery(cursor)) | Q(published_at=models.Subquery(cursor), pk__lt=before_id)
            )
        updates = list(queryset[: limit + 1])
        return updates[:limit], len(updates) > limit

    def pinned_updates(self) -> list[LiveBlogUpdate]:
        return list(self.published_updates().filter(pinned=True))

    def recent_updates(self, limit: int) -> list[LiveBlogUpdate]:
        """The newest ``limit`` updates, pinned or not (structured data and the poll endpoint)."""
        if self.updates.is_deferring:  # type: ignore[attr-defined]  # a preview: the draft's updates in memory
            updates = sorted(self.updates.all(), key=lambda u: (u.published_at, u.pk or 0), reverse=True)
            return updates[:limit]
        return list(self.published_updates()[:limit])

    @property
    def updates_path(self) -> str:
        """The updates endpoint, relative to the page's URL."""
        return self.reverse_subpage("updates")

    def get_cached_paths(self):
        """What a CDN purge must cover when the page is published (``wagtail.contrib.frontend_cache``)."""
        return ["/", "/" + self.updates_path]

    def urls_affected_by_update(self, request=None) -> list[str]:
        """Full URLs an added or changed update changes: the page, its updates endpoint, its section and home."""
        base = self.get_full_url(request)
        urls = [base + path.lstrip("/") for path in self.get_cached_paths()] if base else []
        for page in (self.section_page, self.get_site().root_page if self.get_site() else None):
            url = page.get_full_url(request) if page is not None else None
            if url:
                urls.append(url)
        return urls

    # Serving --------------------------------------------------------------------------------------

    def _before_param(self, request) -> int | None:
        try:
            value = int(request.GET.get("before", ""))
        except ValueError:
            return None
        return value if value > 0 else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        per_page = live_blog_setting("UPDATES_PER_PAGE")
        before = self._before_param(request)
        if self.updates.is_deferring:  # type: ignore[attr-defined]  # a draft preview: updates in memory
            ordered = sorted(self.updates.all(), key=lambda u: (u.published_at, u.pk or 0), reverse=True)
            pinned = [u for u in ordered if u.pinned]
            updates, has_older = [u for u in ordered if not u.pinned][:per_page], False
        else:
            pinned = self.pinned_updates() if before is None else []
            updates, has_older = self.updates_before(before, per_page)
        context.update(
            {
                "pinned_updates": pinned,
                "updates": updates,
                "older_before": updates[-1].pk if has_older and updates and updates[-1].pk else None,
                "latest_update_id": max((u.pk or 0 for u in [*pinned, *updates]), default=0),
                "poll_seconds": live_blog_setting("POLL_SECONDS"),
                "showing_older": before is not None,
            }
        )
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path("updates/", name="updates")
    def updates_route(self, request):
        """New and older updates as JSON with HTML fragments, for the page's script.

        The same for every reader (no cookies read, nothing personal), so any cache may keep it
        for ``POLL_MAX_AGE`` seconds; a purge of the page's cached paths covers it.
        ``?before=<id>`` gives the next older slice ("load older"); without it, the newest
        updates, from which the script keeps those newer than the last it has.
        """
        from django.http import JsonResponse
        from django.template.loader import render_to_string
        from django.utils.cache import patch_cache_control

        per_page = live_blog_setting("UPDATES_PER_PAGE")
        before = self._before_param(request)
        if before is None and "before" in request.GET:
            return JsonResponse({"error": "before must be an update id"}, status=400)
        if before is None:
            updates, has_older = self.recent_updates(per_page), False
        else:
            updates, has_older = self.updates_before(before, per_page)
        payload = {
            "status": self.status,
            "latest_id": max((u.pk for u in updates), default=0),
            "older_before": updates[-1].pk if has_older and updates else None,
            "updates": [
                {
                    "id": update.pk,
                    "published_at": update.published_at.isoformat(),
                    "pinned": update.pinned,
                    "html": render_to_string("articles/includes/live_update.html", {"update": update}, request),
                }
                for update in updates
            ],
        }
        response = JsonResponse(payload)
        patch_cache_control(response, public=True, max_age=live_blog_setting("POLL_MAX_AGE"))
        if self.last_update_at:
            from django.utils.http import http_date

            response["Last-Modified"] = http_date(self.last_update_at.timestamp())
        return response

    def get_sitemap_urls(self, request=None):
        """One URL (not the updates endpoint), with the newest update as lastmod."""
        urls = super().get_sitemap_urls(request)
        for url in urls:
            url["lastmod"] = self.modified_date or self.last_published_at
        return urls

    # RoutablePageMixin's preview would skip the "Structured data" mode; the mixin's serves both.
    serve_preview = StructuredDataPreviewMixin.serve_preview


class LiveBlogUpdate(ClusterableModel):
    """One timestamped update of a live blog (its id is the readers' "last seen" cursor)."""

    page = ParentalKey(LiveBlogPage, on_delete=models.CASCADE, related_name="updates")
    published_at = models.DateTimeField("time", default=timezone.now)
    headline = models.CharField(max_length=255, blank=True)
    body = RichTextField(features=RICH_TEXT_FEATURES)
    image = models.ForeignKey("articles.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    image_caption = models.TextField(blank=True, help_text="Leave blank to use the image's own caption.")
    image_credit = models.CharField(max_length=255, blank=True, help_text="Leave blank to use the image's own credit.")
    authors = ParentalManyToManyField(Author, blank=True, related_name="live_blog_updates")
    pinned = models.BooleanField(default=False, help_text="Pinned updates stay at the top.")

    panels = [
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("pinned")]),
        FieldPanel("headline"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_caption"), FieldPanel("image_credit")]),
        FieldPanel("authors"),
    ]

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["page", "published_at", "id"], name="liveblog_update_keyset")]

    def __str__(self):
        return self.headline or self.text[:60]

    def clean(self):
        super().clean()
        if self.published_at and self.published_at > timezone.now() + live_blog_setting("CLOCK_SKEW"):
            raise ValidationError({"published_at": "An update cannot be dated in the future."})

    @property
    def text(self) -> str:
        return " ".join(strip_tags(self.body).split())

    @property
    def caption(self) -> str:
        return self.image_caption or (self.image.caption if self.image else "")

    @property
    def credit(self) -> str:
        return self.image_credit or (self.image.credit if self.image else "")

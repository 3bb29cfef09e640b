"""Corrections and clarifications: an article's dated log, and the site-wide corrections page.

An article's corrections are an orderable inline of the page (``ArticlePage.corrections``), so
adding one is an ordinary edit: it is saved in a revision and reaches readers, JSON-LD
(``correction`` / ``CorrectionComment``) and the corrections page only when that revision is
published. ``datePublished`` stays the original; the latest correction moves ``dateModified``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, Page, Site

from pagecache.restrictions import CachedViewRestrictionsMixin
from structured_data import visible_pages

#: Corrections may be dated a little ahead of the server's clock (editors' clocks drift).
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"


class ArticleCorrection(Orderable):
    """One entry of an article's corrections log, shown at its foot and in its JSON-LD."""

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION)
    date = models.DateTimeField(default=timezone.now, help_text="When the correction was made; not before publication.")
    text = models.TextField(
        max_length=1000,
        help_text="What was wrong and what is right, in a sentence or two, e.g. “An earlier version misspelt …”.",
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction"

    def __str__(self):
        return f"{self.get_kind_display()} of {timezone.localtime(self.date):%Y-%m-%d}"

    @property
    def anchor(self) -> str:
        """The fragment of the correction on its article (``#correction-3``), stable across edits."""
        return f"correction-{self.pk}" if self.pk else "corrections"


def correction_date_errors(date: datetime.datetime | None, published: datetime.datetime | None) -> list[str]:
    """Why ``date`` cannot be a correction's date for an article first published at ``published``."""
    if date is None:
        return []
    if published is None:
        return ["Publish the article before correcting it: an unpublished article has nothing to correct."]
    errors = []
    if date < published:
        shown = timezone.localtime(published).strftime("%Y-%m-%d %H:%M")
        errors.append(f"A correction cannot be dated before the article was published ({shown}).")
    if date > timezone.now() + FUTURE_TOLERANCE:
        errors.append("A correction cannot be dated in the future.")
    return errors


def validate_corrections_formset(formset, published: datetime.datetime | None) -> None:
    """Put :func:`correction_date_errors` on each correction form of the page editor's formset."""
    for form in formset.forms:
        form.is_valid()  # cleans the form if the formset has not yet
        if not form.has_changed() and not form.instance.pk:
            continue  # an empty extra form
        if formset.can_delete and formset._should_delete_form(form):
            continue
        for message in correction_date_errors(form.cleaned_data.get("date"), published):
            form.add_error("date", ValidationError(message, code="correction-date"))


class CorrectionsPage(CachedViewRestrictionsMixin, Page):
    """Every correction and clarification on the site, newest first: what ``correctionsPolicy`` can name."""

    intro = models.TextField(
        blank=True, max_length=1000, help_text="The policy in brief: when and how the newsroom corrects its work."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["articles.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "corrections page"

    def corrections(self, site: Site | None = None):
        """Corrections of visible articles (published rows only: drafts live in revisions), newest first."""
        from .models import ArticlePage

        articles = visible_pages(ArticlePage.objects.all(), site=site or self.get_site())
        return (
            ArticleCorrection.objects.filter(page__in=articles.values("pk"))
            .select_related("page")
            .defer("page__body")  # titles and URLs only
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        from .models import paginate

        context = super().get_context(request, *args, **kwargs)
        context["corrections"] = paginate(request, self.corrections(Site.find_for_request(request)))
        return context

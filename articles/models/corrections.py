"""Corrections and clarifications: an article's dated log.

An article's corrections are an orderable inline of the page (``ArticlePage.corrections``), so
adding one is an ordinary edit: it is saved in a revision and reaches readers, JSON-LD
(``correction`` / ``CorrectionComment``) and the corrections page only when that revision is
published. ``datePublished`` stays the original; the latest correction moves ``dateModified``.
The editor's checks of a correction's date are in ``articles/forms.py``, and the site-wide page that
lists them all, ``CorrectionsPage``, in ``listings.py``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


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
        # The corrections page lists the site's corrections newest first (CorrectionsPage.corrections).
        indexes = [models.Index(models.F("date").desc(), models.F("id").desc(), name="article_correction_newest")]

    def __str__(self):
        return f"{self.get_kind_display()} of {timezone.localtime(self.date):%Y-%m-%d}"

    @property
    def anchor(self) -> str:
        """The fragment of the correction on its article (``#correction-3``), stable across edits."""
        return f"correction-{self.pk}" if self.pk else "corrections"

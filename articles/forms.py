"""The page editor's forms and the checks they make that need the whole page.

They import no model, so the page models name them as ``base_form_class`` and dependencies run one
way: forms, then models.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from .conf import live_blog_setting

#: Corrections may be dated a little ahead of the server's clock (editors' clocks drift).
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)


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


def update_time_errors(published_at, coverage_start, now=None) -> list[str]:
    """Why a live blog update's time is refused: in the future, or before the coverage started."""
    now = now or timezone.now()
    errors = []
    if published_at is None:
        return ["Give the update a time."]
    if published_at > now + live_blog_setting("CLOCK_SKEW"):
        errors.append("An update cannot be dated in the future.")
    if coverage_start and published_at < coverage_start:
        errors.append("An update cannot be dated before the coverage started.")
    return errors


class ArticlePageForm(WagtailAdminPageForm):
    """The article editor's form: its corrections' dates, and an access rule that leaves something gated."""

    def clean(self):
        cleaned_data = super().clean()
        published = cleaned_data.get("publication_date") or self.instance.first_published_at
        formset = self.formsets.get("corrections")
        if formset is not None:
            validate_corrections_formset(formset, published)
        access = cleaned_data.get("access")
        body = cleaned_data.get("body")
        if access and body is not None and "free_paragraphs" in cleaned_data:
            probe = type(self.instance)(access=access, free_paragraphs=cleaned_data["free_paragraphs"], body=body)
            for message in probe.access_errors():
                self.add_error("free_paragraphs", ValidationError(message, code="nothing-gated"))
        return cleaned_data


class LiveBlogPageForm(ArticlePageForm):
    """An article's checks, and each update's time against the coverage start saved with it."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("coverage_start"), cleaned.get("coverage_end")
        if start and end and end < start:
            self.add_error("coverage_end", "The coverage cannot end before it starts.")
        formset = self.formsets.get("updates")
        if formset is not None and formset.is_valid():  # ClusterForm validates formsets after clean()
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if not data or data.get("DELETE") or "published_at" not in data:
                    continue
                for message in update_time_errors(data["published_at"], start):
                    form.add_error("published_at", message)
        return cleaned

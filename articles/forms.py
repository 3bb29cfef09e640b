"""The article editor's form: checks that need the whole page (its corrections, its body and access)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from .corrections import validate_corrections_formset


class ArticlePageForm(WagtailAdminPageForm):
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

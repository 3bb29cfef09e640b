"""The keys in the Wagtail admin: a snippet viewset whose create view shows the new key once."""

from __future__ import annotations

from django import forms
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import PartnerKey


class CreateKeyView(CreateView):
    """After saving, a page with the key itself (kept nowhere: only its SHA-256 is stored)."""

    def form_valid(self, form):
        super().form_valid(form)
        return TemplateResponse(
            self.request,
            "partners/key_created.html",
            {
                "key": self.object,
                "raw_key": self.object.raw_key,
                "index_url": self.get_success_url(),
                "header_title": f"Key for {self.object.name}",
            },
        )


class PartnerKeyViewSet(SnippetViewSet):
    model = PartnerKey
    icon = "key"
    menu_label = "Partner API keys"
    add_to_settings_menu = True
    add_view_class = CreateKeyView
    list_display = ["name", "key_prefix", "scope", "subscriber_bodies", "requests_per_minute", "last_used_at",
                    "revoked"]  # fmt: skip
    list_filter = ["revoked", "subscriber_bodies"]
    search_fields = ["name", "key_prefix"]
    panels = [
        FieldPanel("name"),
        FieldPanel("sections", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("subscriber_bodies"), FieldPanel("requests_per_minute")]),
        FieldPanel("revoked"),
    ]

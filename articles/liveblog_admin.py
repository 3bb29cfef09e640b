"""The "Post an update" quick action: one form, one new published revision of the live blog.

The update goes into a revision like any edit (history, rollback, the same publishing checks), built
from the live page so that nothing else is published with it. If the page has a draft with
unpublished changes, the quick action refuses and says why: publishing from the live page would
leave the draft without the update, and publishing the draft would publish someone else's work.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button

from .forms import update_time_errors
from .models import LiveBlogPage, LiveBlogUpdate


class QuickUpdateForm(WagtailAdminModelForm):
    class Meta:
        model = LiveBlogUpdate
        fields = ["published_at", "headline", "body", "image", "image_caption", "image_credit", "authors", "pinned"]
        widgets = {"authors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, page: LiveBlogPage, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)

    def clean_published_at(self):
        value = self.cleaned_data["published_at"]
        for message in update_time_errors(value, self.page.coverage_start):
            raise forms.ValidationError(message)
        return value


class PostUpdateView(WagtailAdminTemplateMixin, FormView):
    template_name = "wagtailadmin/generic/form.html"
    form_class = QuickUpdateForm
    header_icon = "time"
    page_title = "Post an update"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(LiveBlogPage, pk=page_id)
        if not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.title

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "page": self.page}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse("liveblog_post_update", args=[self.page.pk]),
            submit_button_label="Publish update",
            submit_button_active_label="Publishing…",
            media=context["form"].media,
        )
        return context

    def form_valid(self, form):
        if self.page.has_unpublished_changes:
            form.add_error(
                None,
                "This live blog has a draft with unpublished changes. Publish or discard it in the editor "
                "first, or add the update there.",
            )
            return self.form_invalid(form)
        with transaction.atomic():
            # The updates and their authors in two queries: the revision serialises every update.
            page = LiveBlogPage.objects.select_for_update().prefetch_related("updates__authors").get(pk=self.page.pk)
            update = form.save(commit=False)
            page.updates.add(update)
            revision = page.save_revision(user=self.request.user, log_action=True)
            revision.publish(user=self.request.user)
        messages.success(self.request, f"Update published on “{page.title}”.")
        return redirect(reverse("liveblog_post_update", args=[page.pk]))


def header_buttons(page, user, view_name, next_url=None):
    """ "Post an update" next to Edit on a live blog, for whoever may publish it."""
    specific = page.specific_class
    if specific is not None and issubclass(specific, LiveBlogPage) and page.permissions_for_user(user).can_publish():
        yield Button("Post an update", reverse("liveblog_post_update", args=[page.pk]), icon_name="time", priority=12)

"""Snippet choosers that ask for a permission on the model, as the listing does.

Wagtail's snippet chooser (choose, results, chosen, chosen-multiple) checks only admin access, and a
subscriber's ``str()`` is their address: any admin user could page through every address. Every
newsletter viewset uses :class:`PermissionCheckedSnippetViewSet`, so its chooser asks for the same
permissions as its listing (add, change, delete or view).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

LISTING_ACTIONS = ("add", "change", "delete", "view")


class ModelPermissionRequiredMixin:
    """Refuse the view unless the user holds one of ``LISTING_ACTIONS`` on the chooser's model."""

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model_class)
        if not policy.user_has_any_permission(request.user, LISTING_ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CheckedChooseView(ModelPermissionRequiredMixin, ChooseView):
    pass


class CheckedChooseResultsView(ModelPermissionRequiredMixin, ChooseResultsView):
    pass


class CheckedChosenView(ModelPermissionRequiredMixin, SnippetChosenView):
    pass


class CheckedChosenMultipleView(ModelPermissionRequiredMixin, SnippetChosenMultipleView):
    pass


class CheckedCreateView(ModelPermissionRequiredMixin, SnippetCreateView):
    pass


class PermissionCheckedSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = CheckedChooseView
    choose_results_view_class = CheckedChooseResultsView
    chosen_view_class = CheckedChosenView
    chosen_multiple_view_class = CheckedChosenMultipleView
    create_view_class = CheckedCreateView


class PermissionCheckedSnippetViewSet(SnippetViewSet):
    """The base of every newsletter snippet viewset: its chooser is permission-checked."""

    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet

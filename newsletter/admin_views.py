"""What every newsletter snippet's admin views add to Wagtail's: checked choosers, formula-safe CSV.

Wagtail's snippet chooser (choose, results, chosen, chosen-multiple) checks only admin access, and a
subscriber's ``str()`` is their address: any admin user could page through every address. Every
newsletter viewset derives from :class:`NewsletterSnippetViewSet`, so its chooser asks for the same
permissions as its listing (add, change, delete or view), and its CSV export cannot carry a formula
(a reader's input, such as the page they signed up on, reaches it).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.views import View
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

LISTING_ACTIONS = ("add", "change", "delete", "view")


class ModelPermissionRequiredMixin(View):
    """Refuse the view unless the user holds one of ``LISTING_ACTIONS`` on the chooser's model.

    A ``View`` so that ``super().dispatch`` is known; in every subclass the MRO puts ``View`` after the
    Wagtail view, so this changes nothing at run time.
    """

    model_class: type[Model]  # set on the Wagtail chooser view this is mixed into

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


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """``value`` as a spreadsheet shows it as text: a leading ``'`` before a formula-like string."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeIndexView(IndexView):
    """The listing whose CSV export neutralises formula-like cells (xlsx cells are typed by Wagtail)."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralise_formula(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


class NewsletterSnippetViewSet(SnippetViewSet):
    """The base of every newsletter snippet viewset: a permission-checked chooser, a formula-safe export."""

    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    index_view_class = FormulaSafeIndexView

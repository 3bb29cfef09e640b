"""Editor-facing panels."""

from wagtail.admin.panels import Panel


class PhotoCreditWarningPanel(Panel):
    """A visible warning in the article editor for every photo used without a credit."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/panels/photo_credit_warning.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            instance = self.instance
            self.missing = instance.photos_missing_credit() if instance is not None and instance.pk else []

        def is_shown(self):
            return bool(self.missing)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["missing"] = self.missing
            return context

from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """Bringing stories in from other sites (``manage.py import_articles``); it saves articles' pages."""

    name = "importer"
    verbose_name = "Article import"

    def ready(self) -> None:
        from . import conf  # noqa: F401 - registers the settings check

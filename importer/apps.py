from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """Bringing stories in from other sites (``manage.py import_articles``); it saves articles' pages."""

    name = "importer"
    verbose_name = "Article import"

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        from . import conf, reindex, signals  # noqa: F401 - conf registers the settings check

        signals.connect()
        reindex.connect()

from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from . import conf, signals  # noqa: F401 - conf registers the settings check

        signals.connect()

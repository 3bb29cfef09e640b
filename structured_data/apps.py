from django.apps import AppConfig


class StructuredDataConfig(AppConfig):
    name = "structured_data"
    verbose_name = "Structured data"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks, signals  # noqa: F401 - registers the system checks and cache invalidation

        # Every installed app's ``schema.py`` registers its schemas (this app's own included).
        autodiscover_modules("schema")
        signals.connect()

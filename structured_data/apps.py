from django.apps import AppConfig


class StructuredDataConfig(AppConfig):
    name = "structured_data"
    verbose_name = "Structured data"
    default_auto_field = "django.db.models.BigAutoField"

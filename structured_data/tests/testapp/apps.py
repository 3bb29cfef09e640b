from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """A stand-in for another Wagtail site: its own page model and schema, no newsroom code."""

    name = "structured_data.tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"

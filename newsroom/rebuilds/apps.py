from django.apps import AppConfig


class RebuildsConfig(AppConfig):
    name = "newsroom.rebuilds"
    label = "rebuilds"
    verbose_name = "Background rebuilds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        signals.connect()

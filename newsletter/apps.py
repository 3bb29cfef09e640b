from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from anymail.signals import inbound, tracking

        from . import checks  # noqa: F401 - registers the system checks
        from .events import handle_tracking

        tracking.connect(handle_tracking, dispatch_uid="newsletter.events.handle_tracking")
        from .inbound import handle_inbound

        inbound.connect(handle_inbound, dispatch_uid="newsletter.inbound.handle_inbound")  # mailto: unsubscribe
        from .welcome import connect

        connect()  # the welcome email follows each confirmation

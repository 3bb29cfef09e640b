from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from anymail.signals import inbound, tracking

        from . import checks  # noqa: F401 - registers the system checks
        from .after_response import connect_signals
        from .events import handle_tracking
        from .inbound import handle_inbound
        from .welcome import connect as connect_welcome

        connect_signals()  # emails enqueued during a request go out after its response
        tracking.connect(handle_tracking, dispatch_uid="newsletter.events.handle_tracking")
        inbound.connect(handle_inbound, dispatch_uid="newsletter.inbound.handle_inbound")  # mailto: unsubscribe
        connect_welcome()  # the welcome email follows each confirmation

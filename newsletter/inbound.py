"""The ``mailto:`` half of List-Unsubscribe, through a provider's inbound email and anymail.

Every email's List-Unsubscribe names ``mailto:<UNSUBSCRIBE_MAILTO>?subject=unsubscribe%20<token>``.
Route that address to the provider's inbound webhook (``/anymail/<provider>/inbound/``, e.g. a Postmark
inbound stream, a Mailgun route, an SES receipt rule to SNS); anymail parses the message and sends it
on ``anymail.signals.inbound``, and :func:`handle_inbound` unsubscribes the subscriber the token in the
subject names (the same signed capability as the https link), logged with method "mailto". Anything
else arriving there is logged and ignored.
"""

from __future__ import annotations

import logging
import re

from . import subscriptions
from .models import Subscriber

logger = logging.getLogger(__name__)

SUBJECT = re.compile(r"\bunsubscribe\s+(?P<token>\S+)", re.IGNORECASE)


def handle_inbound(sender=None, event=None, esp_name: str = "", **kwargs) -> Subscriber | None:
    message = getattr(event, "message", None)
    match = SUBJECT.search((message.subject or "") if message is not None else "")
    subscriber = subscriptions.subscriber_for_token(match["token"]) if match else None
    if subscriber is None:
        logger.info("%s inbound email without a valid unsubscribe token ignored", esp_name)
        return None
    subscriptions.unsubscribe(subscriber, method="mailto")
    return subscriber

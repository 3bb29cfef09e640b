"""The articles app's settings: ``settings.LIVE_BLOG``, each key with its default here."""

from __future__ import annotations

import datetime

from django.conf import settings

#: Defaults of ``settings.LIVE_BLOG`` (override any key there).
DEFAULTS = {
    "UPDATES_PER_PAGE": 20,  # shown on the page and per "load older" step
    "UPDATES_IN_STRUCTURED_DATA": 10,  # liveBlogUpdate: the most recent N
    "POLL_SECONDS": 15,  # how often an open page asks for new updates
    "POLL_MAX_AGE": 5,  # Cache-Control max-age of the updates endpoint (seconds)
    "CLOCK_SKEW": datetime.timedelta(minutes=2),  # an update "in the future" by less than this is accepted
}


def live_blog_setting(name: str):
    return {**DEFAULTS, **getattr(settings, "LIVE_BLOG", {})}[name]

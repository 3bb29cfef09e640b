"""The articles app's settings: ``settings.LIVE_BLOG``, each key with its default here, read on every use.

A key this module does not know is an ``ImproperlyConfigured`` naming it, and ``manage.py check``
reports it (``articles.E001``).
"""

from __future__ import annotations

import datetime
from typing import Any

from structured_data import AppSettings

SETTING = "LIVE_BLOG"

#: Defaults of ``settings.LIVE_BLOG`` (override any key there).
DEFAULTS = {
    "UPDATES_PER_PAGE": 20,  # shown on the page and per "load older" step
    "UPDATES_IN_STRUCTURED_DATA": 10,  # liveBlogUpdate: the most recent N
    "POLL_SECONDS": 15,  # how often an open page asks for new updates
    "POLL_MAX_AGE": 5,  # Cache-Control max-age of the updates endpoint (seconds)
    "CLOCK_SKEW": datetime.timedelta(minutes=2),  # an update "in the future" by less than this is accepted
}


LIVE_BLOG = AppSettings(SETTING, DEFAULTS, check_id="articles.E001")
LIVE_BLOG.register_check()


def live_blog_setting(name: str) -> Any:
    """``LIVE_BLOG[name]``, or its default."""
    return LIVE_BLOG.get(name)

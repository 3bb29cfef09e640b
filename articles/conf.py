"""The articles app's settings: ``settings.LIVE_BLOG``, each key with its default here, read on every use.

A key this module does not know is an ``ImproperlyConfigured`` naming it, and ``manage.py check``
reports it (``articles.E001``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

SETTING = "LIVE_BLOG"

#: Defaults of ``settings.LIVE_BLOG`` (override any key there).
DEFAULTS = {
    "UPDATES_PER_PAGE": 20,  # shown on the page and per "load older" step
    "UPDATES_IN_STRUCTURED_DATA": 10,  # liveBlogUpdate: the most recent N
    "POLL_SECONDS": 15,  # how often an open page asks for new updates
    "POLL_MAX_AGE": 5,  # Cache-Control max-age of the updates endpoint (seconds)
    "CLOCK_SKEW": datetime.timedelta(minutes=2),  # an update "in the future" by less than this is accepted
}


def unknown_keys() -> list[str]:
    """The keys of ``LIVE_BLOG`` that have no default here (misspelt or removed)."""
    return sorted(set(getattr(settings, SETTING, None) or {}) - set(DEFAULTS))


def live_blog_setting(name: str) -> Any:
    """``LIVE_BLOG[name]``, or its default."""
    if name not in DEFAULTS:
        raise ImproperlyConfigured(f"articles has no {SETTING} setting {name!r}; known: {', '.join(sorted(DEFAULTS))}")
    unknown = unknown_keys()
    if unknown:
        raise ImproperlyConfigured(f"Unknown {SETTING} setting(s): {', '.join(unknown)}")
    return (getattr(settings, SETTING, None) or {}).get(name, DEFAULTS[name])


@checks.register()
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``manage.py check`` names a misspelt key before a live blog meets it."""
    return [
        checks.Error(
            f"Unknown {SETTING} setting {key!r}.", hint=f"Known: {', '.join(sorted(DEFAULTS))}.", id="articles.E001"
        )
        for key in unknown_keys()
    ]

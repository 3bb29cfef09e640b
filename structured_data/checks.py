"""System checks for a publisher that search engines will not accept.

=========================  ==============================================================
``structured_data.W001``   a site has no publisher setting, or one without a name
``structured_data.W002``   a publisher has no logo
``structured_data.W003``   a publisher's logo is smaller than ``MIN_LOGO_SIZE`` (112x112)
=========================  ==============================================================

They read the database, so they say nothing (rather than crash) before migrations have run.
Silence one with ``SILENCED_SYSTEM_CHECKS = ["structured_data.W002"]``.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from .conf import get_setting


@register(Tags.models, "structured_data")
def check_publisher(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from wagtail.models import Site

    from .models import PublisherSettings

    messages: list[CheckMessage] = []
    try:
        sites = list(Site.objects.order_by("hostname", "port"))
        publishers = {p.site_id: p for p in PublisherSettings.objects.select_related("logo")}
    except DatabaseError:  # tables not created yet, or no database at all
        return []
    try:
        min_size = get_setting("MIN_LOGO_SIZE")
    except ImproperlyConfigured:  # a misspelt STRUCTURED_DATA key: structured_data.E001 names it
        return []
    for site in sites:
        publisher = publishers.get(site.pk)
        if publisher is None or not publisher.name:
            messages.append(
                Warning(
                    f"The site {site} has no publisher name.",
                    hint="Fill in Settings → Publisher: the JSON-LD publisher and WebSite nodes need it.",
                    obj=site,
                    id="structured_data.W001",
                )
            )
            continue
        logo = publisher.logo
        if logo is None:
            messages.append(
                Warning(
                    f"The publisher {publisher.name!r} of {site} has no logo.",
                    hint="Google's Article guidelines want a publisher logo; add one in Settings → Publisher.",
                    obj=publisher,
                    id="structured_data.W002",
                )
            )
        elif logo.width < min_size or logo.height < min_size:
            messages.append(
                Warning(
                    f"The logo of {publisher.name!r} is {logo.width}x{logo.height} pixels, "
                    f"under the {min_size}x{min_size} Google needs.",
                    hint="Upload a larger logo.",
                    obj=publisher,
                    id="structured_data.W003",
                )
            )
    return messages

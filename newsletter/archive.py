"""The public web archive of sent editions: ``/newsletters/<slug>/<date>/`` (the default language's
edition) and ``/newsletters/<slug>/<date>/<language>/``, what each email links to as "View in
browser"; each names the same date's other languages with ``hreflang``.

Only editions that went out (frozen when sending started) are shown, and their stories go through the
same visibility rule as the email, so a draft, private or since-unpublished page never appears. The
page holds nothing personal (no unsubscribe or preferences link), so any cache may keep it; signed-in
editors get a private copy (their Wagtail user bar). The page cache keeps it like any page (its ages,
at most ``ARCHIVE_MAX_AGE`` for browsers) and purges it when a story it lists changes
(``cache_urls.py``).
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control

from structured_data import build_graph, render_json_ld

from .digest import article_model, build_edition_digest
from .languages import default_language
from .links import archive_url
from .mail import newsletter_site
from .models import Edition

ARCHIVE_MAX_AGE = 3600


def edition_view(request, slug: str, date: str, language: str | None = None):
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError as error:
        raise Http404("No such edition") from error
    if language == default_language():  # one address per edition: the default language's has no suffix
        raise Http404("No such edition")
    sent = Edition.objects.select_related("newsletter__site").filter(
        newsletter__slug=slug, date=day, rendered_at__isnull=False
    )
    editions = {edition.language: edition for edition in sent}
    edition = editions.get(language or default_language())
    if edition is None:
        raise Http404("No such edition")
    digest = build_edition_digest(edition)
    page_ids = [story.page_id for story in (digest.top_story, *digest.stories) if story and story.page_id]
    edition.archive_digest = digest
    edition.archive_pages = article_model().objects.in_bulk(page_ids)
    edition.archive_url = archive_url(edition.newsletter, edition.newsletter, edition.date, edition.language)
    alternates = [
        (code, archive_url(edition.newsletter, edition.newsletter, day, code))
        for code in sorted(editions, key=lambda code: (code != default_language(), code))
    ]
    graph = build_graph(None, request, obj=edition, site=newsletter_site(edition.newsletter))
    with translation.override(edition.language):
        response = render(
            request,
            "newsletter/archive_edition.html",
            {
                "edition": edition,
                "digest": digest,
                "newsletter": edition.newsletter,
                "json_ld": render_json_ld(graph.as_dict()),
                "alternates": alternates if len(alternates) > 1 else [],
                "x_default": archive_url(edition.newsletter, edition.newsletter, day)
                if default_language() in editions
                else "",
            },
        )
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=ARCHIVE_MAX_AGE)
    return response

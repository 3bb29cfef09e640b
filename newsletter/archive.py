"""The public web archive of sent editions: ``/newsletters/<slug>/<date>/``, what each email links to as
"View in browser".

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
from django.utils.cache import patch_cache_control

from structured_data import build_graph, render_json_ld

from .digest import article_model, build_edition_digest
from .links import archive_url
from .mail import newsletter_site
from .models import Edition

ARCHIVE_MAX_AGE = 3600


def edition_view(request, slug: str, date: str):
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError as error:
        raise Http404("No such edition") from error
    edition = (
        Edition.objects.select_related("newsletter__site")
        .filter(newsletter__slug=slug, date=day, rendered_at__isnull=False)
        .first()
    )
    if edition is None:
        raise Http404("No such edition")
    digest = build_edition_digest(edition)
    page_ids = [story.page_id for story in (digest.top_story, *digest.stories) if story and story.page_id]
    edition.archive_digest = digest
    edition.archive_pages = article_model().objects.in_bulk(page_ids)
    edition.archive_url = archive_url(edition.newsletter, edition.newsletter, edition.date)
    graph = build_graph(None, request, obj=edition, site=newsletter_site(edition.newsletter))
    response = render(
        request,
        "newsletter/archive_edition.html",
        {
            "edition": edition,
            "digest": digest,
            "newsletter": edition.newsletter,
            "json_ld": render_json_ld(graph.as_dict()),
        },
    )
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=ARCHIVE_MAX_AGE)
    return response

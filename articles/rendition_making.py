"""Renditions made ahead of time: on publish (a task) and by the demo loader, never by the first reader.

Wagtail makes a rendition the first time a template asks for it, inside that reader's request; an
AVIF of a large photo takes a noticeable part of a second. Publishing hands the page's photos to
:func:`make_page_renditions_task` (a worker, or in-process on the immediate backend), which makes
every spec the page's templates and structured data ask for (``articles.renditions``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from .renditions import body_specs, card_specs, lead_specs, portrait_specs, top_story_specs

logger = logging.getLogger(__name__)


def lead_photo_specs() -> tuple[str, ...]:
    """What a lead photo is shown as: the article's lead, a card, the home page's top story."""
    return (*lead_specs(), *card_specs(), *top_story_specs())


def make_renditions(images: Iterable, specs: Iterable[str]) -> int:
    """Make the missing renditions of ``specs`` for ``images``; the number of images done.

    ``get_renditions`` reads the existing ones in one query and makes only those missing, so a
    second run costs a query per image. A photo whose file is gone is logged and skipped.
    """
    specs = tuple(dict.fromkeys(specs))
    done = 0
    for image in images:
        try:
            image.get_renditions(*specs)
        except SourceImageIOError:
            logger.warning("Image file missing for image %s (%r): no renditions made", image.pk, image.title)
            continue
        done += 1
    return done


def page_image_specs(page) -> dict[int, tuple[str, ...]]:
    """``{image id: specs}`` for what a published page shows: lead photo, body photos, bylines' portraits."""
    wanted: dict[int, list[str]] = {}

    def want(image_id, specs):
        if image_id:
            wanted.setdefault(image_id, []).extend(specs)

    want(getattr(page, "lead_image_id", None), lead_photo_specs())
    if hasattr(page, "body_image_ids"):
        for image_id in page.body_image_ids():
            want(image_id, body_specs())
    if hasattr(page, "article_authors"):
        for credit in page.article_authors.select_related("author"):
            want(credit.author.photo_id if credit.author else None, portrait_specs())
    return {image_id: tuple(dict.fromkeys(specs)) for image_id, specs in wanted.items()}


@task()
def make_page_renditions_task(page_id: int) -> int:
    """Make the renditions of a published page's photos; the number of photos done."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None:
        return 0
    wanted = page_image_specs(page)
    images = get_image_model().objects.in_bulk(list(wanted))
    return sum(make_renditions([images[pk]], specs) for pk, specs in wanted.items() if pk in images)


def on_page_published(sender, instance, **kwargs):
    """``page_published``: the page's renditions are made by a task, after the publish commits."""
    from django.conf import settings
    from django.db import transaction

    if not hasattr(instance, "lead_image_id") or not getattr(settings, "ARTICLES_RENDITIONS_AHEAD", True):
        return
    page_id = instance.pk
    transaction.on_commit(lambda: make_page_renditions_task.enqueue(page_id))


def make_all_renditions(log=None) -> int:
    """Every photo's renditions for every role it plays (the demo loader, a fresh media folder)."""
    from .models import ArticlePage, Author, LiveBlogUpdate

    wanted: dict[int, list[str]] = {}
    for page in ArticlePage.objects.all().specific():
        for image_id, specs in page_image_specs(page).items():
            wanted.setdefault(image_id, []).extend(specs)
    for photo_id in LiveBlogUpdate.objects.exclude(image=None).values_list("image_id", flat=True):
        wanted.setdefault(photo_id, []).extend(body_specs())
    for photo_id in Author.objects.exclude(photo=None).values_list("photo_id", flat=True):
        wanted.setdefault(photo_id, []).extend(portrait_specs())
    images = get_image_model().objects.in_bulk(list(wanted))
    done = 0
    for pk, image_specs in wanted.items():
        if pk in images:
            done += make_renditions([images[pk]], image_specs)
    if log:
        log(f"Renditions made for {done} photos")
    return done

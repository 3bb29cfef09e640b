"""Building an edition: which stories, in what order, and the email they make.

Building is kept apart from sending. :func:`build_digest` reads the day's stories (through the one
visibility rule, ``structured_data.visibility.visible_pages``) and the editors' curation and returns
plain data; :func:`render_digest` turns that into subject, text and HTML once per edition, with
placeholders where each recipient's own parts go; :func:`personalise` fills them in.

The article model is named by the ``ARTICLE_MODEL`` setting and read by duck typing
(``standfirst``, ``lead_image``, ``lead_caption``, ``lead_credit``, ``display_date``), so this module
never imports the articles app.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import timezone

from structured_data.visibility import visible_pages

from .conf import get_setting
from .mail import absolute, base_url

TOP_STORY_SPEC = "fill-960x540-c75"
UNSUBSCRIBE_PLACEHOLDER = "__NEWSLETTER_UNSUBSCRIBE_URL__"


@dataclass(frozen=True)
class Story:
    title: str
    url: str
    summary: str = ""
    published: datetime.datetime | None = None
    outlet: str = ""  # set for other outlets' stories
    image_url: str = ""
    image_alt: str = ""
    image_width: int | None = None
    image_height: int | None = None
    caption: str = ""
    credit: str = ""
    page_id: int | None = None


@dataclass(frozen=True)
class Digest:
    newsletter: object
    date: datetime.date
    base_url: str
    subject: str
    intro: str = ""
    top_story: Story | None = None
    stories: list[Story] = field(default_factory=list)
    elsewhere: list[Story] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.top_story is None and not self.stories and not self.elsewhere


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def article_model():
    return apps.get_model(get_setting("ARTICLE_MODEL"))


def story_window(newsletter, date: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The 24 hours before the edition's send time, in the newsletter's time zone."""
    end = newsletter.send_datetime(date)
    return end - datetime.timedelta(hours=24), end


def _site(newsletter):
    if newsletter.site_id:
        return newsletter.site
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def _visible_articles(newsletter, now):
    model = article_model()
    queryset = visible_pages(model.objects.all(), site=_site(newsletter), now=now)
    if hasattr(queryset, "newest_first"):
        queryset = queryset.newest_first()
        date_field = "effective_date"
    else:
        queryset = queryset.order_by("-first_published_at", "-pk")
        date_field = "first_published_at"
    if hasattr(queryset, "for_listing"):
        queryset = queryset.for_listing(TOP_STORY_SPEC)
    return queryset, date_field


def candidate_pages(newsletter, date: datetime.date, *, now: datetime.datetime | None = None) -> list:
    """The day's public live articles, newest first: what a new edition starts with."""
    start, end = story_window(newsletter, date)
    queryset, date_field = _visible_articles(newsletter, now or timezone.now())
    return list(queryset.filter(**{f"{date_field}__gte": start, f"{date_field}__lt": end}))


def _story_from_page(page, base: str, *, with_image: bool, summary: str = "") -> Story:
    image = getattr(page, "lead_image", None) if with_image else None
    image_fields = {}
    if image is not None:
        rendition = image.get_rendition(TOP_STORY_SPEC)
        image_fields = {
            "image_url": absolute(base, rendition.url),
            "image_alt": getattr(page, "lead_caption", "") or image.title,
            "image_width": rendition.width,
            "image_height": rendition.height,
            "caption": getattr(page, "lead_caption", ""),
            "credit": getattr(page, "lead_credit", ""),
        }
    return Story(
        title=page.title,
        url=absolute(base, page.get_url() or ""),
        summary=summary or getattr(page, "standfirst", "") or page.search_description,
        published=getattr(page, "display_date", None) or page.first_published_at,
        page_id=page.pk,
        **image_fields,
    )


def build_digest(
    newsletter,
    date: datetime.date,
    *,
    items: Iterable | None = None,
    subject: str = "",
    intro: str = "",
    now: datetime.datetime | None = None,
) -> Digest:
    """The edition of ``date`` as plain data; reads the database, writes nothing.

    ``items`` are the editors' curation (``EditionItem`` rows in order): their order, top story,
    exclusions and other outlets' links win; any of the day's stories they do not mention (published
    after curation) follow, newest first. Every page goes through the visibility rule again, so an
    article unpublished or restricted after curation never goes out.
    """
    now = now or timezone.now()
    base = base_url(newsletter)
    day_pages = candidate_pages(newsletter, date, now=now)
    items = list(items or [])
    curated_ids = [item.page_id for item in items if item.page_id]
    by_id = {page.pk: page for page in day_pages}
    missing = [pk for pk in curated_ids if pk not in by_id]
    if missing:  # curated stories from outside the window, still under the visibility rule
        queryset, _date_field = _visible_articles(newsletter, now)
        by_id.update({page.pk: page for page in queryset.filter(pk__in=missing)})

    ordered: list[tuple[object, bool, str]] = []  # (page, is_top, summary override)
    elsewhere: list[Story] = []
    mentioned = set()
    for item in items:
        if item.page_id:
            mentioned.add(item.page_id)
            page = by_id.get(item.page_id)
            if page is not None and not item.excluded:
                ordered.append((page, item.is_top_story, item.summary))
        elif item.external_url and not item.excluded:
            elsewhere.append(
                Story(title=item.external_title, url=item.external_url, summary=item.summary, outlet=item.outlet_name)
            )
    ordered += [(page, False, "") for page in day_pages if page.pk not in mentioned]

    top_index = next((index for index, (_page, is_top, _summary) in enumerate(ordered) if is_top), 0)
    top_story = None
    stories = []
    for index, (page, _is_top, summary) in enumerate(ordered):
        story = _story_from_page(page, base, with_image=index == top_index, summary=summary)
        if index == top_index:
            top_story = story
        else:
            stories.append(story)

    if not subject:
        subject = f"{newsletter.name}: {top_story.title}" if top_story else f"{newsletter.name}, {date:%B} {date.day}"
    return Digest(
        newsletter=newsletter, date=date, base_url=base, subject=subject, intro=intro,
        top_story=top_story, stories=stories, elsewhere=elsewhere,
    )


def build_edition_digest(edition, *, now: datetime.datetime | None = None) -> Digest:
    items = edition.items.all() if edition.pk else []
    return build_digest(
        edition.newsletter, edition.date, items=items, subject=edition.subject, intro=edition.intro, now=now
    )


def render_digest(digest: Digest) -> RenderedEmail:
    """Subject, text and HTML, rendered once; per-recipient parts are placeholders."""
    context = {
        "digest": digest,
        "newsletter": digest.newsletter,
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "site_url": digest.base_url + "/",
    }
    subject = " ".join(render_to_string("newsletter/email/digest_subject.txt", context).split())
    return RenderedEmail(
        subject=subject,
        text=render_to_string("newsletter/email/digest.txt", context),
        html=render_to_string("newsletter/email/digest.html", context),
    )


def personalise(rendered: RenderedEmail, *, unsubscribe_url: str) -> RenderedEmail:
    """One recipient's copy of an edition rendered by :func:`render_digest`."""
    return RenderedEmail(
        subject=rendered.subject,
        text=rendered.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
        html=rendered.html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
    )


def uncurated_items(pages) -> list[dict]:
    """Initial EditionItem values for a new edition: the day's stories, newest first, top story first."""
    return [{"page_id": page.pk, "is_top_story": index == 0, "sort_order": index} for index, page in enumerate(pages)]


__all__ = [
    "Digest",
    "RenderedEmail",
    "Story",
    "build_digest",
    "build_edition_digest",
    "candidate_pages",
    "personalise",
    "render_digest",
    "story_window",
]

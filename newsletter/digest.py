"""Building an edition: which stories, in what order, and the email they make.

Building is kept apart from sending. :func:`build_digest` reads the day's stories (through the one
visibility rule, ``structured_data.visibility.visible_pages``) and the editors' curation and returns
plain data; :func:`render_digest` turns that into subject, text and HTML once per edition, with
placeholders where each recipient's own parts go; :func:`personalise` fills them in.

Editions are per language (``Edition.language``): a story appears once, in the edition's language
where a visible translation exists, else in its original language (the default language's version)
marked with its own ``language``, if the newsletter takes stories in other languages.

The article model is named by the ``ARTICLE_MODEL`` setting and read by duck typing, so this module
never imports the articles app: its queryset provides ``newest_first()`` (annotating
``effective_date``) and ``for_listing(*image_specs)``, its pages ``standfirst``, ``lead_image``,
``lead_caption``, ``lead_credit`` and ``display_date``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.models import Locale

from structured_data import visible_pages

from .conf import get_setting
from .inlining import inline_css
from .languages import default_language, normalise_language
from .links import archive_url
from .mail import absolute, base_url, newsletter_site

# The home page's top-story crop (articles.renditions.TOP_STORY_SPEC, not imported: see above), so the
# email reuses renditions the site has already made.
TOP_STORY_SPEC = "fill-960x540-c75"
EMAIL_IMAGE_WIDTH = 552
UNSUBSCRIBE_PLACEHOLDER = "__NEWSLETTER_UNSUBSCRIBE_URL__"
PREFERENCES_PLACEHOLDER = "__NEWSLETTER_PREFERENCES_URL__"


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
    language: str = ""  # the story's own language; "" for other outlets' stories (unknown)

    # The email's column is 600 px with 24 px padding each side: its photo is shown this wide, and
    # this high, so clients that ignore CSS (Outlook for Windows) still keep its proportions.
    email_image_width = EMAIL_IMAGE_WIDTH

    @property
    def email_image_height(self) -> int | None:
        if not self.image_width or not self.image_height:
            return None
        return round(EMAIL_IMAGE_WIDTH * self.image_height / self.image_width)


@dataclass(frozen=True)
class Digest:
    newsletter: object
    date: datetime.date
    base_url: str
    subject: str
    language: str = ""
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


def _visible_articles(newsletter, now):
    """Every public live article of the newsletter's site, newest first, ready to render."""
    queryset = visible_pages(article_model().objects.all(), site=newsletter_site(newsletter), now=now)
    return queryset.newest_first().for_listing(TOP_STORY_SPEC)


def _in_window(articles, newsletter, date: datetime.date) -> list:
    start, end = story_window(newsletter, date)
    return list(articles.filter(effective_date__gte=start, effective_date__lt=end))


def _language_codes() -> dict[int, str]:
    return dict(Locale.objects.values_list("pk", "language_code"))


class Localiser:
    """Each story once, in ``language`` where a visible translation exists, else in its original.

    ``articles`` is the visibility-filtered queryset; one query finds every version of the pages asked about.
    """

    def __init__(self, newsletter, articles, language: str):
        self.newsletter = newsletter
        self.articles = articles
        self.language = language
        self.codes = _language_codes()
        self.default = default_language()

    def page_language(self, page) -> str:
        return self.codes.get(page.locale_id, self.default)

    def versions(self, pages) -> dict[object, list]:
        keys = {page.translation_key for page in pages}
        found: dict[object, list] = {}
        for version in self.articles.filter(translation_key__in=keys):
            found.setdefault(version.translation_key, []).append(version)
        return found

    def choose(self, versions: list):
        """The version to show in this language's edition, or None if it has none to show."""
        by_language = {self.page_language(version): version for version in sorted(versions, key=lambda v: -v.pk)}
        if self.language in by_language:
            return by_language[self.language]
        if not self.newsletter.other_language_stories:
            return None
        return by_language.get(self.default) or min(versions, key=lambda version: version.pk)


def _localised_day_pages(newsletter, articles, date: datetime.date, language: str) -> tuple[list, Localiser]:
    """The day's stories for ``language``, newest first: each story once, the version shown being in the window."""
    day_pages = _in_window(articles, newsletter, date)
    localiser = Localiser(newsletter, articles, language)
    versions = localiser.versions(day_pages)
    in_window = {page.pk for page in day_pages}
    chosen, seen = [], set()
    for page in day_pages:
        if page.translation_key in seen:
            continue
        seen.add(page.translation_key)
        version = localiser.choose(versions.get(page.translation_key, [page]))
        if version is not None and version.pk in in_window:
            chosen.append(version)
    return chosen, localiser


def candidate_pages(
    newsletter, date: datetime.date, *, now: datetime.datetime | None = None, language: str | None = None
) -> list:
    """The day's public live articles for ``language``'s edition, newest first: what a new edition starts with."""
    articles = _visible_articles(newsletter, now or timezone.now())
    return _localised_day_pages(newsletter, articles, date, normalise_language(language))[0]


def _story_from_page(page, base: str, *, with_image: bool, summary: str = "", language: str = "") -> Story:
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
        language=language,
        **image_fields,
    )


def automatic_subject(newsletter, date: datetime.date, top_story: Story | None, language: str) -> str:
    """The subject line when the editors left it blank, in ``language``."""
    with translation.override(language):
        if top_story is not None:
            return gettext("%(name)s: %(headline)s") % {"name": newsletter.name, "headline": top_story.title}
        return gettext("%(name)s, %(date)s") % {"name": newsletter.name, "date": date_format(date, "F j")}


def build_digest(
    newsletter,
    date: datetime.date,
    *,
    items: Iterable | None = None,
    subject: str = "",
    intro: str = "",
    now: datetime.datetime | None = None,
    language: str | None = None,
) -> Digest:
    """The edition of ``date`` as plain data; reads the database, writes nothing.

    ``items`` are the editors' curation (``EditionItem`` rows in order): their order, top story,
    exclusions and other outlets' links win; any of the day's stories they do not mention (published
    after curation) follow, newest first. Every page goes through the visibility rule again, so an
    article unpublished or restricted after curation never goes out.
    """
    now = now or timezone.now()
    language = normalise_language(language)
    base = base_url(newsletter)
    articles = _visible_articles(newsletter, now)
    day_pages, localiser = _localised_day_pages(newsletter, articles, date, language)
    items = list(items or [])
    item_page_ids = [item.page_id for item in items if item.page_id]
    # Curation names a story by any of its versions: the same story in another language is the same item.
    item_keys = dict(article_model().objects.filter(pk__in=item_page_ids).values_list("pk", "translation_key"))
    by_id = {page.pk: page for page in articles.filter(pk__in=item_page_ids)}
    curated_versions = localiser.versions(by_id.values())

    ordered: list[tuple[object, bool, str]] = []  # (page, is_top, summary override)
    elsewhere: list[Story] = []
    mentioned = set()
    for item in items:
        if item.page_id:
            key = item_keys.get(item.page_id)
            if key in mentioned:
                continue
            mentioned.add(key)
            page = by_id.get(item.page_id)
            if page is not None and not item.excluded:
                version = localiser.choose(curated_versions.get(key, [page]))
                if version is not None:
                    ordered.append((version, item.is_top_story, item.summary if version.pk == page.pk else ""))
        elif item.external_url and not item.excluded:
            elsewhere.append(
                Story(title=item.external_title, url=item.external_url, summary=item.summary, outlet=item.outlet_name)
            )
    ordered += [(page, False, "") for page in day_pages if page.translation_key not in mentioned]

    top_index = next((index for index, (_page, is_top, _summary) in enumerate(ordered) if is_top), 0)
    top_story = None
    stories = []
    for index, (page, _is_top, summary) in enumerate(ordered):
        story = _story_from_page(
            page, base, with_image=index == top_index, summary=summary, language=localiser.page_language(page)
        )
        if index == top_index:
            top_story = story
        else:
            stories.append(story)

    return Digest(
        newsletter=newsletter,
        date=date,
        base_url=base,
        subject=subject or automatic_subject(newsletter, date, top_story, language),
        language=language,
        intro=intro,
        top_story=top_story,
        stories=stories,
        elsewhere=elsewhere,
    )


def build_edition_digest(edition, *, now: datetime.datetime | None = None) -> Digest:
    items = edition.items.all() if edition.pk else []
    return build_digest(
        edition.newsletter,
        edition.date,
        items=items,
        subject=edition.subject,
        intro=edition.intro,
        now=now,
        language=edition.language,
    )


def preheader(digest: Digest) -> str:
    """The line inboxes show after the subject: the intro, else the top story's summary, else the headlines."""
    if digest.intro:
        return digest.intro
    if digest.top_story is not None and digest.top_story.summary:
        return digest.top_story.summary
    return " · ".join(story.title for story in digest.stories[:3]) or digest.subject


def render_digest(digest: Digest) -> RenderedEmail:
    """Subject, text and HTML, rendered once; per-recipient parts are placeholders."""
    context = {
        "digest": digest,
        "newsletter": digest.newsletter,
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "preferences_url": PREFERENCES_PLACEHOLDER,
        "archive_url": archive_url(digest.base_url, digest.newsletter, digest.date, digest.language),
        "site_url": digest.base_url + "/",
        "preheader": preheader(digest),
    }
    with translation.override(digest.language or default_language()):
        subject = " ".join(render_to_string("newsletter/email/digest_subject.txt", context).split())
        return RenderedEmail(
            subject=subject,
            text=render_to_string("newsletter/email/digest.txt", context),
            html=inline_css(render_to_string("newsletter/email/digest.html", context)),
        )


def personalise(rendered: RenderedEmail, *, unsubscribe_url: str, preferences_url: str) -> RenderedEmail:
    """One recipient's copy of an edition rendered by :func:`render_digest`."""

    def fill(text: str) -> str:
        return text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url).replace(PREFERENCES_PLACEHOLDER, preferences_url)

    return RenderedEmail(subject=rendered.subject, text=fill(rendered.text), html=fill(rendered.html))


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

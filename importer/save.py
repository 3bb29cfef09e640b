"""Write an :class:`~.mapping.ArticleDraft` as an ``ArticlePage``, with its authors and photos.

Each article is saved in one ``transaction.atomic()``: an error anywhere leaves no page, author or
image row behind, and the image files written for it are deleted again. Authors are matched to
existing ones by profile URL (kept as a profile link), then by name, and never duplicated.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import lxml.html
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.coreutils import find_available_slug
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from articles.models import ArticleAuthor, ArticlePage, Author, AuthorProfileLink, HomePage, NewsImage, SectionPage

from . import canonical, values
from .conf import get_setting
from .errors import ArticleImportError
from .mapping import ArticleDraft, AuthorDraft, ImageDraft

logger = logging.getLogger(__name__)

#: Loads an image's bytes: ``url`` → ``(content, filename)``; raises ArticleImportError.
ImageLoader = Callable[[str], tuple[bytes, str]]
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


@dataclass
class SaveResult:
    status: str  # "imported", "updated", "skipped", or with dry_run "would import", "would update"
    message: str = ""
    page: ArticlePage | None = None
    warnings: list[str] = field(default_factory=list)


# Where articles go -----------------------------------------------------------------------------


def resolve_parent(spec: str | int | None = None) -> Page:
    """``--parent``: a page id, a path below the default site's root (``/news/``), or the site root."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first() or Site.objects.first()
    if spec in (None, ""):
        if site is None:
            raise ArticleImportError("there is no site to import into; create one or pass --parent")
        return site.root_page.specific
    spec = str(spec).strip()
    if spec.isdigit():
        page = Page.objects.filter(id=int(spec)).first()
        if page is None:
            raise ArticleImportError(f"no page with id {spec}")
        return page.specific
    slugs = [part for part in spec.split("/") if part]
    page = site.root_page if site else None
    for slug in slugs:
        child = page.get_children().filter(slug=slug).first() if page is not None else None
        if child is None:
            by_path = Page.objects.filter(url_path="/" + "/".join(slugs) + "/").first()
            if by_path is None:
                raise ArticleImportError(f"no page at {spec!r}")
            return by_path.specific
        page = child
    if page is None:
        raise ArticleImportError(f"no page at {spec!r}")
    return page.specific


def find_section(parent: Page, name: str) -> SectionPage | None:
    """The section an article goes in: the parent itself, or its child section of that name."""
    if isinstance(parent, SectionPage):
        return parent
    name = name or str(get_setting("DEFAULT_SECTION"))
    slug = slugify(name)[:50]
    sections = SectionPage.objects.child_of(parent)
    return sections.filter(title__iexact=name).first() or (sections.filter(slug=slug).first() if slug else None)


def get_or_create_section(parent: Page, name: str, *, live: bool) -> SectionPage:
    section = find_section(parent, name)
    if section is not None:
        if live and not section.live:  # made by a draft first: a published article needs it public
            section.save_revision(log_action=False).publish()
        return section
    if not isinstance(parent, HomePage):
        raise ArticleImportError(
            f"cannot create section {name!r} under {parent.title!r}: sections go under the home page"
        )
    name = values.text(name or get_setting("DEFAULT_SECTION"), 255)
    section = SectionPage(title=name, slug=find_available_slug(parent, slugify(name)[:50] or "section"), live=live)
    parent.add_child(instance=section)
    section.save_revision(log_action=False)
    return section


# Images ----------------------------------------------------------------------------------------


def check_image(content: bytes) -> str:
    """The file extension for valid image bytes; refuse what is not an image or is a pixel bomb."""
    try:
        with PILImage.open(io.BytesIO(content)) as probe:
            image_format = probe.format
            width, height = probe.size
            if width * height > int(get_setting("MAX_IMAGE_PIXELS")):
                raise ArticleImportError(f"image of {width}x{height} pixels is over the pixel cap")
            probe.verify()
    except ArticleImportError:
        raise
    except Exception as error:  # Pillow raises many kinds for broken files
        raise ArticleImportError(f"not a usable image ({error.__class__.__name__})") from None
    if image_format not in IMAGE_FORMATS:
        raise ArticleImportError(f"image format {image_format} is not imported")
    return IMAGE_FORMATS[image_format]


class ImageStore:
    """Creates (or reuses, by file hash) images for one article, remembering files to remove on failure."""

    def __init__(self, loader: ImageLoader | None) -> None:
        self.loader = loader
        self.created_files: list[str] = []
        self.cache: dict[str, NewsImage] = {}

    def get(self, draft: ImageDraft, warnings: list[str]) -> NewsImage | None:
        if draft.url in self.cache:
            return self.cache[draft.url]
        if self.loader is None:
            return None
        try:
            content, filename = self.loader(draft.url)
            extension = check_image(content)
        except ArticleImportError as error:
            warnings.append(f"image {draft.url} not imported: {error}")
            return None
        digest = hashlib.sha1(content).hexdigest()  # noqa: S324 - Wagtail's own file hash, not security
        image = NewsImage.objects.filter(file_hash=digest).first()
        if image is None:
            stem = slugify(PurePosixPath(filename).stem)[:60] or "photo"
            image = NewsImage(
                title=values.text(draft.caption or draft.alt_text or stem.replace("-", " "), 255) or stem,
                caption=draft.caption,
                credit=draft.credit,
                creator=draft.creator,
                copyright_notice=draft.copyright_notice,
                license_url=draft.license_url,
                acquire_license_url=draft.acquire_license_url,
            )
            image.file = ImageFile(io.BytesIO(content), name=f"{stem}.{extension}")
            image.file_size = len(content)
            image.file_hash = digest
            image.save()
            self.created_files.append(image.file.name)
        self.cache[draft.url] = image
        return image

    def discard_files(self) -> None:
        for name in self.created_files:
            try:
                NewsImage._meta.get_field("file").storage.delete(name)
            except OSError:
                logger.warning("could not delete %s after a failed import", name)
        self.created_files.clear()


# Authors ---------------------------------------------------------------------------------------


def find_author(draft: AuthorDraft) -> Author | None:
    if draft.url:
        author = Author.objects.filter(profile_links__url=draft.url).first()
        if author is not None:
            return author
    return Author.objects.filter(name__iexact=draft.name).first()


def author_differences(author: Author, draft: AuthorDraft) -> list[str]:
    """What the page says about an existing author that our record does not (blank fields, a link)."""
    differences = []
    for attr, label, value in (
        ("job_title", "job title", draft.job_title),
        ("short_bio", "short bio", draft.description[:500]),
        ("organisation", "organisation", draft.organisation),
    ):
        if value and getattr(author, attr) != value:
            differences.append(f"{label} {value!r} (ours: {getattr(author, attr)!r})")
    if draft.url and not author.profile_links.filter(url=draft.url).exists():
        differences.append(f"profile link {draft.url}")
    return differences


def get_or_create_author(
    draft: AuthorDraft, images: ImageStore, warnings: list[str], *, update_authors: bool = False
) -> Author:
    """The author a byline names: created if new. An existing author is never changed (the page may be
    anyone's, and a profile link is shown at once as ``rel="me"``) unless ``update_authors`` is set, which
    fills blank fields and adds the page's profile link; otherwise what differs is reported."""
    author = find_author(draft)
    if author is None:
        base = slugify(draft.name)[:240] or "author"
        same_base = Author.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-"))
        taken = set(same_base.values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        author = Author(
            name=draft.name,
            slug=slug,
            job_title=draft.job_title,
            short_bio=draft.description[:500],
            organisation=draft.organisation,
            is_organisation=draft.is_organisation,
        )
        if draft.image_url:
            author.photo = images.get(ImageDraft(url=draft.image_url, caption=draft.name), warnings)
        author.save()
        if draft.url:
            AuthorProfileLink.objects.create(author=author, url=draft.url, label="Profile", sort_order=0)
        return author
    differences = author_differences(author, draft)
    if not differences:
        return author
    if not update_authors:
        warnings.append(
            f"author {author.name!r} (id {author.pk}) left unchanged; the page differs: {'; '.join(differences)} "
            "(use --update-authors to fill blanks and add the link)"
        )
        return author
    changed = False  # fill blanks only: never overwrite what editors wrote
    for attr, value in (
        ("job_title", draft.job_title),
        ("short_bio", draft.description[:500]),
        ("organisation", draft.organisation),
    ):
        if value and not getattr(author, attr):
            setattr(author, attr, value)
            changed = True
    if changed:
        author.save()
    if draft.url:
        links = list(AuthorProfileLink.objects.filter(author=author).values_list("url", flat=True))
        if draft.url not in links:
            AuthorProfileLink.objects.create(author=author, url=draft.url, label="Profile", sort_order=len(links))
    warnings.append(f"author {author.name!r} (id {author.pk}) updated: {'; '.join(differences)}")
    return author


# Articles --------------------------------------------------------------------------------------


def existing_article(draft: ArticleDraft) -> ArticlePage | None:
    """The article a draft was imported as before: by its URL (with or without a trailing slash), or for
    a page without a URL, by a hash of its text."""
    if draft.source_url:
        urls = canonical.variants(draft.source_url)
        return ArticlePage.objects.filter(source_url__in=urls).order_by("pk").first()
    if draft.text_hash:
        return ArticlePage.objects.filter(source_hash=draft.text_hash).order_by("pk").first()
    return None


def _block_image(image: NewsImage, draft: ImageDraft) -> dict:
    """A captioned-photo value: the block's caption and credit only where they differ from the image's."""
    return {
        "image": image,
        "caption": draft.caption if draft.caption != image.caption else "",
        "credit": draft.credit if draft.credit != image.credit else "",
        "alt_text": draft.alt_text[:255] if draft.alt_text != draft.caption else "",
    }


def _typed_table(value: dict) -> dict:
    """A draft's table (header and rows of text) as the table block's stored form: text columns."""
    header = value.get("header") or []
    width = len(header) or max((len(row) for row in value.get("rows", [])), default=0)
    headings = [*header, *[""] * (width - len(header))]
    return {
        "caption": value.get("caption", ""),
        "columns": [{"type": "text", "heading": heading} for heading in headings],
        "rows": [{"values": [*row, *[""] * (width - len(row))][:width]} for row in value.get("rows", [])],
    }


def _embed(url: str, warnings: list[str]) -> tuple[str, Any]:
    """An embed block where the provider answers for the URL; otherwise a link to it (and a warning)."""
    try:
        get_embed(url)
    except (EmbedException, ValueError, OSError) as error:
        warnings.append(f"embed {url} kept as a link: no provider answered ({error.__class__.__name__})")
        link = lxml.html.Element("a", href=url)
        link.text = url
        paragraph = lxml.html.Element("p")
        paragraph.append(link)
        return ("paragraph", RichText(lxml.html.tostring(paragraph, encoding="unicode")))
    return ("embed", url)


def _standfirst(draft: ArticleDraft) -> str:
    if draft.standfirst:
        return draft.standfirst
    for kind, value in draft.body:
        if kind == "paragraph":
            text = values.text(value, 600)
            if text:
                return text
    return draft.headline


def save_article(
    draft: ArticleDraft,
    *,
    parent: Page,
    publish: bool = False,
    update: bool = False,
    dry_run: bool = False,
    load_image: ImageLoader | None = None,
    update_authors: bool = False,
) -> SaveResult:
    """Create or update the article a draft describes; see the module docstring for the rules."""
    existing = existing_article(draft)
    if existing is not None and not update:
        return SaveResult("skipped", f"already imported as “{existing.title}” (id {existing.pk}); use --update")
    if dry_run:
        return _plan(draft, parent, existing)
    images = ImageStore(load_image)
    warnings: list[str] = []
    try:
        with transaction.atomic():
            page = _write(draft, parent, existing, publish, images, warnings, update_authors)
    except ArticleImportError:
        images.discard_files()
        raise
    except (ValidationError, DatabaseError, ValueError, TypeError, OSError) as error:
        images.discard_files()
        detail = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        raise ArticleImportError(f"could not save the article: {detail[:500]}") from error
    status = "updated" if existing is not None else "imported"
    return SaveResult(status, f"“{page.title}” (id {page.pk})", page=page, warnings=warnings)


def _plan(draft: ArticleDraft, parent: Page, existing: ArticlePage | None) -> SaveResult:
    section = find_section(parent, draft.section)
    section_name = section.title if section else f"{draft.section or get_setting('DEFAULT_SECTION')} (new)"
    authors = [f"{a.name}{'' if find_author(a) else ' (new)'}" for a in draft.authors]
    status = "would update" if existing is not None else "would import"
    message = (
        f"“{draft.headline}” in {section_name}; authors: {', '.join(authors) or 'none'}; "
        f"{len(draft.images)} image(s), {len(draft.body)} body block(s)"
    )
    return SaveResult(status, message)


def _write(
    draft, parent, existing, publish, images: ImageStore, warnings: list[str], update_authors: bool = False
) -> ArticlePage:
    authors: dict[int, Author] = {}  # by pk: an author listed twice keeps its first place
    for author_draft in draft.authors:
        author = get_or_create_author(author_draft, images, warnings, update_authors=update_authors)
        authors.setdefault(author.pk, author)

    page = existing.get_latest_revision_as_object() if existing is not None else ArticlePage()
    page.title = draft.headline
    page.draft_title = draft.headline
    page.standfirst = _standfirst(draft)
    page.dateline = draft.dateline
    page.publication_date = draft.date_published
    page.updated_at = draft.date_modified
    page.article_type = draft.article_type
    if draft.language:
        page.language = draft.language
    page.source_url = draft.source_url
    page.source_hash = draft.text_hash
    page.source_publisher = draft.publisher or page.source_publisher
    if existing is None:
        # The original stays canonical (Google's guidance on syndicated content); editors clear the field
        # for a story they rewrite, and an update never undoes that.
        page.canonical_url = draft.source_url
    page.search_description = page.search_description or ""

    lead = draft.lead_image
    page.lead_image = images.get(lead, warnings) if lead else None
    page.lead_image_caption = page.lead_image_credit = ""
    if page.lead_image is not None:
        block = _block_image(page.lead_image, lead)
        page.lead_image_caption, page.lead_image_credit = block["caption"], block["credit"]

    body = []
    for kind, value in draft.body:
        if kind == "image":
            image = images.get(value, warnings)
            if image is not None:
                body.append(("image", _block_image(image, value)))
        elif kind == "table":
            body.append(("table", _typed_table(value)))
        elif kind == "embed":
            body.append(_embed(value, warnings))
        else:
            body.append((kind, RichText(value) if kind == "paragraph" else value))
    page.body = body
    page.tags.set(draft.tags)
    page.article_authors = [
        ArticleAuthor(author=author, sort_order=order) for order, author in enumerate(authors.values())
    ]

    if existing is None:
        section = get_or_create_section(parent, draft.section, live=publish)
        wanted = slugify(draft.slug, allow_unicode=True)[:80] if draft.slug else ""
        page.slug = find_available_slug(section, wanted or slugify(draft.headline)[:80] or "article")
        page.live = False
        section.add_child(instance=page)
    revision = page.save_revision(log_action=True, clean=True)
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page

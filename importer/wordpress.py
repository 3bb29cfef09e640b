"""A WordPress export, post by post, through the importer's save stage (``--wordpress``).

The export is read twice as a stream (:mod:`.wxr`): first what posts refer to (authors, categories,
attachments, guest authors), then the posts, each mapped to an :class:`~.mapping.ArticleDraft` and
saved with its redirects in a transaction of its own. Only posts are articles: pages, attachments,
revisions, menu items and trash are not. A published post is published (unless ``--draft``); a draft,
pending, scheduled or private one is saved as a draft and gets no redirect (which would reveal it).
A post without a title is titled from its first words, and reported.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import zoneinfo
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from . import canonical, values
from .errors import ArticleImportError, NoArticleError, UnsafeURLError
from .fetch import fetch, read_file
from .mapping import (
    MAX_HEADLINE,
    MAX_NAME,
    MAX_STANDFIRST,
    ArticleDraft,
    AuthorDraft,
    _language,
    _merge_figures,
    body_text_of,
)
from .report import Report, ReportRow
from .save import save_article
from .wpcontent import attachment_image, post_body
from .wxr import WPItem, WPSite, WXRError, items, scan

logger = logging.getLogger(__name__)

LIVE_STATUSES = frozenset({"publish"})
DRAFT_STATUSES = frozenset({"draft", "pending", "future", "private"})
UNCATEGORISED = frozenset({"uncategorized", "uncategorised", "sin categoría", "non classé", "allgemein"})
UPLOADS_MARKER = "/wp-content/uploads/"
TITLE_WORDS = 8
NOT_ARTICLES = {
    "page": "a page, not a post", "revision": "a revision", "nav_menu_item": "a menu item",
    "wp_block": "a reusable block", "wp_template": "a theme template", "wp_navigation": "a menu",
    "custom_css": "theme CSS", "wp_global_styles": "theme styles",
}  # fmt: skip


# Mapping ---------------------------------------------------------------------------------------


def wp_date(local: str, gmt: str, zone: dt.tzinfo) -> dt.datetime | None:
    """``post_date_gmt`` is UTC and wins; a draft has none (``0000-00-00``), so its ``post_date``, the
    site's local time, is read in the site's zone."""
    for raw, tz in ((gmt, dt.UTC), (local, zone)):
        if not raw or raw.startswith("0000"):
            continue
        try:
            parsed = dt.datetime.fromisoformat(raw.strip().replace(" ", "T", 1))
        except ValueError:
            continue
        return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed
    return None


def post_authors(item: WPItem, site: WPSite) -> list[AuthorDraft]:
    """Co-Authors Plus ``author`` terms in their order, else the post's WordPress user."""
    names = []
    for term in item.terms_of("author"):
        login = term.name or term.slug.removeprefix("cap-")
        user = site.authors.get(login)
        name = user.name if user else site.guest_authors.get(login) or login.replace("-", " ").title()
        names.append(name)
    if not names and item.creator:
        user = site.authors.get(item.creator)
        names.append(user.name if user else item.creator)
    authors, seen = [], set()
    for name in names:
        name = values.text(name, MAX_NAME)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            authors.append(AuthorDraft(name=name))
    return authors


def post_section(item: WPItem, site: WPSite) -> str:
    """Yoast's primary category where it is set, else the first category; "Uncategorized" is none."""
    primary = site.categories.get(int(item.meta.get("_yoast_wpseo_primary_category") or 0) or -1, "")
    names = [primary] if primary else [html.unescape(term.name) for term in item.terms_of("category")]
    for name in names:
        if name and name.casefold() not in UNCATEGORISED:
            return values.text(name, 255)
    return ""


def post_language(item: WPItem, site: WPSite) -> str:
    """Polylang's (and WPML exports') ``language`` term, else the export's channel language."""
    for term in item.terms_of("language"):
        if found := _language(term.slug or term.name):
            return found
    return _language(site.language)


def title_from_text(text: str) -> str:
    words = text.split()
    if not words:
        return ""
    title = " ".join(words[:TITLE_WORDS])
    return values.text(title + ("…" if len(words) > TITLE_WORDS else ""), MAX_HEADLINE)


def wordpress_draft(item: WPItem, site: WPSite, zone: dt.tzinfo) -> ArticleDraft:
    """The draft a post describes; :class:`NoArticleError` for a post with neither title nor text."""
    warnings: list[str] = []
    body = post_body(item.content, site, item.id, base_url=site.link)
    warnings.extend(body.warnings)
    if body.shortcodes:
        warnings.append(f"shortcode(s) left out of the body: {', '.join(sorted(set(body.shortcodes)))}")
    headline = values.text(html.unescape(item.title), MAX_HEADLINE)
    if not headline:
        headline = title_from_text(body_text_of(body.blocks))
        if not headline:
            raise NoArticleError("no title and no text")
        warnings.append(f"no title: titled from its first words, “{headline}”")
    images = []
    thumbnail = int(item.meta.get("_thumbnail_id") or 0) if (item.meta.get("_thumbnail_id") or "").isdigit() else 0
    if thumbnail:
        attachment = site.attachments.get(thumbnail)
        if attachment is not None and attachment.url:
            images.append(attachment_image(attachment))
        else:
            warnings.append(f"featured image (attachment {thumbnail}) is not in the export")
    draft = ArticleDraft(
        headline=headline,
        standfirst=values.text(item.excerpt, MAX_STANDFIRST),
        date_published=wp_date(item.date, item.date_gmt, zone),
        date_modified=wp_date("", item.modified_gmt, zone),
        authors=post_authors(item, site),
        images=images,
        section=post_section(item, site),
        tags=values.keywords([html.unescape(term.name) for term in item.terms_of("post_tag")]),
        body=body.blocks,
        slug=unquote(item.post_name),
        source_url=values.url(item.link) or values.url(item.guid),
        publisher=values.text(site.title, 255),
        language=post_language(item, site),
        provenance={"body": "wordpress"},
        warnings=warnings,
    )
    _merge_figures(draft)
    if not draft.body:
        draft.missing.append("body")
    draft.text_hash = canonical.text_hash(draft.headline, body_text_of(draft.body))
    return draft


# Images ----------------------------------------------------------------------------------------


def uploads_loader(root: Path | None) -> Callable[[str], tuple[bytes, str]]:
    """Images under ``/wp-content/uploads/`` read from ``root`` (never outside it: no ``..``, no absolute
    path, no symlink out); any other image, or all of them without ``root``, through the safe fetcher."""
    resolved_root = root.resolve() if root is not None else None

    def load(url: str) -> tuple[bytes, str]:
        path = unquote(urlsplit(url).path)
        if resolved_root is not None and UPLOADS_MARKER in path:
            relative = PurePosixPath(path.split(UPLOADS_MARKER, 1)[1])
            if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                raise UnsafeURLError(f"refused {url}: the path leaves the uploads folder")
            fetched = read_file(resolved_root.joinpath(*relative.parts), "image", root=resolved_root)
            return fetched.content, relative.name
        fetched = fetch(url, "image")
        return fetched.content, PurePosixPath(urlsplit(fetched.url).path).name or "photo"

    return load


# Redirects -------------------------------------------------------------------------------------


def old_paths(item: WPItem) -> list[str]:
    """The paths old links used: the permalink, and the ``?p=ID`` form of the guid."""
    paths = []
    for link in (item.link, item.guid):
        parts = urlsplit(link or "")
        if not parts.scheme or not parts.netloc:
            continue
        path = Redirect.normalise_path(parts.path + (f"?{parts.query}" if parts.query else ""))
        if path and path not in paths and path != "/":
            paths.append(path)
    return paths


def add_redirects(page: Page, item: WPItem) -> int:
    site = page.get_site()
    new_path = Redirect.normalise_path(page.get_url_parts()[2]) if page.get_url_parts() else ""
    made = 0
    for path in old_paths(item):
        if path == new_path:
            continue  # the article is where the post was: nothing to redirect
        Redirect.objects.update_or_create(
            old_path=path, site=site, defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True}
        )
        made += 1
    return made


# The run ---------------------------------------------------------------------------------------


def import_wordpress(
    path: Path,
    *,
    parent: Page,
    report: Report,
    uploads: Path | None = None,
    publish: bool = True,
    update: bool = False,
    dry_run: bool = False,
    time_zone: str = "",
    progress_factory: Callable[[int], object] | None = None,
    on_row: Callable[[ReportRow], None] | None = None,
) -> WPSite:
    """Import every post of the export at ``path``; every outcome is a row of ``report``."""
    from django.conf import settings

    zone = zoneinfo.ZoneInfo(time_zone or settings.TIME_ZONE)
    site = scan(path)
    load_image = uploads_loader(uploads)
    progress = progress_factory(site.posts) if progress_factory else None

    def add(row: ReportRow) -> None:
        report.add(row)
        if on_row is not None:
            on_row(row)

    try:
        for item in items(path):
            source = f"post {item.id}" + (f" {item.link}" if item.link else "")
            if item.post_type != "post":
                if item.post_type in NOT_ARTICLES:
                    add(ReportRow(source.replace("post", item.post_type, 1), "skipped", NOT_ARTICLES[item.post_type]))
                continue  # attachments and guest authors were read in the first pass
            if progress is not None:
                progress.update(1)
            if item.status not in LIVE_STATUSES | DRAFT_STATUSES:
                add(ReportRow(source, "skipped", f"status {item.status or 'none'}", values.text(item.title, 255)))
                continue
            add(_import_post(item, site, zone, source, parent, load_image, publish, update, dry_run))
    except WXRError as error:
        add(ReportRow(str(path), "failed", f"{error}; the posts before it were imported"))
    finally:
        if progress is not None:
            progress.close()
    return site


def _import_post(item, site, zone, source, parent, load_image, publish, update, dry_run) -> ReportRow:
    try:
        draft = wordpress_draft(item, site, zone)
        live = publish and item.status in LIVE_STATUSES
        with transaction.atomic():
            result = save_article(
                draft, parent=parent, publish=live, update=update, dry_run=dry_run, load_image=load_image
            )
            if result.page is not None and live:
                add_redirects(result.page, item)
    except ArticleImportError as error:
        return ReportRow(source, "failed", str(error), values.text(item.title, 255))
    except Exception as error:  # one bad post must not stop the others; say what it was
        logger.exception("unexpected error importing %s", source)
        return ReportRow(source, "failed", f"unexpected error: {error.__class__.__name__}: {error}")
    reason = result.message if result.status == "skipped" else ""
    if not live and result.status != "skipped":
        reason = f"saved as a draft (WordPress status {item.status})" if item.status != "publish" else ""
    return ReportRow(
        source,
        result.status,
        reason,
        draft.headline,
        result.page.pk if result.page is not None else None,
        warnings=[*draft.warnings, *result.warnings],
    )

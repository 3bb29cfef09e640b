"""Language versions of a page: which a reader may be sent to, and where.

Wagtail's i18n links a page and its translations by ``translation_key`` (one tree per locale). What
is linked from a page (``<link rel="alternate" hreflang>``, the language switcher, the sitemap's
``xhtml:link`` and JSON-LD ``workTranslation``) is only what passes the visibility rule of
``structured_data.visibility`` for that translation: a draft, expired or restricted translation is
never named anywhere. The original is the version in the default language (``x-default``); a
translation whose original was deleted simply has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Page, Site

from pagecache.routes import kept_until_site_changes
from structured_data import PageUrls, visible_pages


@dataclass(frozen=True)
class LanguageVersion:
    language_code: str
    language_name: str  # in its own language, as a switcher shows it
    url: str  # full URL
    page: Page
    is_current: bool


def i18n_enabled() -> bool:
    return getattr(settings, "WAGTAIL_I18N_ENABLED", False)


def default_language() -> str:
    """The default locale's language code (no query: what ``Locale.get_default()`` would look up)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def active_language() -> str:
    """The content language of the request being served (from the URL's prefix)."""
    try:
        return get_supported_content_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return default_language()


def language_name(code: str) -> str:
    """The language's own name ("Français"), falling back to the name in LANGUAGES."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return get_content_languages().get(code, code)


def language_versions(page: Page, request: Any = None) -> list[LanguageVersion]:
    """The visible versions of ``page`` in every language (itself included if visible), default language first.

    One query per page and request (kept on the request), whatever the number of languages.
    """
    if not i18n_enabled() or page is None or not getattr(page, "pk", None):
        return []
    prefetched = page.__dict__.get("_prefetched_language_versions")
    if prefetched is not None:
        return prefetched
    memo = request.__dict__.setdefault("_language_versions", {}) if request is not None else {}
    if page.pk not in memo:
        site = Site.find_for_request(request) if request is not None else page.get_site()

        def find() -> list[LanguageVersion]:
            pages = visible_pages(Page.objects.filter(translation_key=page.translation_key))
            pages = pages.select_related("locale").order_by("path")
            if site is not None:  # the site's own versions: below its root page or a translation of it
                roots = tuple(root.root_path for root in Site.get_site_root_paths() if root.site_id == site.pk)
                pages = [version for version in pages if version.url_path.startswith(roots)]
            return _versions(page, pages, PageUrls(request))

        # Every page asks: kept until a page is published, unpublished, moved or deleted (or a
        # restriction changes), which is also when a version can appear or go.
        name = f"language-versions:{page.pk}:{site.pk if site else None}:{translation.get_language()}"
        memo[page.pk] = kept_until_site_changes(name, find)
    return memo[page.pk]


def prefetch_language_versions(pages: list[Page], request: Any = None) -> None:
    """Load the language versions of a batch of pages in one query (the bulk export's batches)."""
    if not i18n_enabled() or not pages:
        return
    keys = {page.translation_key for page in pages}
    found: dict[Any, list[Page]] = {}
    queryset = visible_pages(Page.objects.filter(translation_key__in=keys)).select_related("locale").order_by("path")
    for version in queryset:
        found.setdefault(version.translation_key, []).append(version)
    urls = PageUrls(request)
    for page in pages:
        page._prefetched_language_versions = _versions(page, found.get(page.translation_key, []), urls)


def _versions(page: Page, pages: Any, urls: PageUrls) -> list[LanguageVersion]:
    default = default_language()
    versions = []
    for version in pages:
        url = urls.full_url(version)
        if url is None:
            continue
        code = version.locale.language_code
        versions.append(LanguageVersion(code, language_name(code), url, version, version.pk == page.pk))
    versions.sort(key=lambda v: (v.language_code != default, v.language_code))
    return versions


def alternate_links(page: Page, request: Any = None, suffix: str = "") -> list[tuple[str, str]]:
    """``(hreflang, href)`` for ``<link rel="alternate">``: every visible version and x-default.

    Nothing unless the page has at least one other visible version. ``suffix`` is appended to
    each URL (a route below the page, such as an author's profile under the authors index).
    """
    versions = language_versions(page, request)
    if len(versions) < 2:
        return []
    links = [(v.language_code, v.url + suffix) for v in versions]
    default = default_language()
    original = next((v for v in versions if v.language_code == default), None)
    if original is not None:
        links.append(("x-default", original.url + suffix))
    return links


def localized_root(site: Site) -> Page | None:
    """The site's home page in the language being served: its visible translation, or None if it has none.

    The site's root page is taken to be in the default language; feeds, menus and the authors
    index of ``/fr/...`` come from below the French home page.
    """
    root = site.root_page
    language = active_language()
    if not i18n_enabled() or language == default_language():
        return root
    memo = site.__dict__.setdefault("_localized_roots", {})
    if language not in memo:
        memo[language] = visible_pages(
            Page.objects.filter(translation_key=root.translation_key, locale__language_code=language)
        ).first()
    return memo[language]

"""What editors see: the JSON-LD a page will emit and the checker's findings, in the Wagtail admin.

* :class:`StructuredDataPreviewMixin` adds a "Structured data" preview mode to a page model: the
  draft is rendered as the site would serve it, read back by the checker, and shown as a report.
* ``wagtail_hooks`` adds a userbar item on live pages (linking to :func:`views.report`) and checks
  a page when it is published (warnings, or a refusal with ``BLOCK_PUBLISH_ON_ERRORS``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from .checker import CheckResult, Issue, check_document
from .checker.fetch import FetchError
from .checker.selectors import css_selector_issues
from .checker.site import SiteRenderer, storage_image_size
from .presentation import Presentation, read_presentation

PREVIEW_MODE = "structured-data"


def page_url(page: Page, request: HttpRequest | None = None) -> str:
    """The page's public URL, or the request's for a page that has none yet."""
    try:
        url = page.get_full_url(request) if page.path else None
    except Exception:
        url = None
    if url:
        return cast("str", url)
    return request.build_absolute_uri("/") if request is not None else "http://localhost/"


def check_rendered(html: str, url: str, site: Site | None, renderer: SiteRenderer | None = None) -> CheckResult:
    """Check ``html`` (one of the site's pages) reading its images from storage and its authors' pages in-process."""
    if renderer is None and site is not None:
        renderer = SiteRenderer(site)
    if renderer is None:
        result = check_document(html, url, fetch_image_size=storage_image_size)
    else:
        result = check_document(html, url, fetch_image_size=renderer.image_size, fetch_page=renderer.page)
    result.issues += css_selector_issues(html, result.json_ld)
    return result


def check_draft(page: Page, request: HttpRequest) -> CheckResult:
    """Render ``page`` (in memory, unpublished changes included) as its preview and check it."""
    response = page.make_preview_request(original_request=request, preview_mode=page.default_preview_mode)
    return _check_response(response, page_url(page, request), _site_of(page, request))


def _site_of(page: Page, request: HttpRequest | None) -> Site | None:
    site = page.get_site() if page.path else None
    return site or (Site.find_for_request(request) if request is not None else None)


def _check_response(
    response: HttpResponse, url: str, site: Site | None, renderer: SiteRenderer | None = None
) -> CheckResult:
    if response.status_code != 200:
        return CheckResult(
            url=url, issues=[Issue("error", "http-status", f"The page answered HTTP {response.status_code}.")]
        )
    html = response.content.decode(getattr(response, "charset", None) or "utf-8", "replace")
    return check_rendered(html, url, site, renderer)


def check_live(page: Page, url: str | None = None) -> CheckResult:
    """Render the live page (or one of its routes, ``url``) as an anonymous visitor and check it."""
    site = page.get_site()
    target = url or page.get_full_url()
    if site is None or target is None:
        return CheckResult(url=target or "", issues=[Issue("error", "not-routable", "The page has no public URL.")])
    renderer = SiteRenderer(site)
    try:
        response = renderer.get(target)
    except FetchError as error:
        return CheckResult(url=target, issues=[Issue("error", "render-failed", str(error))])
    return _check_response(response, target, site, renderer)


def report_response(
    request: HttpRequest, page: Page, result: CheckResult, *, title: str, presentation: Presentation | None = None
) -> TemplateResponse:
    """The report page: the issues, the search result and social card (for a draft), then the JSON-LD."""
    return TemplateResponse(
        request,
        "structured_data/report.html",
        {
            "page": page,
            "report_title": title,
            "result": result,
            "errors": result.errors,
            "warnings": result.warnings,
            "json_ld": [json.dumps(data, indent=2, ensure_ascii=False) for data in result.json_ld],
            "presentation": presentation,
        },
    )


if TYPE_CHECKING:
    from wagtail.models import Page as _PreviewBase  # what the mixin goes before: super() reaches Page
else:
    _PreviewBase = object


class StructuredDataPreviewMixin(_PreviewBase):
    """Add a "Structured data" preview mode: the JSON-LD the draft will emit and what is wrong with it.

    Put it before ``Page`` in the bases: ``class ArticlePage(StructuredDataPreviewMixin, Page)``.
    """

    @property
    def preview_modes(self) -> list[tuple[str, Any]]:
        return [*super().preview_modes, (PREVIEW_MODE, _("Structured data"))]

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if mode_name != PREVIEW_MODE:
            return cast("HttpResponse", super().serve_preview(request, mode_name))
        response = super().serve_preview(request, self.default_preview_mode)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        url = page_url(self, request)
        result = _check_response(response, url, _site_of(self, request))
        presentation = None
        if response.status_code == 200:
            html = response.content.decode(getattr(response, "charset", None) or "utf-8", "replace")
            presentation = read_presentation(html, url)
        return report_response(request, self, result, title="Structured data of this draft", presentation=presentation)

"""Template tags for the site's templates: thin wrappers over model methods."""

import logging

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, Site

from articles.images import RENDITION_SPECS
from structured_data.utils import page_ancestors
from structured_data.visibility import visible_pages

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def author_url(context, author):
    """The author's profile URL; the authors index is looked up once per request."""
    return author.get_url(context.get("request"))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The absolute URL of what is being shown: a view may set ``canonical_url`` in its context."""
    if context.get("canonical_url"):
        return context["canonical_url"]
    page = context.get("page")
    if page is None:
        return ""
    if getattr(page, "canonical_elsewhere", False):  # a syndicated copy names the original
        return page.canonical_url
    return page.get_full_url(context.get("request")) or ""


@register.simple_tag(takes_context=True)
def section_menu(context):
    from articles.models import SectionPage

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    cached = getattr(request, "_section_menu", None)
    if cached is None:
        cached = list(visible_pages(SectionPage.objects.in_menu(), site=site).order_by("path"))
        request._section_menu = cached
    return cached


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context):
    """Title and URL of each page from the site's home page down to the current page."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk or request is None:
        return []
    if Site.find_for_request(request) is None:
        return []
    # Shared with the JSON-LD BreadcrumbList: one query per request for both.
    return [{"title": p.title, "url": p.get_url(request)} for p in page_ancestors(page, request)]


@register.simple_tag
def rendition(image, role):
    """``{% rendition image "card" as r %}``: the rendition for a role in ``RENDITION_SPECS``.

    Uses prefetched renditions when the queryset prefetched them; a photo whose file has gone
    missing gives ``None`` so the page still renders. An unknown role is a template error.
    """
    if role not in RENDITION_SPECS:
        raise template.TemplateSyntaxError(f"Unknown rendition role {role!r}; use one of {sorted(RENDITION_SPECS)}")
    if image is None:
        return None
    try:
        return image.get_rendition(RENDITION_SPECS[role])
    except SourceImageIOError:
        logger.warning("Image file missing for image %s (%r)", image.pk, image.title)
        return None


@register.simple_tag(takes_context=True)
def paragraph_with_dateline(context, block, dateline):
    """Render a paragraph block with the dateline run into its first paragraph ("PORTLAND, Maine — …")."""
    html = str(block.render(context=context.flatten()))
    if not dateline:
        return mark_safe(html)  # noqa: S308 - rich text already rendered by Wagtail
    marker = html.find("<p")
    close = html.find(">", marker) if marker != -1 else -1
    prefix = format_html('<span class="dateline">{} —</span> ', dateline)
    if close == -1:
        return format_html("<p>{}</p>{}", prefix, mark_safe(html))  # noqa: S308
    return mark_safe(html[: close + 1] + prefix + html[close + 1 :])  # noqa: S308

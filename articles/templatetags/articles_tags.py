"""Template tags for the site's templates: thin wrappers over model methods."""

import logging

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture, SourceImageIOError
from wagtail.models import Page, Site

from articles.renditions import RESPONSIVE
from structured_data import page_ancestors, visible_pages

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
        from articles.translations import localized_root

        root = localized_root(site)  # the sections of the language being shown
        sections = SectionPage.objects.in_menu().descendant_of(root) if root is not None else SectionPage.objects.none()
        cached = list(visible_pages(sections, site=site).order_by("path"))
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
def picture_for(image, role, **attrs):
    """``{% picture_for image "card" alt="" loading="lazy" %}``: Wagtail's ``Picture`` for a role of ``RESPONSIVE``.

    The same ``<picture>`` Wagtail's ``{% picture %}`` tag writes (AVIF and WebP sources, width
    descriptors, ``sizes``), with the role's specs from one place so it matches what the page
    prefetched (``{% picture %}`` takes its specs as literals in each template). Attributes left
    empty are not written; a photo whose file has gone missing gives nothing, and the page still
    renders. An unknown role is a template error.
    """
    if role not in RESPONSIVE:
        raise template.TemplateSyntaxError(f"Unknown picture role {role!r}; use one of {sorted(RESPONSIVE)}")
    if image is None:
        return ""
    responsive = RESPONSIVE[role]
    try:
        renditions = image.get_renditions(*responsive.filters)
    except SourceImageIOError:
        logger.warning("Image file missing for image %s (%r)", image.pk, image.title)
        return ""
    written = {"sizes": responsive.sizes, "decoding": "async"}
    written.update({name: value for name, value in attrs.items() if value not in (None, "")})
    if "alt" in attrs and attrs["alt"] in (None, ""):
        written["alt"] = ""  # a decorative photo still says so
    return Picture(renditions, written).__html__()


@register.simple_tag(takes_context=True)
def meta_description_tag(context):
    """``<meta name="description">`` from ``articles.meta_description`` (nothing if there is nothing to say).

    A view may set ``meta_description`` in its context; an author's profile (``author``) and pages
    describe themselves; the publisher's name closes the chain on a page with no summary.
    """
    from articles.meta_description import meta_description
    from articles.models import Author
    from structured_data import PublisherSettings

    text = context.get("meta_description")
    if not text:
        page, author, request = context.get("page"), context.get("author"), context.get("request")
        publisher = PublisherSettings.for_request(request) if request is not None else None
        fallback = f"The latest news from {publisher.name}." if publisher and publisher.name else ""
        text = meta_description(
            page if isinstance(page, Page) else None, author if isinstance(author, Author) else None, fallback
        )
    return format_html('<meta name="description" content="{}">', text) if text else ""


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


@register.simple_tag(takes_context=True)
def article_head_tags(context):
    """An article's own robots directives, and the paywall's script when part of it is gated.

    The directives add to the site-wide ``<meta name="robots">``: search engines apply the most
    restrictive of all robots tags. The script is render-blocking on purpose (and small): it must
    decide whether the gated part shows before the page is painted.
    """
    from django.templatetags.static import static

    from articles.models import AccessSettings
    from articles.models.paywall import METER_DAYS

    page = context.get("page")
    if page is None or not hasattr(page, "robots_directives"):
        return ""
    tags = []
    directives = page.robots_directives()
    if directives:
        tags.append(format_html('<meta name="robots" content="{}">', ", ".join(directives)))
    news = page.googlebot_news_directives()
    if news:
        tags.append(format_html('<meta name="googlebot-news" content="{}">', ", ".join(news)))
    if page.is_gated:
        request = context.get("request")
        access = AccessSettings.for_request(request) if request is not None else AccessSettings()
        tags.append(
            format_html(
                '<script src="{}" data-access="{}" data-article="{}" data-allowance="{}" data-days="{}" '
                'data-wall="{}"></script>',
                static("articles/paywall.js"),
                page.access,
                page.pk or "",
                access.meter_allowance,
                METER_DAYS,
                access.wall,
            )
        )
    return mark_safe("\n".join(tags))  # noqa: S308 - every part built by format_html


# Translations (articles/translations.py) -------------------------------------------------------


def _route_suffix(context) -> str:
    """The route below the page that is being shown (an author's profile under the authors index)."""
    from articles.models import Author, AuthorIndexPage

    page, author = context.get("page"), context.get("author")
    if isinstance(page, AuthorIndexPage) and isinstance(author, Author):
        return page.reverse_subpage("author_profile", args=[author.slug])
    return ""


def _other_subject(context) -> bool:
    """Whether a view shows something else than ``page`` and its routes (a topic or a date archive under
    the home page): it gives its own ``language_versions`` (none), not the page's."""
    return "language_versions" in context


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """``<link rel="alternate" hreflang>`` to every visible language version of the page, and x-default."""
    from articles.translations import alternate_links

    page = context.get("page")
    if not isinstance(page, Page) or _other_subject(context):
        return ""
    links = alternate_links(page, context.get("request"), _route_suffix(context))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the page in the other languages it is published in (nothing if there are none)."""
    from articles.translations import language_versions

    page = context.get("page")
    shows_page = isinstance(page, Page) and not _other_subject(context)
    versions = language_versions(page, context.get("request")) if shows_page else []
    suffix = _route_suffix(context) if versions else ""
    return {"versions": versions if len(versions) > 1 else [], "suffix": suffix}


@register.simple_tag(takes_context=True)
def home_url(context):
    """The home page in the language being shown (``/`` for the default language, ``/fr/`` ...)."""
    from articles.translations import active_language, default_language

    request = context.get("request")
    language = active_language()
    if language == default_language() or request is None:
        return "/"
    memo = request.__dict__.setdefault("_home_urls", {})
    if language not in memo:
        site = Site.find_for_request(request)
        home = None
        if site is not None:
            home = visible_pages(
                Page.objects.filter(translation_key=site.root_page.translation_key, locale__language_code=language)
            ).first()
        memo[language] = (home.get_url(request) if home is not None else None) or "/"
    return memo[language]

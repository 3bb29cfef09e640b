"""``{% feed_links %}``: the ``<link rel="alternate">`` elements of the feeds that mirror the page."""

from django import template
from django.utils.html import format_html_join

from articles.feeds import feed_links as links_for
from articles.models import Author, SectionPage

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_links(context):
    """Site-wide RSS and Atom; plus the section's on a section page, the author's on a profile page, and
    ``extra_feed_links`` (``(type, title, path)``) a view puts in the context (a topic's)."""
    page = context.get("page")
    if page is None:
        return ""
    section = page if isinstance(page, SectionPage) else None
    author = context.get("author") if isinstance(context.get("author"), Author) else None
    request = context.get("request")
    links = links_for(section=section, author=author) + list(context.get("extra_feed_links") or ())
    absolute = request.build_absolute_uri if request is not None else str
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        ((kind, title, absolute(path)) for kind, title, path in links),
    )

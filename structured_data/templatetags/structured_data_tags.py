"""``{% structured_data %}`` and ``{% social_meta %}``: thin tags over :mod:`structured_data.graph`.

Both read only ``request`` and ``page`` from the template context, plus, for a RoutablePage route
that shows something other than the page (an author's profile), the object the view put under
``STRUCTURED_DATA["CONTEXT_OBJECT_KEY"]`` (default ``structured_data_object``). They share one
graph per request.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from wagtail.models import Page

from structured_data.conf import get_setting
from structured_data.endpoint import JSON_LD, json_ld_url
from structured_data.graph import Graph, get_graph
from structured_data.rendering import script_element
from structured_data.visibility import is_published

register = template.Library()


def _graph_from_context(context: template.Context) -> Graph | None:
    if not get_setting("ENABLED"):
        return None
    request = context.get("request")
    page = context.get("page")
    if request is None or not isinstance(page, Page):
        return None
    if not getattr(request, "is_preview", False) and not is_published(page):
        return None  # the visibility rule: not yet live, expired or an alias (restrictions: Wagtail's serve)
    return get_graph(request, page, context.get(get_setting("CONTEXT_OBJECT_KEY")))


@register.simple_tag(takes_context=True)
def structured_data(context: template.Context) -> SafeString | str:
    """The page's JSON-LD ``<script>`` element (nothing outside a Wagtail page)."""
    graph = _graph_from_context(context)
    return script_element(graph.json_ld()) if graph is not None else ""


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def social_meta_tags(graph: Graph) -> list[tuple[str, str, str]]:
    """``(attribute, name, content)`` triples of OpenGraph and Twitter card tags, from the graph."""
    page_node = graph.page_node or {}
    entity = graph.entity or {}
    website = graph.get(page_node.get("isPartOf")) or {}
    types = _as_list(entity.get("@type"))
    is_article = any(str(t).endswith("Article") for t in types)
    title = entity.get("headline") or entity.get("name") or page_node.get("name") or ""
    description = entity.get("description") or page_node.get("description") or ""
    image = graph.get(page_node.get("primaryImageOfPage")) or graph.get(_first(entity.get("image"))) or {}
    og_type = "article" if is_article else ("profile" if page_node.get("@type") == "ProfilePage" else "website")

    tags: list[tuple[str, str, str]] = [
        ("property", "og:type", og_type),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", page_node.get("url") or ""),
        ("property", "og:site_name", website.get("name") or ""),
    ]
    if image.get("url"):
        tags += [
            ("property", "og:image", image["url"]),
            ("property", "og:image:width", str(image.get("width", ""))),
            ("property", "og:image:height", str(image.get("height", ""))),
            ("property", "og:image:alt", image.get("caption") or ""),
        ]
    if is_article:
        tags += [
            ("property", "article:published_time", entity.get("datePublished") or ""),
            ("property", "article:modified_time", entity.get("dateModified") or ""),
        ]
        for author in _as_list(entity.get("author")):
            node = graph.get(author) or {}
            tags.append(("property", "article:author", node.get("url") or ""))
        tags.append(("property", "article:section", entity.get("articleSection") or ""))
        for keyword in _as_list(entity.get("keywords")):
            tags.append(("property", "article:tag", keyword))
    tags += [
        ("name", "twitter:card", "summary_large_image" if image.get("url") else "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    if image.get("url"):
        tags.append(("name", "twitter:image", image["url"]))
    twitter_site = graph.meta.get("twitter_site")
    if twitter_site:
        tags.append(("name", "twitter:site", "@" + twitter_site.lstrip("@")))
    return [(attr, name, str(content)) for attr, name, content in tags if content not in ("", None)]


@register.simple_tag(takes_context=True)
def social_meta(context: template.Context) -> SafeString | str:
    """OpenGraph and Twitter card ``<meta>`` tags from the same graph, and the robots directive."""
    robots = get_setting("ROBOTS") if get_setting("ENABLED") else ""
    robots_tag = format_html('<meta name="robots" content="{}">', robots) if robots else ""
    graph = _graph_from_context(context)
    triples = social_meta_tags(graph) if graph else []
    if triples:
        triples = apply_social_overrides(triples, context.get("page"), context.get("request"))
    tags = format_html_join("\n", '<meta {}="{}" content="{}">', triples) if triples else ""
    return format_html("{}\n{}", robots_tag, tags)


def apply_social_overrides(triples: list[tuple[str, str, str]], page: Any, request: Any) -> list[tuple[str, str, str]]:
    """Let a page replace card values: its ``social_meta_overrides(request)`` maps tag names to content.

    Tags it names replace those drawn from the graph (in place); names the graph had no tag for
    are added at the end. Empty values are ignored. A page without the method changes nothing.
    """
    method = getattr(page, "social_meta_overrides", None)
    overrides = {name: str(value) for name, value in (method(request) if callable(method) else {}).items() if value}
    if not overrides:
        return triples
    result = [(attr, name, overrides.pop(name, content)) for attr, name, content in triples]
    for name, content in overrides.items():
        result.append(("property" if name.startswith(("og:", "article:")) else "name", name, content))
    return result


@register.simple_tag(takes_context=True)
def structured_data_link(context: template.Context) -> SafeString | str:
    """``<link rel="alternate" type="application/ld+json">`` to the page's JSON-LD (``?format=jsonld``)."""
    if getattr(context.get("request"), "is_preview", False):
        return ""
    graph = _graph_from_context(context)
    url = (graph.page_node or {}).get("url") if graph is not None else None
    if not url:
        return ""
    return format_html('<link rel="alternate" type="{}" href="{}">', JSON_LD, json_ld_url(url))

"""The topic page: ``/topics/<slug>/`` (and ``/fr/topics/<slug>/`` ...) for every tag in use."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Site

from articles.feeds import FORMATS
from articles.json_ld import with_json_ld
from articles.translations import localized_root
from pagecache.decorators import public_cache

from .listing import TopicListing, cursor_from, page_of, topic_articles
from .models import Topic


@public_cache
@with_json_ld
def topic_page(request: HttpRequest, slug: str) -> HttpResponse:
    site = Site.find_for_request(request)
    root = localized_root(site) if site is not None else None
    if root is None:
        raise Http404("No site in this language")
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such topic")
    cursor = cursor_from(request.GET.get("before"))
    if cursor is False:
        raise Http404("No such page of this topic")
    articles, more = page_of(topic_articles(root, site, tag), cursor)
    if not articles:
        raise Http404("No stories on this topic")  # a tag with no live article in this language
    path = reverse("topics:topic", args=[tag.slug])
    first_url = request.build_absolute_uri(path)
    listing = TopicListing(
        tag=tag,
        topic=Topic.for_tag(tag, root.locale_id),
        root=root,
        url=f"{first_url}?before={cursor.pk}" if cursor else first_url,
        first_url=first_url,
        articles=articles,
        older_url=f"{path}?before={articles[-1].pk}" if more else None,
        is_first=cursor is None,
    )
    feeds = [
        (kind, f"{listing.title} ({label})", reverse(f"topics:feed_{fmt}", args=[tag.slug]))
        for kind, label, fmt in FORMATS
    ]
    return TemplateResponse(
        request,
        "topics/topic_page.html",
        {
            "page": root,
            "listing": listing,
            "extra_crumbs": [{"title": listing.title, "url": first_url}],
            "canonical_url": listing.url,
            "extra_feed_links": feeds,
            "structured_data_object": listing,  # the JSON-LD describes the topic (topics/schema.py)
            "language_versions": [],  # no hreflang: the topic may have no story in another language
        },
    )

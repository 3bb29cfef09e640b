"""RSS and Atom per topic: the site feeds' items (articles/feeds.py), narrowed to one tag."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Site

from articles.feeds import ArticleFeed, FeedScope, NewsAtomFeed
from articles.models import ArticlePage
from structured_data import html_to_text

from .models import Topic


class TopicFeed(ArticleFeed):
    def scope(self, request: HttpRequest, site: Site, publisher: str, **kwargs: Any) -> FeedScope:
        if self.root is None:  # set by ArticleFeed before it asks for the scope
            raise Http404("No site in this language")
        tag = get_object_or_404(Tag, slug=kwargs["slug"])
        articles = ArticlePage.objects.descendant_of(self.root).filter(tagged_items__tag=tag)
        if not articles.visible(site=site).exists():
            raise Http404("No stories on this topic")  # as the topic page
        topic = Topic.for_tag(tag, self.root.locale_id)
        name = (topic.heading if topic else "") or tag.name
        intro = html_to_text(topic.introduction) if topic and topic.introduction else ""
        return FeedScope(
            site=site, title=f"{name} | {publisher}" if publisher else name,
            link=request.build_absolute_uri(reverse("topics:topic", args=[tag.slug])),
            description=intro or f"The latest on {name}.", articles=articles, publisher=publisher,
        )  # fmt: skip


class AtomTopicFeed(TopicFeed):
    feed_type = NewsAtomFeed

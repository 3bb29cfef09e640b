"""RSS 2.0 and Atom feeds: site-wide, per section and per author.

Items come from :func:`structured_data.visibility.visible_pages` (through
``ArticleQuerySet.visible``), in the site of the request. Each carries every byline author
(``<dc:creator>`` in RSS, one ``<author>`` each in Atom), the tags and the section as categories,
and the lead photo: as an enclosure and as ``<media:content>`` with ``<media:description>`` (the
caption) and ``<media:credit>`` (the credit), exactly as the article shows them.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from structured_data import visible_pages, xml_safe

from .models import ArticlePage, Author, SectionPage
from .renditions import LEAD_SPEC, spec_filter
from .sitemaps import publication_name
from .translations import localized_root

logger = logging.getLogger(__name__)

FEED_LENGTH = 50
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"


class _MediaMixin:
    """Authors and the lead photo with its caption and credit, for both feed formats."""

    def root_attributes(self) -> dict[str, str]:
        attrs = super().root_attributes()
        attrs["xmlns:media"] = MEDIA_NS
        return attrs

    def add_media(self, handler: Any, item: dict[str, Any]) -> None:
        media = item.get("media")
        if not media:
            return
        handler.startElement("media:content", {
            "url": media["url"], "medium": "image", "type": media["type"],
            "width": str(media["width"]), "height": str(media["height"]),
        })  # fmt: skip
        if media["caption"]:
            handler.addQuickElement("media:description", media["caption"], {"type": "plain"})
        if media["credit"]:
            handler.addQuickElement("media:credit", media["credit"])
        handler.endElement("media:content")


class NewsRssFeed(_MediaMixin, Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        attrs = super().rss_attributes()
        attrs["xmlns:media"] = MEDIA_NS
        attrs["xmlns:dc"] = DC_NS
        return attrs

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        self.add_media(handler, item)


class NewsAtomFeed(_MediaMixin, Atom1Feed):
    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        self.add_media(handler, item)


class PerRequestFeed(Feed):
    """A feed whose instance (one per URL pattern, shared by every request and thread) holds nothing
    per request: each call works on a copy of its own, which keeps the request for the methods
    Django's ``Feed`` calls without it (``item_link``, ``feed_url``...)."""

    request: HttpRequest

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)


@dataclass
class FeedScope:
    """What one feed lists: the site, a title, the HTML page it mirrors and the articles."""

    site: Site
    title: str
    link: str
    description: str
    articles: Any
    publisher: str


class ArticleFeed(PerRequestFeed):
    """The site's newest articles. Subclasses narrow :meth:`scope` to a section or an author."""

    feed_type: type[SyndicationFeed] = NewsRssFeed

    def get_feed(self, obj: FeedScope, request: HttpRequest) -> Any:
        """The feed, without characters XML cannot hold (an editor may paste a control character)."""
        feed = super().get_feed(obj, request)
        feed.feed = xml_safe(feed.feed)
        feed.items = [xml_safe(item) for item in feed.items]
        return feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedScope:
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("No site")
        self.root = localized_root(site)  # the home page in the URL's language (/fr/feeds/...)
        if self.root is None:
            raise Http404("No pages in this language")
        return self.scope(request, site, publication_name(request, site), **kwargs)

    def scope(self, request: HttpRequest, site: Site, publisher: str, **kwargs: Any) -> FeedScope:
        return FeedScope(
            site=site, title=publisher, link=self.root.get_full_url(request) or site.root_url,
            description=f"The latest from {publisher}.".replace("from .", "."),
            articles=ArticlePage.objects.descendant_of(self.root), publisher=publisher,
        )  # fmt: skip

    # Channel ----------------------------------------------------------------------------------

    def title(self, scope: FeedScope) -> str:
        return scope.title

    def link(self, scope: FeedScope) -> str:
        return scope.link

    def description(self, scope: FeedScope) -> str:
        return scope.description

    def subtitle(self, scope: FeedScope) -> str:
        return scope.description

    def author_name(self, scope: FeedScope) -> str:
        return scope.publisher  # Atom needs an author for entries without a byline

    def feed_url(self, scope: FeedScope) -> str:
        return self.request.build_absolute_uri()

    def items(self, scope: FeedScope) -> list[ArticlePage]:
        articles = scope.articles.visible().newest_first().for_listing(LEAD_SPEC)
        articles = articles.prefetch_related("tags", "corrections")  # corrections move the updated date
        return list(articles.defer_streamfields()[:FEED_LENGTH])

    # Items ------------------------------------------------------------------------------------

    def item_title(self, article: ArticlePage) -> str:
        return article.headline

    def item_description(self, article: ArticlePage) -> str:
        return article.standfirst

    def item_link(self, article: ArticlePage) -> str:
        return article.get_full_url(self.request)

    def item_pubdate(self, article: ArticlePage) -> Any:
        return article.display_date

    def item_updateddate(self, article: ArticlePage) -> Any:
        return article.modified_date or article.last_published_at or article.display_date

    def item_categories(self, article: ArticlePage) -> list[str]:
        categories = [tag.name for tag in article.tags.all()]
        if article.section_page is not None:
            categories.append(article.section_page.title)
        return categories

    def lead_media(self, article: ArticlePage) -> dict[str, Any] | None:
        """The lead photo's enclosure and ``<media:content>``, read once per article and request."""
        memo = self.request.__dict__.setdefault("_feed_lead_media", {})
        if article.pk not in memo:
            memo[article.pk] = self._lead_media(article)
        return memo[article.pk]

    def _lead_media(self, article: ArticlePage) -> dict[str, Any] | None:
        image = article.lead_image
        if image is None:
            return None
        try:
            rendition = image.get_rendition(spec_filter(LEAD_SPEC))
        except SourceImageIOError:
            logger.warning("Image file missing for image %s; left out of the feed", image.pk)
            return None
        try:
            length = str(rendition.file.size)
        except OSError:
            length = "0"
        url = self.request.build_absolute_uri(rendition.url)
        extension = rendition.file.name.rsplit(".", 1)[-1].lower()
        mime = {"jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(extension, f"image/{extension}")
        return {
            "url": url, "type": mime, "length": length, "width": rendition.width, "height": rendition.height,
            "caption": article.lead_caption, "credit": article.lead_credit,
        }  # fmt: skip

    def item_enclosures(self, article: ArticlePage) -> list[Enclosure]:
        media = self.lead_media(article)
        return [Enclosure(media["url"], media["length"], media["type"])] if media else []

    def item_extra_kwargs(self, article: ArticlePage) -> dict[str, Any]:
        return {"authors": [author.name for author in article.authors], "media": self.lead_media(article)}


class SectionFeed(ArticleFeed):
    def scope(self, request: HttpRequest, site: Site, publisher: str, **kwargs: Any) -> FeedScope:
        sections = visible_pages(SectionPage.objects.child_of(self.root), site=site)
        section = get_object_or_404(sections, slug=kwargs["slug"])
        return FeedScope(
            site=site, title=f"{section.title} | {publisher}" if publisher else section.title,
            link=section.get_full_url(request), description=section.intro or f"The latest in {section.title}.",
            articles=ArticlePage.objects.child_of(section), publisher=publisher,
        )  # fmt: skip


class AuthorFeed(ArticleFeed):
    def scope(self, request: HttpRequest, site: Site, publisher: str, **kwargs: Any) -> FeedScope:
        author = get_object_or_404(Author, slug=kwargs["slug"])
        link = author.get_full_url(request)
        if not link:
            raise Http404("No authors index")
        return FeedScope(
            site=site, title=f"{author.name} | {publisher}" if publisher else author.name, link=link,
            description=author.short_bio or f"The latest by {author.name}.",
            articles=ArticlePage.objects.descendant_of(self.root).filter(article_authors__author=author),
            publisher=publisher,
        )  # fmt: skip


class AtomArticleFeed(ArticleFeed):
    feed_type = NewsAtomFeed


class AtomSectionFeed(SectionFeed):
    feed_type = NewsAtomFeed


class AtomAuthorFeed(AuthorFeed):
    feed_type = NewsAtomFeed


def feed_links(section: SectionPage | None = None, author: Author | None = None) -> list[tuple[str, str, str]]:
    """``(type, title, path)`` of the feeds a page advertises with ``<link rel="alternate">``."""
    links = [(kind, label, reverse(f"articles:feed_{fmt}")) for kind, label, fmt in FORMATS]
    if section is not None:
        links += [
            (kind, f"{section.title} ({label})", reverse(f"articles:section_feed_{fmt}", args=[section.slug]))
            for kind, label, fmt in FORMATS
        ]
    if author is not None:
        links += [
            (kind, f"{author.name} ({label})", reverse(f"articles:author_feed_{fmt}", args=[author.slug]))
            for kind, label, fmt in FORMATS
        ]
    return links


FORMATS = (("application/rss+xml", "RSS", "rss"), ("application/atom+xml", "Atom", "atom"))


class CorrectionsFeed(PerRequestFeed):
    """The site's corrections and clarifications, newest first (the corrections page as RSS)."""

    feed_type = Rss201rev2Feed

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        feed.feed = xml_safe(feed.feed)
        feed.items = [xml_safe(item) for item in feed.items]
        return feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        from .models import CorrectionsPage

        site = Site.find_for_request(request)
        if site is None:
            raise Http404("No site")
        page = visible_pages(CorrectionsPage.objects.all(), site=site).order_by("path").first()
        if page is None:
            raise Http404("No corrections page")
        self.publisher = publication_name(request, site)
        return SimpleScope(site=site, page=page, publisher=self.publisher)

    def title(self, scope: Any) -> str:
        return f"Corrections and clarifications: {scope.publisher}".rstrip(": ")

    def author_name(self, scope: Any) -> str:
        return scope.publisher

    def item_author_name(self, correction: Any) -> str:
        """A correction is the newsroom's, not the article's byline: the publisher signs it (``<dc:creator>``)."""
        return self.publisher or "Newsroom"

    def link(self, scope: Any) -> str:
        return scope.page.get_full_url(self.request)

    def description(self, scope: Any) -> str:
        return scope.page.intro or f"Every correction and clarification published by {scope.publisher}."

    def feed_url(self, scope: Any) -> str:
        return self.request.build_absolute_uri()

    def items(self, scope: Any) -> list[Any]:
        return list(scope.page.corrections(scope.site)[:FEED_LENGTH])

    def item_title(self, correction: Any) -> str:
        return f"{correction.get_kind_display()}: {correction.page.title}"

    def item_description(self, correction: Any) -> str:
        return correction.text

    def item_link(self, correction: Any) -> str:
        return f"{correction.page.get_full_url(self.request)}#{correction.anchor}"

    def item_guid(self, correction: Any) -> str:
        return self.item_link(correction)

    def item_pubdate(self, correction: Any) -> Any:
        return correction.date


@dataclass
class SimpleScope:
    site: Site
    page: Any
    publisher: str

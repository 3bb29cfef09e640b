"""A topic page in the schema.org graph: a CollectionPage ``about`` the topic, its articles an ItemList.

Built from what the view loaded (the page's articles, the topic and its image): no query.
"""

from __future__ import annotations

from typing import Any

from articles.schema import ListingSchema
from structured_data import PAGE_PROPERTIES, get_setting, html_to_text, register

from .listing import TopicListing


@register(TopicListing)
class TopicSchema(ListingSchema):
    page_properties = (*PAGE_PROPERTIES, "about")

    def name(self, listing: TopicListing) -> str:
        return listing.title

    def description(self, listing: TopicListing) -> str:
        return html_to_text(listing.introduction) or f"Stories about {listing.title}, newest first."

    def about(self, listing: TopicListing) -> dict[str, Any]:
        """The subject the page collects stories on: the tag, as a term of the site's own vocabulary."""
        return {"@type": "Thing", "name": listing.title}

    def image(self, listing: TopicListing) -> Any:
        image = listing.image
        if image is None:
            return None
        crops = get_setting("IMAGE_CROPS")
        spec = next(iter(crops.values()))
        return self.builder.image_object(
            image, spec, node_id=f"{listing.first_url}#image", caption=image.caption, credit=image.credit
        )

    def dateModified(self, listing: TopicListing) -> Any:
        changes = [article.last_published_at for article in listing.articles if article.last_published_at]
        if listing.topic is not None:
            changes.append(listing.topic.updated_at)
        return max(changes, default=None)

    def datePublished(self, listing: TopicListing) -> Any:
        return None

    def listed_items(self, listing: TopicListing) -> list[tuple[str, str | None]]:
        return self.article_items(listing.articles)

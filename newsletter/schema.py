"""The archive page of a sent edition in the structured_data graph: a CollectionPage of the day's
articles (discovered by structured_data's ``autodiscover_modules("schema")``)."""

from __future__ import annotations

from typing import Any

from structured_data import Schema, register

from .models import Edition


@register(Edition)
class EditionSchema(Schema):
    """The page is the node (no entity of its own): ``mainEntity`` is an ItemList whose items refer to
    our articles' own nodes (built by their schemas) and name other outlets' stories by URL.

    The view hands the digest it renders as ``edition.archive_digest``, so the graph lists exactly
    what the page shows (visible pages only, by the same rule as the email).
    """

    schema_type = None
    page_type = "CollectionPage"
    page_properties = ("url", "name", "description", "isPartOf", "datePublished", "inLanguage", "mainEntity")
    properties = ()
    store = False  # built per request from the live visibility rule

    def object_url(self, edition: Edition) -> str | None:
        """The archive page's public URL (set by the view): ``@id`` and ``url`` start from it."""
        return getattr(edition, "archive_url", None)

    def name(self, edition: Edition) -> str:
        return f"{edition.newsletter.name}, {edition.date:%B} {edition.date.day}, {edition.date:%Y}"

    def description(self, edition: Edition) -> str:
        return edition.intro or edition.newsletter.description

    def datePublished(self, edition: Edition) -> Any:
        return edition.rendered_at

    def mainEntity(self, edition: Edition) -> Any:
        digest = getattr(edition, "archive_digest", None)
        if digest is None:
            return None
        pages = getattr(edition, "archive_pages", {})
        stories = [*([digest.top_story] if digest.top_story else []), *digest.stories, *digest.elsewhere]
        items = []
        for story in stories:
            page = pages.get(story.page_id)
            reference = self.builder.ref(page) if page is not None else None
            item = {"url": story.url, "name": story.title}
            if reference:
                item["item"] = reference
            items.append(item)
        return self.item_list(items)

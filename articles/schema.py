"""How the newsroom's pages, authors and photos appear in the schema.org graph.

Discovered by ``structured_data`` at start-up. Every value is read from objects the page has
already loaded (``ArticlePage.prefetch_for_display`` prefetches the renditions used here), so
building the graph of an article or a profile page adds no database query.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.html import format_html
from wagtail.images.models import SourceImageIOError
from wagtail.rich_text import expand_db_html

from structured_data import (
    PAGE_PROPERTIES,
    ImageSchema,
    PageSchema,
    Schema,
    get_setting,
    html_to_text,
    prefetch_stream_fields,
    register,
    word_count,
)

from .archives import DateArchive
from .conf import live_blog_setting
from .models import (
    ArticlePage,
    ArticleTag,
    ArticleType,
    Author,
    AuthorIndexPage,
    CorrectionsPage,
    HomePage,
    LiveBlogPage,
    NewsImage,
    SectionPage,
)
from .models.articles import byline_prefetch
from .models.images import images_with_renditions
from .models.paywall import FREE_PART_ONLY, GATED_SELECTOR
from .renditions import BODY_SCHEMA_SPEC, LEAD_SCHEMA_SPECS, PORTRAIT_SPEC
from .translations import LanguageVersion, default_language, language_versions, prefetch_language_versions
from .video import video_node

_TAG = re.compile(r"<[^>]*>")

#: The schema.org type of each kind of article the editor can choose.
ARTICLE_TYPES: dict[str, str] = {
    ArticleType.NEWS: "NewsArticle",
    ArticleType.ANALYSIS: "AnalysisNewsArticle",
    ArticleType.OPINION: "OpinionNewsArticle",
    ArticleType.REVIEW: "ReviewNewsArticle",
    ArticleType.BACKGROUND: "BackgroundNewsArticle",
    ArticleType.REPORTAGE: "ReportageNewsArticle",
}


@register(NewsImage)
class NewsImageSchema(ImageSchema):
    """Photos carry their licensing metadata; caption and credit default to the image's own."""

    properties = ("creator", "copyrightNotice", "license", "acquireLicensePage")

    def caption(self, image: NewsImage) -> str:
        return image.caption

    def creditText(self, image: NewsImage) -> str:
        return image.credit

    def creator(self, image: NewsImage) -> dict[str, str] | None:
        return {"@type": "Person", "name": image.creator} if image.creator else None

    def copyrightNotice(self, image: NewsImage) -> str:
        return image.copyright_notice

    def license(self, image: NewsImage) -> str:
        return image.license_url

    def acquireLicensePage(self, image: NewsImage) -> str:
        return image.acquire_license_url


@register(Author)
class PersonSchema(Schema):
    """An author: ``{profile_url}#person`` on every article and on the profile page (a ProfilePage)."""

    schema_types = ("Person", "Organization")
    id_fragment = "person"
    properties = ("name", "url", "image", "description", "jobTitle", "worksFor", "sameAs", "email")
    page_type = "ProfilePage"
    page_properties = (
        "url", "name", "description", "isPartOf", "breadcrumb", "primaryImageOfPage", "dateCreated", "dateModified",
        "inLanguage", "mainEntity",
    )  # fmt: skip

    def cache_version(self, author: Author) -> str:
        # Saving an author (the snippet form saves its profile links with it) moves updated_at;
        # the portrait and the profile URL are images and pages, which forget every cached node.
        return author.updated_at.isoformat()

    def url(self, author: Author) -> str | None:
        # The profile URL comes from whichever authors index is visible on the site.
        self.builder.depends_on(AuthorIndexPage)
        return super().url(author)

    def schema_type(self, author: Author) -> str:
        return "Organization" if author.is_organisation else "Person"  # agency and staff bylines

    def name(self, author: Author) -> str:
        return author.name

    def image(self, author: Author) -> Any:
        if not author.photo_id or author.photo is None:
            return None
        return self.builder.image_object(
            author.photo, PORTRAIT_SPEC, node_id=f"{self.get_id(author)}-image", caption=author.name, min_pixels=0
        )

    def description(self, author: Author) -> str:
        return html_to_text(author.bio) or author.short_bio

    def jobTitle(self, author: Author) -> str:
        return "" if author.is_organisation else author.job_title

    def worksFor(self, author: Author) -> Any:
        if author.is_organisation:
            return None
        if author.organisation:  # a contributor from an agency or another outlet
            return {"@type": "Organization", "name": author.organisation}
        return self.builder.publisher_ref

    def sameAs(self, author: Author) -> list[str]:
        return [link.url for link in author.web_profile_links]  # http(s) only, as on the profile page

    def email(self, author: Author) -> str:
        return author.email

    def dateCreated(self, author: Author) -> Any:
        return author.created_at

    def dateModified(self, author: Author) -> Any:
        return max(author.updated_at, author.created_at) if author.updated_at else author.created_at


@register(ArticlePage)
class ArticleSchema(PageSchema):
    """A NewsArticle (or the editor's subtype) that says what the page shows."""

    id_fragment = "article"
    properties = (
        "headline", "alternativeHeadline", "description", "url", "image", "thumbnailUrl", "datePublished",
        "dateModified", "author", "publisher", "mainEntityOfPage", "articleSection", "keywords", "wordCount",
        "inLanguage", "dateline", "isAccessibleForFree", "copyrightHolder", "copyrightYear", "isBasedOn",
        "hasPart", "correction", "video", "workTranslation", "translationOfWork",
    )  # fmt: skip
    schema_types = tuple(ARTICLE_TYPES.values())
    # Every object read below reaches the builder (refs, image_object, depends_on): stored without the
    # plugin's read check (structured_data/reads.py), as before it existed.
    store = True

    @classmethod
    def prefetch(cls, pages: Sequence[ArticlePage]) -> None:
        """What the graph reads, for a batch of articles at once (the bulk export's batches)."""
        prefetch_related_objects(
            list(pages),
            "section_page",
            # The through rows with their tags: one query, without building a tag manager per page.
            Prefetch("tagged_items", queryset=ArticleTag.objects.select_related("tag")),
            Prefetch("lead_image", queryset=images_with_renditions(*LEAD_SCHEMA_SPECS)),
            byline_prefetch(),
            "corrections",
        )
        prefetch_stream_fields(pages, "body")  # body photos and their renditions, for the whole batch
        prefetch_language_versions(list(pages))  # translations: one query for the batch

    @classmethod
    def prefetch_body(cls, pages: Sequence[ArticlePage]) -> None:
        """What ``body_html`` reads (the body's photos and their renditions), for the news formats' export."""
        prefetch_stream_fields(pages, "body")

    def schema_type(self, page: ArticlePage) -> str:
        return ARTICLE_TYPES.get(page.article_type, "NewsArticle")

    def headline(self, page: ArticlePage) -> str:
        return page.headline  # the <h1>

    def name(self, page: ArticlePage) -> str:
        return page.headline

    def alternativeHeadline(self, page: ArticlePage) -> str:
        return page.standfirst

    def description(self, page: ArticlePage) -> str:
        return page.standfirst

    def image(self, page: ArticlePage) -> list[dict[str, str]]:
        """The lead photo's crops (16:9, 4:3, 1:1), then the body's photos, as the reader sees them."""
        return self.memo("image", page, lambda: [*self.lead_images(page), *self.body_images(page)])

    def lead_images(self, page: ArticlePage) -> list[dict[str, str]]:
        if not page.lead_image_id or page.lead_image is None:
            return []
        base = self.url(page) or self.builder.page_url
        refs = []
        for label, spec in get_setting("IMAGE_CROPS").items():
            ref = self.builder.image_object(
                page.lead_image, spec, node_id=f"{base}#image-{label}", caption=page.lead_caption,
                credit=page.lead_credit,
            )  # fmt: skip
            if ref:
                refs.append(ref)
        return refs

    def body_images(self, page: ArticlePage) -> list[dict[str, str]]:
        base = self.url(page) or self.builder.page_url
        refs = []
        for block in page.body:
            if block.block_type != "image" or not block.value.get("image"):
                continue
            ref = self.builder.image_object(
                block.value["image"], BODY_SCHEMA_SPEC, node_id=f"{base}#image-{block.id}",
                caption=block.value.image_caption, credit=block.value.image_credit,
            )  # fmt: skip
            if ref:
                refs.append(ref)
        return refs

    def datePublished(self, page: ArticlePage) -> Any:
        return page.display_date  # what the page shows as "Published"

    def dateModified(self, page: ArticlePage) -> Any:
        return page.modified_date or page.display_date

    def author(self, page: ArticlePage) -> list[Author]:
        return page.authors  # in byline order; each becomes a reference to its Person node

    def articleSection(self, page: ArticlePage) -> str | None:
        if not page.section_page_id or not page.section_page:
            return None
        self.builder.depends_on(page.section_page)
        return page.section_page.title

    def keywords(self, page: ArticlePage) -> list[str]:
        # Sorted: neither query orders the tags, and PostgreSQL returned them in different orders, so a
        # stored graph could differ from a fresh build.
        batch = getattr(page, "_prefetched_objects_cache", {}).get("tagged_items")
        if batch is not None:  # loaded by prefetch() for a batch of pages
            return sorted(item.tag.name for item in batch)
        return sorted(tag.name for tag in page.tags.all())

    def wordCount(self, page: ArticlePage) -> int | None:
        words = 0
        for block in page.body:
            if block.block_type == "paragraph":
                words += word_count(_TAG.sub(" ", block.value.source))  # entities count as (part of) words
            elif block.block_type == "heading":
                words += word_count(block.value["text"])
            elif block.block_type == "quote":
                words += word_count(block.value["quote"])
        return words or None

    def inLanguage(self, page: ArticlePage) -> str:
        return page.language

    def dateline(self, page: ArticlePage) -> str:
        return page.dateline

    # Translations (articles/translations.py): visible versions only, as small nodes naming the
    # other page's article (its full node is on that page).

    def language_versions(self, page: ArticlePage) -> list[LanguageVersion]:
        def compute() -> list[LanguageVersion]:
            versions = language_versions(page, self.request) if page.pk else []
            for version in versions:
                self.builder.depends_on(version.page)  # unpublished, moved or retitled: rebuild
            return versions

        return self.memo("language_versions", page, compute)

    def _version_node(self, version: LanguageVersion) -> dict[str, Any]:
        return {
            "@type": "CreativeWork",
            "@id": f"{version.url}#{self.id_fragment_for(version.page)}",
            "url": version.url,
            "name": version.page.title,
            "inLanguage": version.language_code,
        }

    def id_fragment_for(self, page: Any) -> str:
        return "liveblog" if page.specific_class is LiveBlogPage else "article"

    def workTranslation(self, page: ArticlePage) -> list[dict[str, Any]]:
        """On the original (the default language's version): its visible translations."""
        versions = self.language_versions(page)
        current = next((v for v in versions if v.page.pk == page.pk), None)
        if current is None or current.language_code != default_language():
            return []
        return [self._version_node(v) for v in versions if v.page.pk != page.pk]

    def translationOfWork(self, page: ArticlePage) -> dict[str, Any] | None:
        """On a translation: the original, if it is still there and visible."""
        versions = self.language_versions(page)
        default = default_language()
        original = next((v for v in versions if v.language_code == default and v.page.pk != page.pk), None)
        return self._version_node(original) if original else None

    def copyrightHolder(self, page: ArticlePage) -> Any:
        return self.builder.publisher_ref

    def copyrightYear(self, page: ArticlePage) -> int:
        return timezone.localtime(page.display_date).year

    def isBasedOn(self, page: ArticlePage) -> Any:
        """An imported story names the original it is based on, and who published it."""
        original = page.canonical_url or page.source_url
        if not original:
            return None
        node: dict[str, Any] = {"@type": "NewsArticle", "url": original}
        if page.source_publisher:
            node["publisher"] = {"@type": "Organization", "name": page.source_publisher}
        return node

    def isAccessibleForFree(self, page: ArticlePage) -> bool:
        return not page.is_gated

    def hasPart(self, page: ArticlePage) -> dict[str, Any] | None:
        """The gated part of a subscriber-only or metered article, as Google's paywall guidance asks."""
        if not page.is_gated:
            return None
        return {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": GATED_SELECTOR}

    def correction(self, page: ArticlePage) -> list[dict[str, Any]]:
        """The corrections log, oldest first: ``datePublished`` of each is when it was made."""
        return [
            {"@type": "CorrectionComment", "text": f"{c.get_kind_display()}: {c.text}", "datePublished": c.date}
            for c in page.corrections_in_order
        ]

    def body_html(self, page: ArticlePage) -> str:
        """The body partners receive (ninjs, NewsML-G2): text, headings, quotes, captioned photos, tables.

        Written here rather than with the site's block templates: no sign-up forms, players or
        site CSS classes, and the photos are the renditions the graph names. A request marked
        ``FREE_PART_ONLY`` gets the blocks before the wall only.
        """
        blocks = page.body_parts()[0] if getattr(self.builder.request, FREE_PART_ONLY, False) else page.body
        parts = []
        for block in blocks:
            kind, value = block.block_type, block.value
            if kind == "paragraph":
                parts.append(expand_db_html(value.source))  # what str(value) gives, without its template
            elif kind == "nosnippet":
                parts.append(expand_db_html(value["text"].source))
            elif kind == "heading":
                level = "h3" if value["level"] == "h3" else "h2"
                parts.append(format_html("<{}>{}</{}>", level, value["text"], level))
            elif kind == "quote":
                attribution = format_html("<footer>{}</footer>", value["attribution"]) if value["attribution"] else ""
                parts.append(format_html("<blockquote><p>{}</p>{}</blockquote>", value["quote"], attribution))
            elif kind == "image" and value.get("image"):
                parts.append(self._figure_html(value))
            elif kind == "table":
                parts.append(block.render())  # Wagtail's own <table>: caption, th scope="col", no classes
        return "".join(parts)

    def _figure_html(self, value: Any) -> str:
        try:
            rendition = self.builder.rendition(value["image"], BODY_SCHEMA_SPEC)
        except SourceImageIOError:
            return ""
        caption = " ".join(
            part for part in (value.image_caption, f"({value.image_credit})" if value.image_credit else "") if part
        )
        figcaption = format_html("<figcaption>{}</figcaption>", caption) if caption else ""
        return format_html(
            '<figure><img src="{}" width="{}" height="{}" alt="{}">{}</figure>',
            self.builder.rendition_url(rendition), rendition.width, rendition.height,
            value.get("alt_text") or value.image_caption, figcaption,
        )  # fmt: skip

    def video(self, page: ArticlePage) -> list[dict[str, str]]:
        """A VideoObject node for each video of the body (a Video block or an embedded video)."""
        base = self.url(page) or self.builder.page_url
        refs = []
        for block in page.body:
            node = video_node(block, f"{base}#video-{block.id}", self.builder)
            ref = self.builder.add(node) if node else None
            if ref:
                refs.append(ref)
        return refs


class ListingSchema(PageSchema):
    """A listing page: a CollectionPage whose mainEntity is an ItemList of what it lists."""

    page_type = "CollectionPage"
    page_properties = PAGE_PROPERTIES
    store = False  # the list depends on other pages' visibility and on the time

    def description(self, page: Any) -> str:
        return page.search_description or getattr(page, "intro", "")

    def listed_items(self, page: Any) -> list[tuple[str, str | None]]:
        """``(name, url)`` of what the page lists, live and public only."""
        return []

    def mainEntity(self, page: Any) -> Any:
        return self.item_list([{"name": name, "url": url} for name, url in self.listed_items(page)])

    def article_items(self, articles: Any) -> list[tuple[str, str | None]]:
        """``(title, url)`` of ``articles`` (query them with ``defer_streamfields()``: bodies are not read)."""
        return [(article.title, self.builder.full_url(article)) for article in articles]


@register(SectionPage)
class SectionSchema(ListingSchema):
    def listed_items(self, page: SectionPage) -> list[tuple[str, str | None]]:
        limit = get_setting("ITEM_LIST_LENGTH")
        articles = ArticlePage.objects.child_of(page).visible().newest_first().defer_streamfields()
        return self.article_items(articles[:limit])


@register(HomePage)
class HomeSchema(ListingSchema):
    def listed_items(self, page: HomePage) -> list[tuple[str, str | None]]:
        limit = get_setting("ITEM_LIST_LENGTH")
        visible = page.latest_articles().defer_streamfields()  # visible descendants, newest first
        articles = list(visible[:limit])
        if page.top_story_id and all(article.pk != page.top_story_id for article in articles):
            top = visible.filter(pk=page.top_story_id).first()
            articles = [top, *articles[: limit - 1]] if top else articles
        else:
            articles.sort(key=lambda article: article.pk != page.top_story_id)  # the top story leads
        return self.article_items(articles)


@register(AuthorIndexPage)
class AuthorIndexSchema(ListingSchema):
    """The authors index (its author-profile route is described by :class:`PersonSchema`)."""

    def listed_items(self, page: AuthorIndexPage) -> list[tuple[str, str | None]]:
        authors = Author.objects.order_by("name").only("name", "slug")[: get_setting("ITEM_LIST_LENGTH")]
        return [(author.name, page.url_for_author(author, request=self.request, full=True)) for author in authors]


@register(CorrectionsPage)
class CorrectionsSchema(ListingSchema):
    """The corrections page: a CollectionPage of the articles most recently corrected."""

    def listed_items(self, page: CorrectionsPage) -> list[tuple[str, str | None]]:
        limit = get_setting("ITEM_LIST_LENGTH")
        seen: dict[int, ArticlePage] = {}
        for correction in page.corrections(self.builder.site)[: limit * 3]:
            seen.setdefault(correction.page_id, correction.page)
        return self.article_items(list(seen.values())[:limit])


@register(DateArchive)
class DateArchiveSchema(ListingSchema):
    """A day, month or year of the archive (articles/archives.py): what it lists is already loaded."""

    def name(self, archive: DateArchive) -> str:
        return archive.title

    def description(self, archive: DateArchive) -> str:
        return archive.description

    def listed_items(self, archive: DateArchive) -> list[tuple[str, str | None]]:
        return archive.items[: get_setting("ITEM_LIST_LENGTH")] if archive.period.kind == "day" else archive.items

    def breadcrumb_trail(self, archive: DateArchive) -> list[tuple[str, str | None]]:
        """The home page, then the wider periods (the year, the month), then this one."""
        trail = super().breadcrumb_trail(archive)
        return [*trail[:-1], *archive.crumbs, trail[-1]] if trail else trail


@register(LiveBlogPage)
class LiveBlogSchema(ArticleSchema):
    """A LiveBlogPosting: the article's properties, the coverage times and the most recent updates.

    ``liveBlogUpdate`` holds the newest ``LIVE_BLOG["UPDATES_IN_STRUCTURED_DATA"]`` updates as
    BlogPostings (one query for the updates, their photos and authors, whatever N is).
    """

    id_fragment = "liveblog"
    # dateline belongs to NewsArticle only: the page shows it, the LiveBlogPosting leaves it out.
    properties = (
        *(name for name in ArticleSchema.properties if name != "dateline"),
        "coverageStartTime", "coverageEndTime", "liveBlogUpdate",
    )  # fmt: skip
    schema_types = ("LiveBlogPosting",)
    schema_type = "LiveBlogPosting"

    def coverageStartTime(self, page: LiveBlogPage) -> Any:
        return page.coverage_start

    def coverageEndTime(self, page: LiveBlogPage) -> Any:
        return page.coverage_end

    def liveBlogUpdate(self, page: LiveBlogPage) -> list[dict[str, Any]]:
        base = self.url(page) or self.builder.page_url
        postings = []
        for update in page.recent_updates(live_blog_setting("UPDATES_IN_STRUCTURED_DATA")):
            node_id = f"{base}#update-{update.pk}"
            posting: dict[str, Any] = {
                "@type": "BlogPosting",
                "@id": node_id,
                "url": node_id,
                "headline": update.headline or truncate_words(update.text, 12),
                "datePublished": update.published_at,
                "articleBody": update.text,
            }
            authors = [self.builder.ref(author) for author in update.authors.all()]
            if authors:
                posting["author"] = authors
            if update.image_id and update.image is not None:
                image = self.builder.image_object(
                    update.image, BODY_SCHEMA_SPEC, node_id=f"{node_id}-image",
                    caption=update.caption, credit=update.credit,
                )  # fmt: skip
                if image:
                    posting["image"] = image
            postings.append(posting)
        return postings


def truncate_words(text: str, count: int) -> str:
    """The first ``count`` words of ``text`` (and an ellipsis if it goes on): a headline for an update without one."""
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")

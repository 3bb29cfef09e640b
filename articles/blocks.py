"""StreamField blocks for article bodies."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from newsletter.blocks import NewsletterSignupBlock

from .headings import fitted_levels, level_number, stream_heading_levels
from .renditions import body_specs
from .video import VideoBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript", "strikethrough"]


#: Images already loaded with their renditions (id -> image), while a page reads its body: see
#: :func:`images_loaded`.
_loaded_images: ContextVar[dict | None] = ContextVar("loaded_images", default=None)


@contextmanager
def images_loaded(images: dict) -> Iterator[None]:
    """Inside this block, the body's image choosers take these images instead of querying them.

    An article loads its lead photo, portraits and body photos in one query (``prefetch_for_display``)
    and reads its body inside this block; the images never outlive it.
    """
    token = _loaded_images.set(images)
    try:
        yield
    finally:
        _loaded_images.reset(token)


class PrefetchingImageChooserBlock(ImageChooserBlock):
    """An image chooser that loads every image of a body, and its renditions, in two queries (or none)."""

    def __init__(self, *args, rendition_specs=None, **kwargs):
        self.rendition_specs = tuple(rendition_specs) if rendition_specs is not None else None
        super().__init__(*args, **kwargs)

    def bulk_to_python(self, values):
        objects = dict(_loaded_images.get() or {})
        missing = [value for value in values if value is not None and value not in objects]
        if missing:
            specs = self.rendition_specs if self.rendition_specs is not None else body_specs()
            objects.update(self.model_class.objects.prefetch_renditions(*specs).in_bulk(missing))
        return [objects.get(value) for value in values]

    def deconstruct(self):
        # Migrations record it as a plain ImageChooserBlock: prefetching changes no data.
        _path, args, kwargs = super().deconstruct()
        kwargs.pop("rendition_specs", None)
        return "wagtail.images.blocks.ImageChooserBlock", args, kwargs


class CaptionedImageValue(blocks.StructValue):
    """Caption and credit as the reader sees them: the block's own, else the image's."""

    @cached_property
    def image_caption(self) -> str:
        image = self.get("image")
        return self.get("caption") or (image.caption if image else "")

    @cached_property
    def image_credit(self) -> str:
        image = self.get("image")
        return self.get("credit") or (image.credit if image else "")


class CaptionedImageBlock(blocks.StructBlock):
    image = PrefetchingImageChooserBlock()
    caption = blocks.TextBlock(required=False, help_text="Leave blank to use the image's own caption.")
    credit = blocks.CharBlock(required=False, max_length=255, help_text="Leave blank to use the image's own credit.")
    alt_text = blocks.CharBlock(
        required=False, max_length=255, help_text="Describe the photo for screen readers; defaults to the caption."
    )

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        value_class = CaptionedImageValue
        label = "Captioned photo"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = "Pull quote"


class HeadingBlock(blocks.StructBlock):
    """A heading in the body: ``h2`` or ``h3``, the levels that fit under the page's ``h1`` title.

    Rendered at the level that fits where it stands (``articles.headings``): a subheading before any
    heading is shown as a heading, so the outline never skips a level.
    """

    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Heading"), ("h3", "Subheading")],
        default="h2",
        help_text="A subheading belongs under a heading; one placed before any heading is shown as a heading.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["level"] = shown_level(value, (parent_context or {}).get("page"), (parent_context or {}).get("block"))
        return context


def shown_level(value, page, bound_block) -> str:
    """The level a heading is shown at in ``page``'s body (worked out once per page), else its own."""
    own = value.get("level") or "h2"
    body = getattr(page, "body", None)
    block_id = getattr(bound_block, "id", None)
    if body is None or block_id is None or not hasattr(body, "raw_data"):
        return fitted_own(own)
    levels = page.__dict__.get("_shown_heading_levels")
    if levels is None:
        levels = page.__dict__["_shown_heading_levels"] = stream_heading_levels(list(body.raw_data))
    return levels.get(block_id) or fitted_own(own)


def fitted_own(level: str) -> str:
    return f"h{fitted_levels([level_number(level)])[0]}"


class NoSnippetBlock(blocks.StructBlock):
    """Text readers see but search engines never quote in a result's snippet (``data-nosnippet``)."""

    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "view"
        template = "blocks/nosnippet_block.html"
        label = "Kept out of search snippets"


class TableBlock(TypedTableBlock):
    """A data table (results, figures, schedules): typed columns, an optional caption."""

    text = blocks.CharBlock(required=False, max_length=2000, label="Text")
    number = blocks.DecimalBlock(required=False, label="Number")

    class Meta:
        icon = "table"
        label = "Table"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    heading = HeadingBlock()
    embed = EmbedBlock(icon="media", template="blocks/embed_block.html")
    newsletter_signup = NewsletterSignupBlock()
    video = VideoBlock()
    nosnippet = NoSnippetBlock()
    table = TableBlock()

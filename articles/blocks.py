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

from .renditions import BODY_SPECS
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

    def __init__(self, *args, rendition_specs=BODY_SPECS, **kwargs):
        self.rendition_specs = tuple(rendition_specs)
        super().__init__(*args, **kwargs)

    def bulk_to_python(self, values):
        objects = dict(_loaded_images.get() or {})
        missing = [value for value in values if value is not None and value not in objects]
        if missing:
            objects.update(self.model_class.objects.prefetch_renditions(*self.rendition_specs).in_bulk(missing))
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
    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading"), ("h3", "Subheading")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


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

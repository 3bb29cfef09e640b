"""The article's images: present, large enough, in Google's aspect ratios, declared at the size served.

All warnings: Google's Article documentation recommends images and gives sizes and ratios "for best
results"; a declared size that differs from the file is a consistency hint. The files are read only
when the caller gives an image fetcher (the command does, with a per-host limit and a time budget).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, as_list, dimension, is_ref, path_of
from ..issues import Issue
from ..registry import Rule, register
from . import sources

IMAGE_MISSING = Rule(
    "image-missing",
    "warning",
    sources.GOOGLE_ARTICLE_PROPERTIES,
    "image is a recommended Article property; articles show with one.",
)
IMAGE_SIZE_MISSING = Rule(
    "image-size-missing",
    "warning",
    sources.GOOGLE_ARTICLE_PROPERTIES,
    "Without width and height the size cannot be judged before fetching.",
)
IMAGE_UNREADABLE = Rule(
    "image-unreadable",
    "warning",
    sources.GOOGLE_ARTICLE_PROPERTIES,
    "Image URLs must be crawlable; this one could not be read.",
)
IMAGE_SIZE_MISMATCH = Rule(
    "image-size-mismatch",
    "warning",
    sources.GOOGLE_GENERAL,
    "The declared width or height is not the size of the file served.",
)
IMAGE_TOO_SMALL = Rule(
    "image-too-small",
    "warning",
    sources.GOOGLE_ARTICLE_PROPERTIES,
    "Google asks for at least 50,000 pixels (width x height) for best results.",
)
IMAGE_RATIOS = Rule(
    "image-ratios", "warning", sources.GOOGLE_ARTICLE_PROPERTIES, "Google recommends the image in 16:9, 4:3 and 1:1."
)

#: Google's minimum image size, in pixels (width x height).
MIN_IMAGE_PIXELS = 50_000
#: The aspect ratios Google asks for, as (label, width / height).
ASPECT_RATIOS = (("16:9", 16 / 9), ("4:3", 4 / 3), ("1:1", 1.0))
_RATIO_TOLERANCE = 0.01


@register(IMAGE_MISSING, IMAGE_SIZE_MISSING, IMAGE_UNREADABLE, IMAGE_SIZE_MISMATCH, IMAGE_TOO_SMALL, IMAGE_RATIOS)
def article_images(doc: Document) -> Iterator[Issue]:
    for label, node in doc.articles:
        raw = node.get("image")
        images = as_list(raw)
        if not images:
            yield IMAGE_MISSING.issue(
                "The article has no image.",
                f"{label}.image",
                "Google shows articles with images: add one in 16:9, 4:3 and 1:1, each at least 50,000 pixels.",
            )
            continue
        ratios: set[str] = set()
        sized = False
        for index, item in enumerate(images):
            path = path_of(label, "image", raw, index)
            image = doc.resolve(item)
            url: str | None
            if isinstance(image, str):
                url, declared = image, None
            elif isinstance(image, dict) and not is_ref(image):
                url = image.get("contentUrl") or image.get("url")
                url = url[0] if isinstance(url, list) and url else url
                url = url if isinstance(url, str) else None
                width, height = dimension(image.get("width")), dimension(image.get("height"))
                declared = (width, height) if width and height else None
                if declared is None:
                    yield IMAGE_SIZE_MISSING.issue(
                        "The image does not declare its width and height.",
                        path,
                        "Give the ImageObject width and height in pixels.",
                    )
            else:
                continue
            actual, error = doc.image_size(url) if url else (None, None)
            if error is not None:
                yield IMAGE_UNREADABLE.issue(f"The image {url} could not be read: {error}", path)
            if actual and declared:
                for axis, said, true in (("width", declared[0], actual[0]), ("height", declared[1], actual[1])):
                    if round(said) != true:
                        yield IMAGE_SIZE_MISMATCH.issue(
                            f"The image declares {axis} {round(said)} but the file at {url} is {true} pixels.",
                            f"{path}.{axis}",
                            "Declare the size of the file actually served.",
                        )
            size = actual or declared
            if size is None:
                continue
            width, height = size
            sized = True
            if width * height < MIN_IMAGE_PIXELS:
                yield IMAGE_TOO_SMALL.issue(
                    f"The image is {round(width)}x{round(height)} = {round(width * height):,} pixels; "
                    f"Google needs at least {MIN_IMAGE_PIXELS:,}.",
                    path,
                    "Use a larger rendition.",
                )
            if height:
                for ratio_label, ratio in ASPECT_RATIOS:
                    if abs(width / height - ratio) / ratio <= _RATIO_TOLERANCE:
                        ratios.add(ratio_label)
        missing = [ratio_label for ratio_label, _ratio in ASPECT_RATIOS if ratio_label not in ratios]
        if missing and sized:  # sizes unknown (bare URLs, nothing fetched): nothing to say
            yield IMAGE_RATIOS.issue(
                f"No article image in {', '.join(missing)}.",
                f"{label}.image",
                "Google recommends the lead image in 16:9, 4:3 and 1:1.",
            )

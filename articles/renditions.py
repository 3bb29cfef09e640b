"""The rendition specs pages, templates and structured data ask for, one place for each.

Listings prefetch exactly these, so a page renders with a constant number of queries however many
photos it shows; :mod:`articles.rendition_making` makes them ahead of time (the demo loader, and each
publish) so no reader waits for an image to be resized. The image model is
``articles.models.images.NewsImage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from wagtail.images.models import Filter

from structured_data import get_setting as get_structured_data_setting

# Single renditions: feeds, e-mail and structured data (JPEG, one size).
LEAD_SPEC = "width-1200"
BODY_SPEC = "width-1000"
CARD_SPEC = "fill-480x270-c75"
TOP_STORY_SPEC = "fill-960x540-c75"
PORTRAIT_SPEC = "fill-160x160-c100"

#: What readers' browsers get by default: AVIF where they read it, WebP otherwise (the ``<img>`` fallback,
#: read by every browser the site supports), in the order Wagtail's ``Picture`` writes its ``<source>``
#: elements. ``settings.ARTICLES_PICTURE_FORMATS`` replaces it (the test settings use JPEG alone: an
#: AVIF encode costs a large part of a second, and tests render thousands of photos).
DEFAULT_FORMATS = ("avif", "webp")


def picture_formats() -> tuple[str, ...]:
    return tuple(getattr(settings, "ARTICLES_PICTURE_FORMATS", DEFAULT_FORMATS))


@dataclass(frozen=True)
class Responsive:
    """A role's sizes (a brace pattern, as Wagtail's ``{% picture %}`` takes) and the ``sizes`` it shows at."""

    sizes_pattern: str
    sizes: str

    @property
    def specs(self) -> tuple[str, ...]:
        """Every filter spec Wagtail's ``Picture`` needs: each format at each size."""
        return _specs(self.sizes_pattern, picture_formats())

    @property
    def filters(self) -> tuple[Filter, ...]:
        """:attr:`specs` as Wagtail ``Filter`` objects, made once per spec: a ``Filter`` parses its spec
        into operations on first use, which a listing otherwise did again for every card's photo."""
        return _filters(self.sizes_pattern, picture_formats())


@lru_cache(maxsize=64)
def _specs(sizes_pattern: str, formats: tuple[str, ...]) -> tuple[str, ...]:
    pattern = [f"format-{{{','.join(formats)}}}" if len(formats) > 1 else f"format-{formats[0]}", sizes_pattern]
    return tuple(Filter.expand_spec(pattern))


@lru_cache(maxsize=64)
def _filters(sizes_pattern: str, formats: tuple[str, ...]) -> tuple[Filter, ...]:
    return tuple(spec_filter(spec) for spec in _specs(sizes_pattern, formats))


@lru_cache(maxsize=256)
def spec_filter(spec: str) -> Filter:
    """A Wagtail ``Filter`` for ``spec``, made once: pass it to ``get_rendition`` where a page asks for
    the same spec of many photos (a feed's 50 enclosures), so the spec is parsed once, not per photo."""
    return Filter(spec=spec)


#: What templates ask for by role (``{% picture_for image "card" %}``): one place for each role, so a
#: template can't drift from what its page prefetched. ``sizes`` follows the CSS (newsroom.css): the
#: article column is 42rem, cards at least 16rem in a 72rem page, the top story 3/5 of it from 48rem.
RESPONSIVE = {
    "lead": Responsive("width-{480,800,1200}", "(min-width: 44rem) 42rem, calc(100vw - 2rem)"),
    "body": Responsive("width-{480,800,1200}", "(min-width: 44rem) 42rem, calc(100vw - 2rem)"),
    "card": Responsive(
        "fill-{320x180,480x270,640x360}-c75", "(min-width: 72rem) 22rem, (min-width: 36rem) 45vw, calc(100vw - 2rem)"
    ),
    "top_story": Responsive(
        "fill-{480x270,800x450,1200x675}-c75", "(min-width: 72rem) 42rem, (min-width: 48rem) 58vw, calc(100vw - 2rem)"
    ),
    # 80 CSS px in bylines and the index, 160 on the profile: 2x and 3x screens get a sharp photo.
    "portrait": Responsive("fill-{80x80,160x160,320x320}-c100", "80px"),
    "portrait_large": Responsive("fill-{160x160,320x320,480x480}-c100", "160px"),
}


def responsive_specs(*roles: str) -> tuple[str, ...]:
    return tuple(spec for role in roles for spec in RESPONSIVE[role].specs)


# Structured data (JSON-LD) wants the lead photo in 16:9, 4:3 and 1:1 focal-point crops and body
# photos uncropped, all large. Pages prefetch these with the ones they show, so building the
# graph adds no query; the specs come from the plugin's settings so the two never disagree.
LEAD_SCHEMA_SPECS = tuple(get_structured_data_setting("IMAGE_CROPS").values())
BODY_SCHEMA_SPEC = get_structured_data_setting("IMAGE_SPEC")


# What each use prefetches (and rendition_making makes ahead): read when asked, as the formats are a setting.
def lead_specs() -> tuple[str, ...]:
    return (*responsive_specs("lead"), *LEAD_SCHEMA_SPECS)


def body_specs() -> tuple[str, ...]:
    return (*responsive_specs("body"), BODY_SCHEMA_SPEC)


def card_specs() -> tuple[str, ...]:
    return responsive_specs("card")


def top_story_specs() -> tuple[str, ...]:
    return responsive_specs("top_story")


def portrait_specs() -> tuple[str, ...]:
    """Readers get the responsive sets; the JSON-LD Person image is PORTRAIT_SPEC."""
    return (*responsive_specs("portrait", "portrait_large"), PORTRAIT_SPEC)

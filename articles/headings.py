"""Heading levels that never skip: a body's headings fitted under the page's ``h1``.

An outline that jumps (``h1`` then ``h3``) tells a screen reader's heading list that a level is
missing. Editors choose "Heading" (``h2``) or "Subheading" (``h3``); imported stories bring any of
``h2``-``h6``. Both go through :func:`fitted_levels`: the first heading is at most ``h2`` and each one
at most a level deeper than the one before, within ``top``-``deepest``. Stored content is left as
written and fitted when the page is rendered (so no data migration), and the importer stores fitted
levels to begin with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

TOP = 2  # the page's own title is the h1
DEEPEST = 3  # what the heading block offers: Heading (h2) and Subheading (h3)


def fitted_levels(levels: Iterable[int], top: int = TOP, deepest: int = DEEPEST) -> list[int]:
    """Each level kept where it fits, else raised to one below the previous heading (and within bounds).

    >>> fitted_levels([3, 3, 2, 4])
    [2, 2, 2, 3]
    """
    fitted: list[int] = []
    previous = top - 1
    for level in levels:
        level = max(top, min(level, previous + 1, deepest))
        fitted.append(level)
        previous = level
    return fitted


def level_number(tag: str) -> int:
    """``"h3"`` -> 3; anything else is a top-level heading."""
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else TOP


def stream_heading_levels(raw_blocks: Sequence[dict]) -> dict[str, str]:
    """``{block id: "h2"|"h3"}`` for the heading blocks of a StreamField's raw data, fitted in reading order."""
    headings = [
        block for block in raw_blocks if block.get("type") == "heading" and isinstance(block.get("value"), dict)
    ]
    levels = fitted_levels(level_number(str(block["value"].get("level", "h2"))) for block in headings)
    return {block.get("id"): f"h{level}" for block, level in zip(headings, levels, strict=True)}

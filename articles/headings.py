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
    """The outline kept, its levels renumbered from ``top`` with no gap, never deeper than ``deepest``.

    A heading at the same source level as an open one is its sibling; a deeper one is one level
    below its parent, however deep it was written; the first heading is at ``top``.

    >>> fitted_levels([3, 3, 2, 4])
    [2, 2, 2, 3]
    """
    fitted: list[int] = []
    open_headings: list[tuple[int, int]] = []  # (source level, fitted level) from the outermost in
    for level in levels:
        while open_headings and open_headings[-1][0] > level:
            open_headings.pop()
        if open_headings and open_headings[-1][0] == level:
            shown = open_headings.pop()[1]
        else:
            shown = open_headings[-1][1] + 1 if open_headings else top
        shown = max(top, min(shown, deepest))
        open_headings.append((level, shown))
        fitted.append(shown)
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
    return {str(block.get("id")): f"h{level}" for block, level in zip(headings, levels, strict=True)}

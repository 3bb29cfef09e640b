"""The corpus: every story in four of the layouts (44 pages)."""

from __future__ import annotations

from .layouts import LAYOUTS, Page
from .stories import STORIES


def pages() -> list[Page]:
    found = []
    for number, story in enumerate(STORIES):
        for offset in (0, 3, 6, 8):
            layout = LAYOUTS[(number + offset) % len(LAYOUTS)]
            found.append(layout(story, number + offset))
    return found

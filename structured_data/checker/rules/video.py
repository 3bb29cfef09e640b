"""Google's video rules for every VideoObject on the page (JSON-LD, at any depth, and microdata).

Google's video documentation requires ``name``, ``thumbnailUrl`` and ``uploadDate`` (errors when
missing) and recommends ``description``, ``duration`` and ``contentUrl`` or ``embedUrl`` (warnings).
A ``duration`` that is not an ISO 8601 duration is invalid by schema.org's Duration type: an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document import Document, as_list
from ..issues import Issue
from ..registry import Rule, register
from ..vocabulary import term_name
from . import sources

VIDEO_NAME = Rule("video-name", "error", sources.GOOGLE_VIDEO, "name is a required VideoObject property.")
VIDEO_THUMBNAIL = Rule(
    "video-thumbnail", "error", sources.GOOGLE_VIDEO, "thumbnailUrl is a required VideoObject property."
)
VIDEO_UPLOAD_DATE = Rule(
    "video-upload-date", "error", sources.GOOGLE_VIDEO, "uploadDate is a required VideoObject property."
)
VIDEO_DESCRIPTION = Rule(
    "video-description", "warning", sources.GOOGLE_VIDEO, "description is a recommended VideoObject property."
)
VIDEO_DURATION = Rule(
    "video-duration", "warning", sources.GOOGLE_VIDEO, "duration is a recommended VideoObject property."
)
VIDEO_DURATION_FORMAT = Rule(
    "video-duration-format", "error", "https://schema.org/Duration", "duration is an ISO 8601 duration such as PT1M33S."
)
VIDEO_LOCATION = Rule(
    "video-location",
    "warning",
    sources.GOOGLE_VIDEO,
    "contentUrl or embedUrl (or both) let Google fetch the video itself.",
)

_DURATION = re.compile(r"P(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?"
                       r"(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?\Z")  # fmt: skip


def _present(value: Any) -> bool:
    for item in as_list(value):
        if isinstance(item, str) and item.strip():
            return True
        if isinstance(item, dict) and (item.get("@id") or item.get("url") or item.get("@value")):
            return True
    return False


def _video_issues(label: str, props: dict[str, Any]) -> Iterator[Issue]:
    for prop, rule in (("name", VIDEO_NAME), ("thumbnailUrl", VIDEO_THUMBNAIL), ("uploadDate", VIDEO_UPLOAD_DATE)):
        if not _present(props.get(prop)):
            yield rule.issue(f"The video has no {prop}.", f"{label}.{prop}", "Google requires it for video results.")
    if not _present(props.get("description")):
        yield VIDEO_DESCRIPTION.issue("The video has no description.", f"{label}.description")
    duration = as_list(props.get("duration"))
    if not duration:
        yield VIDEO_DURATION.issue("The video has no duration.", f"{label}.duration", "Write it like PT1M33S.")
    elif isinstance(duration[0], str) and not _DURATION.match(duration[0].strip()):
        yield VIDEO_DURATION_FORMAT.issue(
            f"duration is not an ISO 8601 duration: {duration[0]!r}.", f"{label}.duration", "Write it like PT1M33S."
        )
    if not _present(props.get("contentUrl")) and not _present(props.get("embedUrl")):
        yield VIDEO_LOCATION.issue("The video has neither contentUrl nor embedUrl.", label)


@register(VIDEO_NAME, VIDEO_THUMBNAIL, VIDEO_UPLOAD_DATE, VIDEO_DESCRIPTION, VIDEO_DURATION, VIDEO_DURATION_FORMAT,
          VIDEO_LOCATION)  # fmt: skip
def videos(doc: Document) -> Iterator[Issue]:
    seen: set[Any] = set()
    for path, node in doc.walk():
        if not doc.is_a(node, "VideoObject"):
            continue
        key = node.get("@id") if isinstance(node.get("@id"), str) else id(node)
        if key in seen:
            continue
        seen.add(key)
        yield from _video_issues(path, doc.resolve(node))
    for index, item in enumerate(doc.microdata):
        yield from _microdata_videos(doc, item, f"microdata[{index}]")


def _microdata_videos(doc: Document, item: dict[str, Any], path: str) -> Iterator[Issue]:
    names = [term_name(raw) for raw in as_list(item.get("type"))]
    props = item.get("properties") or {}
    if any(name and doc.vocabulary.is_subtype(name, ("VideoObject",)) for name in names):
        yield from _video_issues(f"{path}:VideoObject", props)
    for key, value in props.items():
        for nested in as_list(value):
            if isinstance(nested, dict) and "properties" in nested:
                yield from _microdata_videos(doc, nested, f"{path}.{key}")

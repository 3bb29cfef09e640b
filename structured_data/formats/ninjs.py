"""IPTC ninjs 2.2 (News in JSON) from a :class:`~structured_data.formats.item.NewsItem`.

Why 2.x and not 3.x: 3.0 renamed every property to camelCase and is not backwards compatible,
while the partners this plugin serves (Superdesk's ninjs ingest, agencies' 2.x feeds such as TT's
and NTB's) read the lower-case 2.x names. 2.2 is the current 2.x (2.1 plus ``digitalsourcetype``,
which is not written here), so the items validate against both the 2.1 and the 2.2 schemas.
"""

from __future__ import annotations

import json
from typing import Any

from .html import to_html
from .item import NewsItem, Party, Picture

MEDIA_TYPE = "application/ninjs+json"
VERSION = "2.2"
SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"


def _party(party: Party, rel: str) -> dict[str, Any]:
    node: dict[str, Any] = {"name": party.name, "rel": rel}
    if party.uri:
        node["uri"] = party.uri
    return node


def _picture(picture: Picture, index: int) -> dict[str, Any]:
    association: dict[str, Any] = {
        "name": "featureimage" if index == 0 else f"image-{index}",
        "uri": picture.uri,
        "type": "picture",
        "representationtype": "partial",
    }
    if picture.caption:
        association["descriptions"] = [{"role": "caption", "contenttype": "text/plain", "value": picture.caption}]
    if picture.credit or picture.creator:
        association["by"] = picture.credit or picture.creator
    if picture.copyright_notice:
        association["copyrightnotice"] = picture.copyright_notice
    holder = picture.credit or picture.creator
    if holder:
        association["copyrightholder"] = holder
    if picture.license:
        association["rightsinfo"] = {"linkedrights": picture.license}
    association["renditions"] = [
        {
            key: value
            for key, value in (
                ("name", rendition.name),
                ("href", rendition.href),
                ("contenttype", rendition.media_type),
                ("width", rendition.width),
                ("height", rendition.height),
            )
            if value
        }
        for rendition in picture.renditions
    ]
    return association


def to_ninjs(item: NewsItem) -> dict[str, Any]:
    """The item as a ninjs 2.2 object (a dict ready for ``json.dumps``)."""
    data: dict[str, Any] = {
        "uri": item.uri,
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA},
        "type": item.type,
        "representationtype": "partial" if item.partial else "full",
        "version": str(item.version),
        "versioncreated": item.version_created,
    }
    if item.first_created:
        data["firstcreated"] = item.first_created
    data["pubstatus"] = "usable"
    if item.language:
        data["language"] = item.language
    if item.headline:
        data["headlines"] = [{"role": "main", "contenttype": "text/plain", "value": item.headline}]
    descriptions = []
    if item.description:
        descriptions.append({"role": "summary", "contenttype": "text/plain", "value": item.description})
    descriptions.extend(
        {"role": "correction", "contenttype": "text/plain", "value": f"{c.date}: {c.text}" if c.date else c.text}
        for c in item.corrections
    )
    if descriptions:
        data["descriptions"] = descriptions
    if item.body is not None:
        data["bodies"] = [{"role": "main", "contenttype": "text/html", "value": to_html(item.body)}]
    if item.byline:
        data["by"] = item.byline
    if item.people:
        data["people"] = [_party(person, "author") for person in item.people]
    if item.organisations:
        data["organisations"] = [_party(organisation, "author") for organisation in item.organisations]
    if item.located:
        data["located"] = item.located
    if item.subjects:
        data["subjects"] = [
            {"name": s.name, "rel": s.kind, **({"uri": s.uri, "literal": f"medtop:{s.code}"} if s.code else {})}
            for s in item.subjects
        ]
    if item.copyright_holder:
        data["copyrightholder"] = item.copyright_holder.name
    if item.copyright_notice:
        data["copyrightnotice"] = item.copyright_notice
    if item.terms:
        data["usageterms"] = item.terms
    if item.provider:
        data["infosources"] = [
            {"name": item.provider.name, **({"uri": item.provider.uri} if item.provider.uri else {})}
        ]
    if item.canonical_url:
        data["renditions"] = [
            {"name": "web", "title": "Canonical web page", "href": item.canonical_url, "contenttype": "text/html"}
        ]
    if item.pictures:
        data["associations"] = [_picture(picture, index) for index, picture in enumerate(item.pictures)]
    return data


def serialize(item: NewsItem) -> bytes:
    """One compact JSON document (UTF-8, no raw newline: also an NDJSON line)."""
    return json.dumps(to_ninjs(item), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

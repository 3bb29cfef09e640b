"""Batch loading for the bulk export: a constant number of queries per batch of pages.

Wagtail converts a StreamField's blocks lazily, one ``bulk_to_python`` call per block type and
per page: a chooser block costs a query for each page that has one. :func:`prefetch_stream_fields`
makes that one call per block type for a whole batch of pages, the same way Wagtail does it for
one page, so a schema's ``prefetch`` can load every page's body images (and, through a chooser
block that prefetches renditions, their renditions) in a couple of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from wagtail.blocks import StreamValue

from .registry import registry


def prefetch_stream_fields(objects: Sequence[Any], *field_names: str) -> None:
    """Convert the named StreamFields of every object in ``objects`` with one bulk call per block type.

    Objects whose field value is already converted (or not lazy) are left alone. Values are
    replaced by equivalent, fully converted ``StreamValue`` instances; nothing is saved.
    """
    for field_name in field_names:
        pending: list[tuple[Any, StreamValue]] = []
        by_type: dict[str, list[tuple[int, int, Any]]] = defaultdict(list)
        for obj in objects:
            value = obj.__dict__.get(field_name)
            if not isinstance(value, StreamValue) or not value.is_lazy or value.raw_text is not None:
                continue
            pending.append((obj, value))
            for item_index, raw in enumerate(value._raw_data):
                if raw is not None and raw.get("type") in value.stream_block.child_blocks:
                    by_type[raw["type"]].append((len(pending) - 1, item_index, raw.get("value")))
        if not pending:
            continue
        stream_block = pending[0][1].stream_block
        converted: dict[tuple[int, int], Any] = {}
        for type_name, entries in by_type.items():
            child_block = stream_block.child_blocks[type_name]
            values = child_block.bulk_to_python([raw_value for _, _, raw_value in entries])
            for (pending_index, item_index, _), python_value in zip(entries, values, strict=True):
                converted[(pending_index, item_index)] = python_value
        for pending_index, (obj, value) in enumerate(pending):
            items = [
                (raw["type"], converted[(pending_index, item_index)], raw.get("id"))
                for item_index, raw in enumerate(value._raw_data)
                if (pending_index, item_index) in converted
            ]
            new_value = StreamValue(value.stream_block, items)
            new_value._stream_field = getattr(value, "_stream_field", None)  # as StreamField.to_python sets it
            obj.__dict__[field_name] = new_value


def prefetch_batch(pages: Sequence[Any]) -> None:
    """Ask each schema to load what its graphs need, for all of the batch's pages of its model at once."""
    by_schema: dict[type, list[Any]] = {}
    for page in pages:
        schema = registry.get(page)
        if schema is not None:
            by_schema.setdefault(schema, []).append(page)
    for schema, objects in by_schema.items():
        schema.prefetch(objects)

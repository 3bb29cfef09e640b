"""Batch loading for the bulk export: one query per block type for a batch's StreamFields, and each schema's
``prefetch`` given its own model's pages of the batch."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Collection

from structured_data.prefetch import prefetch_batch, prefetch_stream_fields

from .builders import build_site, make_event, make_image, make_plain, registered
from .testapp.models import EventPage
from .testapp.schema import EventSchema

BODY = blocks.StreamBlock([("paragraph", blocks.CharBlock()), ("image", ImageChooserBlock())])


def lazy_body(*raw: dict[str, Any]) -> StreamValue:
    """A StreamValue as a StreamField reads it from the database: raw JSON, converted when first used."""
    return StreamValue(BODY, list(raw), is_lazy=True)


class RecordingSchema(EventSchema):
    batches: ClassVar[list[list[Any]]] = []

    @classmethod
    def prefetch(cls, objects: Sequence[Any]) -> None:
        cls.batches.append(list(objects))


def test_a_batch_of_stream_fields_is_converted_with_one_query_per_block_type(db, django_assert_num_queries):
    harbor, crowd = make_image("Harbor"), make_image("Crowd")
    first = SimpleNamespace(
        body=lazy_body(
            {"type": "paragraph", "value": "Boats.", "id": "p1"},
            {"type": "image", "value": harbor.pk, "id": "i1"},
            {"type": "retired_block", "value": "gone", "id": "r1"},  # a block type the code no longer has
        )
    )
    second = SimpleNamespace(
        body=lazy_body({"type": "image", "value": crowd.pk, "id": "i2"}, {"type": "image", "value": 0, "id": "i3"})
    )
    converted = StreamValue(BODY, [("paragraph", "Already converted.")])
    third = SimpleNamespace(body=converted)
    fourth = SimpleNamespace(body=StreamValue(BODY, [], is_lazy=True, raw_text="<p>not JSON</p>"))
    fifth = SimpleNamespace()  # no such field at all

    with django_assert_num_queries(1):  # the images of both pages at once
        prefetch_stream_fields([first, second, third, fourth, fifth], "body", "sidebar")
    with django_assert_num_queries(0):
        assert [(child.block_type, child.value, child.id) for child in first.body] == [
            ("paragraph", "Boats.", "p1"),
            ("image", harbor, "i1"),
        ]
        assert [(child.value, child.id) for child in second.body] == [(crowd, "i2"), (None, "i3")]  # 0: no image
    assert third.body is converted and fourth.body.raw_text == "<p>not JSON</p>"
    assert not first.body.is_lazy and not hasattr(fifth, "body")


def test_each_schema_prefetches_its_own_pages_of_a_batch(db):
    tree = build_site()
    harbor = make_event(tree.section, "Harbor festival")
    about = make_plain(tree.home, "About us")
    boats = make_event(tree.section, "Boat parade")
    RecordingSchema.batches = []
    with registered(EventPage, RecordingSchema):
        prefetch_batch([harbor, about, boats, Collection.get_first_root_node()])  # a collection has no schema
    assert RecordingSchema.batches == [[harbor, boats]]


@pytest.mark.parametrize("objects", [[], [SimpleNamespace(body=None)]])
def test_nothing_to_convert_is_no_query(db, django_assert_num_queries, objects):
    with django_assert_num_queries(0):
        prefetch_stream_fields(objects, "body")

"""The partner list's order (newest publication first, then key) has an index on Wagtail's page table
(partners/migrations/0002), on SQLite and on PostgreSQL alike."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_page_table_has_the_list_index():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    index = indexes.get("partners_page_last_published")
    assert index is not None and index["index"], sorted(indexes)
    assert index["columns"] == ["last_published_at", "id"]
    if "orders" in index:  # what introspection says of the order differs by backend
        assert index["orders"] == ["DESC", "DESC"]

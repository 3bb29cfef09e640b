"""Indexes for listings by date (the whole site's, and a section's), built without locking the table.

On PostgreSQL they are created ``CONCURRENTLY`` (so the migration is not atomic): readers and
writers go on while a large archive is indexed. Other databases create them the ordinary way.
"""

from django.db import migrations, models


def without_nulls_order(index: models.Index) -> models.Index:
    """The index without ``NULLS LAST``, which SQLite cannot index (there nulls sort first going up, so a
    descending index puts them last anyway)."""
    expressions = [
        models.OrderBy(part.expression, descending=part.descending) if isinstance(part, models.OrderBy) else part
        for part in index.expressions
    ]
    return models.Index(*expressions, name=index.name)


class AddIndexWithoutLocking(migrations.AddIndex):
    """``AddIndex``, made ``CONCURRENTLY`` on PostgreSQL (Django's ``AddIndexConcurrently`` is PostgreSQL-only)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                schema_editor.add_index(model, without_nulls_order(self.index))
            return None
        from django.contrib.postgres.operations import AddIndexConcurrently

        concurrently = AddIndexConcurrently(self.model_name, self.index)
        return concurrently.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        from django.contrib.postgres.operations import AddIndexConcurrently

        concurrently = AddIndexConcurrently(self.model_name, self.index)
        return concurrently.database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0010_article_listing_date"),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="articlepage",
            index=models.Index(
                models.OrderBy(models.F("listing_date"), descending=True, nulls_last=True),
                models.OrderBy(models.F("page_ptr"), descending=True),
                name="article_listing_date",
            ),
        ),
        AddIndexWithoutLocking(
            model_name="articlepage",
            index=models.Index(
                models.F("section_page"),
                models.OrderBy(models.F("listing_date"), descending=True, nulls_last=True),
                models.OrderBy(models.F("page_ptr"), descending=True),
                name="article_section_listing",
            ),
        ),
    ]

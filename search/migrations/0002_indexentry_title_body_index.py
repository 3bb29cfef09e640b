"""A GIN index on what Wagtail's PostgreSQL backend matches: ``(title || body) @@ query``.

The backend keeps a GIN index on ``title`` and one on ``body``, but matches their concatenation, which
neither serves: every search read the whole index table (70 to 130 ms at 10,000 articles, for a word
that matches nothing too). The table is Wagtail's, so the index is plain SQL, built ``CONCURRENTLY``
(the migration is not atomic) so that searches go on while a large index is covered. PostgreSQL only:
the other backends keep no such columns.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("search", "0001_accent_insensitive_configurations"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]

"""An index on Wagtail's page table for the partner API's list: newest publication first, then key.

Without it every list request sorts all visible articles by ``last_published_at``. The table is
Wagtail's, so the index is plain SQL; on PostgreSQL it is built ``CONCURRENTLY`` (the migration is
not atomic), so readers and editors go on while a large archive is indexed.
"""

from django.db import migrations

INDEX = "partners_page_last_published"
COLUMNS = "wagtailcore_page (last_published_at DESC, id DESC)"


def create(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX {concurrently}IF NOT EXISTS {INDEX} ON {COLUMNS}")


def drop(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("partners", "0001_partner_keys"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]

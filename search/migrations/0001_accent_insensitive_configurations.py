"""PostgreSQL text search configurations that ignore accents, one per stemmer the site uses.

Readers type "elections" for "élections" and "cafe" for "café"; SQLite's FTS5 already ignores accents.
Each ``newsroom_<stemmer>`` is PostgreSQL's own configuration with ``unaccent`` before the stemmer (the
extension is a trusted one: a database owner may create it). Nothing happens on other databases. The
index built before keeps the old vectors: run ``manage.py rebuild_modelsearch_index`` once after this.
"""

from django.db import migrations

#: Configuration name -> the dictionary its words go through after ``unaccent``.
CONFIGURATIONS = {
    "newsroom_english": ("english", "english_stem"),
    "newsroom_french": ("french", "french_stem"),
    "newsroom_german": ("german", "german_stem"),
    "newsroom_spanish": ("spanish", "spanish_stem"),
    "newsroom_simple": ("simple", "simple"),
}
WORD_TOKENS = "hword, hword_part, word, asciihword, asciiword, hword_asciipart"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for name, (parent, dictionary) in CONFIGURATIONS.items():
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{parent})")
            cursor.execute(f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {dictionary}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in CONFIGURATIONS:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop, elidable=False)]

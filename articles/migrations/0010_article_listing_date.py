"""``ArticlePage.listing_date``: the date listings sort and filter by, on the article's own row.

The column is added empty (no table rewrite), then filled in batches of ``BATCH`` rows by primary
key, each batch its own short transaction (the migration is not atomic): a large archive's table
is never locked for the whole fill. Its indexes come in the next migration.
"""

from django.db import migrations, models

BATCH = 5000


def fill_listing_dates(apps, schema_editor):
    article_model = apps.get_model("articles", "ArticlePage")
    page_model = apps.get_model("wagtailcore", "Page")
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table, pages = quote(article_model._meta.db_table), quote(page_model._meta.db_table)
    bounds = article_model.objects.aggregate(low=models.Min("page_ptr_id"), high=models.Max("page_ptr_id"))
    if bounds["low"] is None:
        return
    sql = (
        f"UPDATE {table} SET {quote('listing_date')} = COALESCE({quote('publication_date')}, "
        f"(SELECT {quote('first_published_at')} FROM {pages} WHERE {pages}.{quote('id')} = {table}.{quote('page_ptr_id')})) "
        f"WHERE {quote('page_ptr_id')} >= %s AND {quote('page_ptr_id')} < %s AND {quote('listing_date')} IS NULL"
    )  # noqa: S608 - identifiers from the models, values as parameters
    with connection.cursor() as cursor:
        for low in range(bounds["low"], bounds["high"] + 1, BATCH):
            cursor.execute(sql, [low, low + BATCH])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0009_heading_level_help_text"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlepage",
            name="listing_date",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_listing_dates, migrations.RunPython.noop, elidable=True),
    ]

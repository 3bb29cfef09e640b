"""``manage.py make_renditions``: every photo's renditions for every role it plays, made now.

For a fresh media folder, a change of sizes or formats (articles/renditions.py), or a demo loaded with
``ARTICLES_RENDITIONS_AHEAD=False``. Only missing renditions are made; a second run reads and makes nothing.
"""

from django.core.management.base import BaseCommand

from articles.rendition_making import make_all_renditions


class Command(BaseCommand):
    help = "Make the missing renditions of every photo pages, listings and bylines show."

    def handle(self, *args, **options):
        make_all_renditions(self.stdout.write if options["verbosity"] else None)

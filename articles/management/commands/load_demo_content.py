"""Load a demo newspaper: home page, sections, authors, articles, photos, publisher and an admin user.

Idempotent: only what is missing is created, so running it twice changes nothing. The content,
its drawing and its loading live in ``articles/demo/``.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.demo.loading import DemoContentError, load


class Command(BaseCommand):
    help = "Load demo content (a fictional newspaper), creating only what is missing."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", default="127.0.0.1", help="The default site's hostname.")
        parser.add_argument("--port", type=int, default=8000, help="The default site's port.")
        parser.add_argument("--admin-username", default="admin", help="Username of the superuser to create.")
        parser.add_argument("--quiet", action="store_true", help="Only print the generated admin password.")

    def handle(self, *args, **options):
        quiet = options["quiet"] or options["verbosity"] == 0

        def log(message, style=None):
            if not quiet:
                self.stdout.write(style(message) if style else message)

        try:
            loaded = load(options["hostname"], options["port"], options["admin_username"], log=log)
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        if loaded.admin_password:  # printed even with --quiet: it is shown only this once
            message = f"Created superuser “{options['admin_username']}” with password: {loaded.admin_password}"
            self.stdout.write(self.style.WARNING(message))
        created = loaded.created
        log(
            f"Done: created {created['pages']} pages, {created['articles']} articles, {created['authors']} authors, "
            f"{created['images']} images."
        )
        log(f"Site: {loaded.site.root_url}/", style=self.style.SUCCESS)

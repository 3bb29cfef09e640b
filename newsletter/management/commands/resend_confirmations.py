"""Retry confirmation emails that never went out (a failed send, a lost task): safe to run from cron.

Each retry goes through ``send_confirmation_email``, which claims the send again, so running this
twice, or while the original task is still queued, never sends an address more than one
confirmation per ``CONFIRMATION_INTERVAL``.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from newsletter.subscriptions import unconfirmed_requests
from newsletter.tasks import send_confirmation_email


class Command(BaseCommand):
    help = "Enqueue the confirmation email again for recent signups whose confirmation was never sent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=float, default=24, help="Only signups requested in the last HOURS hours (default 24)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Count them; enqueue nothing.")

    def handle(self, *args, hours=24, dry_run=False, **options):
        ids = list(
            unconfirmed_requests(since=timezone.now() - datetime.timedelta(hours=hours)).values_list("pk", flat=True)
        )
        if dry_run:
            self.stdout.write(f"{len(ids)} confirmation emails to retry (dry run).")
            return
        for pk in ids:
            send_confirmation_email.enqueue(pk)
        self.stdout.write(f"{len(ids)} confirmation emails enqueued again.")

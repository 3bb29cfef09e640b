"""Send today's (or ``--date``'s) daily headlines: safe to re-run, it resumes and never sends twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsletter.claims import language_filter
from newsletter.digest import build_edition_digest
from newsletter.models import Edition, Subscriber
from newsletter.sending import edition_languages, newsletters, send_newsletter


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.", returncode=2) from error


class Command(BaseCommand):
    help = "Build and send each active newsletter's edition for a date (default: today in its time zone)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The edition's date, YYYY-MM-DD. Default: today in each newsletter's zone.")
        parser.add_argument("--newsletter", metavar="SLUG", help="Only this newsletter. Default: all active ones.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; write nothing and send nothing."
        )
        parser.add_argument(
            "--due",
            action="store_true",
            help="Only newsletters whose send time (in their own time zone) has come today: run it every few "
            "minutes from cron and each newsletter goes out at its own time.",
        )

    def handle(self, *args, date=None, newsletter=None, dry_run=False, due=False, **options):
        day = parse_date(date) if date else None
        selected = list(newsletters(newsletter))
        if due:
            now = timezone.now()
            selected = [item for item in selected if item.send_datetime(day or item.local_today(now)) <= now]
        if newsletter and not selected:
            raise CommandError(f"No active newsletter with slug {newsletter!r}.", returncode=2)
        interrupted = False
        for item in selected:
            edition_date = day or item.local_today()
            if dry_run:
                self.dry_run(item, edition_date)
                continue
            for result in send_newsletter(item, edition_date):
                if result.not_sent:
                    self.stdout.write(f"{result.edition}: not sent ({result.not_sent})")
                    continue
                self.stdout.write(
                    f"{result.edition}: {result.sent} sent, {result.failed} failed, {result.deferred} deferred, "
                    f"{result.skipped} skipped in {result.batches} batches" + (" — finished" if result.finished else "")
                )
                if result.interrupted:
                    interrupted = True
                    self.stderr.write(f"{result.edition}: stopped early ({result.interrupted}); run again to resume.")
        if interrupted:
            raise CommandError("Sending was interrupted; re-running resumes where it stopped.", returncode=1)

    def dry_run(self, newsletter, date):
        for language in edition_languages(newsletter, date):
            edition = Edition.objects.filter(newsletter=newsletter, date=date, language=language).first() or Edition(
                newsletter=newsletter, date=date, language=language
            )
            digest = build_edition_digest(edition)
            recipients = Subscriber.objects.filter(
                language_filter(language), newsletter=newsletter, status=Subscriber.Status.CONFIRMED
            ).count()
            label = f"{newsletter}, {date:%Y-%m-%d} [{language}] (dry run)"
            if digest.is_empty:
                self.stdout.write(f"{label}: no stories in this language, not sent to {recipients} subscribers")
                continue
            self.stdout.write(f"{label}: “{digest.subject}” to {recipients} subscribers")
            if digest.top_story:
                self.stdout.write(f"  top: {digest.top_story.title} <{digest.top_story.url}>")
            for story in digest.stories:
                self.stdout.write(f"  - {story.title} <{story.url}>")
            for story in digest.elsewhere:
                self.stdout.write(f"  - {story.title} ({story.outlet}) <{story.url}>")

"""Builders for newsletter tests and benchmarks: a newsletter with test defaults, subscribers in bulk."""

from __future__ import annotations

import datetime

from django.utils import timezone

from newsletter.models import Newsletter, Subscriber


def make_newsletter(site=None, **fields) -> Newsletter:
    fields.setdefault("name", "Morning Ledger")
    fields.setdefault("slug", "morning-ledger")
    fields.setdefault("from_email", "The Test Ledger <headlines@ledger.example>")
    fields.setdefault("reply_to", "desk@ledger.example")
    fields.setdefault("postal_address", "1 Harbor Street\nRockland, ME 04841")
    fields.setdefault("time_zone", "America/New_York")
    fields.setdefault("send_time", datetime.time(7, 0))
    return Newsletter.objects.create(site=site, **fields)


def make_subscribers(newsletter, count: int, status=Subscriber.Status.CONFIRMED, prefix="reader") -> list[Subscriber]:
    now = timezone.now()
    return Subscriber.objects.bulk_create(
        [
            Subscriber(
                newsletter=newsletter,
                email=f"{prefix}{index}@mail.example",
                status=status,
                confirmed_at=now if status == Subscriber.Status.CONFIRMED else None,
            )
            for index in range(count)
        ]
    )

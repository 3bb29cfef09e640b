"""A sender process SIGKILLed mid-send: nobody lost, nobody mailed twice once another run takes over."""

import datetime
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from newsletter.models import Delivery, Edition
from newsletter.sending import get_or_create_edition, send_edition
from tests.support.builders import make_article
from tests.support.newsletter import make_newsletter, make_subscribers
from tests.support.smtp import email_settings_for, smtp_server

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.e2e,  # a Django process of its own, killed
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL (the killed process shares the test database)",
    ),
]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_sender_loses_nobody_and_sends_nobody_twice(tree):
    newsletter = make_newsletter(tree.site)
    today = newsletter.local_today()
    make_article(
        tree.section, "Ferry runs again", publication_date=newsletter.send_datetime(today) - datetime.timedelta(hours=1)
    )
    readers = make_subscribers(newsletter, 30)
    edition = get_or_create_edition(newsletter, today)
    send_edition(edition, max_batches=0)  # frozen and enqueued, as the first run would
    sender: list[subprocess.Popen] = []

    def kill_the_sender(envelope):
        # The 11th message never gets its "250": the process dies with its batch claimed and unsent.
        if sink.count == 10 and sender[0].poll() is None:
            sender[0].send_signal(signal.SIGKILL)
            sender[0].wait(30)
            raise ConnectionAbortedError("the sender is gone")

    with smtp_server(before_accept=kill_the_sender) as sink:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": database_url(),
            "EMAIL_URL": f"smtp://{sink.host}:{sink.port}",
        }
        sender.append(
            subprocess.Popen(  # noqa: S603 - our own manage.py
                [sys.executable, "manage.py", "send_daily_headlines", "--newsletter", newsletter.slug,
                 "--date", today.isoformat()],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        assert sender[0].wait(240) == -signal.SIGKILL
        assert sink.count == 10
        stranded = Delivery.objects.filter(edition=edition, status="sending").count()
        assert stranded == 20  # claimed by the dead process: nobody else may take them yet
        with override_settings(**email_settings_for(sink)):
            assert send_edition(edition).sent == 0  # fresh claims are left to their (dead) owner
            with override_settings(NEWSLETTER={"CLAIM_TIMEOUT": 0}):
                result = send_edition(edition)  # once stale, another run takes them over
    assert result.sent == 20 and result.finished
    counts = Counter(sink.recipients())
    assert set(counts) == {reader.email for reader in readers}
    assert set(counts.values()) == {1}
    assert Delivery.objects.filter(edition=edition, status="sent").count() == 30
    assert Edition.objects.get(pk=edition.pk).status == "sent"

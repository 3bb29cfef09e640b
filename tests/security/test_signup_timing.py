"""Issue 13, item 10: the signup answer never waits for the confirmation email to be built or sent.

Shown without timing anything: a real server answers while the SMTP server is still holding the
message (it accepts nothing until the test lets it), and the email arrives after the answer.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import override_settings

from newsletter.models import Subscriber
from tests.support.builders import build_site
from tests.support.newsletter import make_newsletter
from tests.support.smtp import email_settings_for, smtp_server


def post_signup(base_url: str, address: str) -> tuple[int, dict]:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        body = urlencode({"email": address, "newsletter": "morning-ledger"})
        headers = {
            "Origin": base_url,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        connection.request("POST", "/newsletter/subscribe/", body, headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the live server has its own connection
def test_the_answer_arrives_while_the_smtp_server_still_holds_the_email(live_server):
    tree = build_site()
    make_newsletter(tree.site)
    release = threading.Event()
    with smtp_server(before_accept=lambda envelope: release.wait(20)) as sink:
        settings = override_settings(**email_settings_for(sink))
        settings.enable()
        try:
            status, answer = post_signup(live_server.url, "reader@example.org")
            accepted_when_answered = sink.count
            release.set()
            deadline = time.monotonic() + 20
            while sink.count < 1 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            release.set()
            settings.disable()
    assert status == 200 and answer["ok"]
    assert accepted_when_answered == 0  # answered while the email was still on its way
    assert sink.recipients() == ["reader@example.org"]  # and it went out afterwards
    assert Subscriber.objects.get().confirmation_sent_at is not None

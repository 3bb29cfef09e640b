"""Issue 23, item 11: ``/csp-report/`` answers 400 to any body that is not a violation report (a
deeply nested one raised ``RecursionError``: a 500), and what it logs is rate-limited per client IP
and overall, in Django's cache, so nobody can fill the logs through it."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from newsroom import csp_report as csp

pytestmark = pytest.mark.django_db

REPORT = {
    "csp-report": {
        "document-uri": "https://news.example.org/news/harbor/",
        "violated-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js",
    }
}


def post(body: str | bytes, ip: str = "203.0.113.7"):
    client = Client(raise_request_exception=False)
    return client.post("/csp-report/", body, content_type="application/csp-report", REMOTE_ADDR=ip)


@pytest.mark.parametrize(
    "body",
    [
        "[" * 5000 + "]" * 5000,  # 10 KB: RecursionError in the parser
        '{"csp-report": ' * 1000 + "{}" + "}" * 1000,
        "[]",
        "[1, 2]",
        "42",
        '"csp-report"',
        "null",
        '{"csp-report": "blocked"}',
        '{"unrelated": {"a": 1}}',
        json.dumps([REPORT] * 11),
        b"\xff\xfe{}",
    ],
    ids=lambda body: body[:24] if isinstance(body, str) else repr(body[:8]),
)
def test_a_body_that_is_not_a_report_is_a_400(body, caplog):
    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        assert post(body).status_code == 400
    assert not [record for record in caplog.records if record.name == "newsroom.csp"]


def test_reports_in_both_shapes_are_logged(caplog):
    reporting_api = [{"type": "csp-violation", "body": {"effectiveDirective": "img-src", "blockedURL": "x"}}]
    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        assert post(json.dumps(REPORT)).status_code == 204
        assert post(json.dumps(reporting_api)).status_code == 204
    logged = [record.getMessage() for record in caplog.records if record.name == "newsroom.csp"]
    assert logged == [
        "CSP violation: script-src-elem blocked https://evil.example/x.js on https://news.example.org/news/harbor/",
        "CSP violation: img-src blocked x on ",
    ]


def test_logging_is_rate_limited_per_client_and_overall(caplog):
    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        answers = [post(json.dumps(REPORT)).status_code for _ in range(csp.LOG_LIMIT_PER_IP + 15)]
    assert set(answers) == {204}
    logged = [record for record in caplog.records if record.name == "newsroom.csp"]
    assert len(logged) == csp.LOG_LIMIT_PER_IP

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        for index in range(csp.LOG_LIMIT_GLOBAL + 20):
            assert post(json.dumps(REPORT), ip=f"198.51.{index // 250}.{index % 250}").status_code == 204
    logged = [record for record in caplog.records if record.name == "newsroom.csp"]
    assert len(logged) == csp.LOG_LIMIT_GLOBAL - csp.LOG_LIMIT_PER_IP  # the first client's count in this window

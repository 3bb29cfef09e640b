"""Issue 13, item 13: the production settings' Content-Security-Policy, admin base URL and cache check."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from newsroom.csp import csp_settings, site_policy
from tests.support.builders import make_article

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-security-tests-0123456789",
    "ALLOWED_HOSTS": "news.example.com",
    "EMAIL_URL": "smtp+tls://newsroom:secret@smtp.example.com:587",
    "WAGTAILADMIN_BASE_URL": "https://news.example.com",
    "CACHE_URL": "rediscache://127.0.0.1:6379/1",
}


def manage_check(**overrides) -> subprocess.CompletedProcess:
    env = {key: value for key, value in {**os.environ, **PRODUCTION, **overrides}.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_an_admin_base_url():
    result = manage_check(WAGTAILADMIN_BASE_URL=None)
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL" in result.stderr


def test_production_with_a_per_process_cache_is_a_system_check_error():
    result = manage_check(CACHE_URL="locmemcache://newsroom")
    assert result.returncode != 0
    assert "newsletter.E001" in result.stderr
    assert manage_check().returncode == 0  # with Redis it passes


def test_production_with_a_varnish_purge_url_requires_the_purge_token():
    """Issue 23, item 5: Varnish refuses purges without the token, so a deployment without one is refused early."""
    result = manage_check(FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081", FRONTEND_CACHE_PURGE_TOKEN=None)
    assert result.returncode != 0
    assert "FRONTEND_CACHE_PURGE_TOKEN" in result.stderr
    token = "a-long-random-purge-token-for-the-tests"
    assert (
        manage_check(FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081", FRONTEND_CACHE_PURGE_TOKEN=token).returncode == 0
    )


def parse_policy(header: str) -> dict[str, list[str]]:
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def production_csp():
    middleware, csp = csp_settings(site_policy())
    position = settings.MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
    stack = [*settings.MIDDLEWARE]
    stack[position:position] = [middleware, "newsroom.csp.AdminContentSecurityPolicyMiddleware"]
    return override_settings(MIDDLEWARE=stack, **csp)


@pytest.mark.django_db
def test_public_pages_get_a_policy_that_allows_embeds_and_no_inline_script(tree):
    article = make_article(tree.section, "Harbor dredging starts Monday")
    with production_csp():
        response = Client().get(article.url)
    assert response.status_code == 200
    policy = parse_policy(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert {"https://www.youtube.com", "https://player.vimeo.com"} <= set(policy["frame-src"])
    assert policy["object-src"] == ["'none'"] and policy["report-uri"] == ["/csp-report/"]


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy(tree):
    with production_csp():
        response = Client().get("/admin/login/")
    assert response.status_code == 200
    policy = parse_policy(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's admin still has inline scripts
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]


def test_violation_reports_are_logged_and_bounded(caplog):
    report = {
        "csp-report": {
            "document-uri": "https://news.example.com/local/story/",
            "violated-directive": "script-src-elem",
            "blocked-uri": "https://evil.example/x.js",
        }
    }
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        response = client.post("/csp-report/", json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert "https://evil.example/x.js" in caplog.text
    assert client.post("/csp-report/", "{not json", content_type="application/csp-report").status_code == 400
    big = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
    assert client.post("/csp-report/", big, content_type="application/csp-report").status_code == 413
    assert client.get("/csp-report/").status_code == 405

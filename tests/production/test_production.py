"""Production configuration: deploy checks, the health check and failing soft."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_deploy_checks():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "news.example.com",
        "EMAIL_URL": "smtp+tls://newsroom:secret@smtp.example.com:587",
        "WAGTAILADMIN_BASE_URL": "https://news.example.com",
        "CACHE_URL": "rediscache://127.0.0.1:6379/1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


@pytest.mark.django_db
@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
)
def test_health_check_answers_503_when_the_cache_is_down(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}


def _database_down(request):
    raise OperationalError("connection to server at 127.0.0.1 port 5432 failed: Connection refused")


urlpatterns = [path("boom", _database_down)]


@override_settings(ROOT_URLCONF="tests.production.test_production")
def test_database_outage_is_a_clear_503_not_a_traceback(client):
    response = client.get("/boom")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Back in a moment" in response.content
    assert b"Traceback" not in response.content

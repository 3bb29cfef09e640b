"""Test settings: the embedded defaults unless DATABASE_URL / CACHE_URL say otherwise."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, NEWSLETTER, PAGE_CACHE, env
from .email import email_settings
from .workers import caches_for_worker, media_root_for_worker

# pytest-xdist's worker id (gw0, gw1, ...), unset in a serial run: see newsroom/settings/workers.py.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")

# pytest-django keeps each xdist worker's SQLite test database in memory only for an ENGINE it knows by
# name; ours (newsroom/sqlite3) is Django's with one method more, so ask for memory outright.
if DATABASES["default"]["ENGINE"] == "newsroom.sqlite3":
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
vars().update(email_settings({"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}))
# Each test process gets its own media folder, removed when the session ends (tests/conftest.py).
MEDIA_ROOT = (
    media_root_for_worker(env("TEST_MEDIA_ROOT"), XDIST_WORKER)
    if env("TEST_MEDIA_ROOT", default=None)
    else tempfile.mkdtemp(prefix="newsroom-test-media-")
)
# Each xdist worker has its own Redis database (CACHE_URL's plus the worker's index): clearing the cache
# before every test is FLUSHDB there.
CACHES = caches_for_worker(CACHES, XDIST_WORKER)
WAGTAILADMIN_BASE_URL = "http://testserver"
# Provider webhooks, with test-only secrets (tests/newsletter/test_provider_events.py signs with them).
ANYMAIL = {
    "WEBHOOK_SECRET": "anymail-user:anymail-test-secret",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "mailgun-test-signing-key",
    "AMAZON_SES_AUTO_CONFIRM_SNS_SUBSCRIPTIONS": False,
}
# The providers the tests post to (tests/support/provider_events.py); the others are not mounted.
NEWSLETTER = {**NEWSLETTER, "WEBHOOK_PROVIDERS": ["amazon_ses", "mailgun", "postmark", "sendgrid"]}

# Without CACHE_URL, each test process keeps its cache in memory: nothing left between runs, and the
# page cache tests look inside it. (The embedded default's file-based cache: tests/pagecache/test_embedded_cache.py.)
if not env("CACHE_URL", default=""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom-tests"}}

# A test-only app with its own page model and schema: proves structured_data works for any site.
INSTALLED_APPS = [*INSTALLED_APPS, "structured_data.tests.testapp"]  # noqa: F405

# Embeds come from a local finder that knows a few videos: no test asks YouTube or Vimeo.
WAGTAILEMBEDS_FINDERS = [{"class": "tests.support.oembed.LocalVideoFinder"}]

# Publishing and the demo loader make renditions ahead of time (articles/rendition_making.py); off here,
# where thousands of publishes would each encode AVIFs: tests/articles/test_rendition_making.py turns it on.
ARTICLES_RENDITIONS_AHEAD = False
# Photos as JPEG alone in tests (AVIF and WebP in production, articles/renditions.py): an AVIF encode takes a
# large part of a second and the suite renders thousands of photos. tests/articles/test_responsive_images.py
# checks the AVIF and WebP markup with production's formats.
ARTICLES_PICTURE_FORMATS = ["jpeg"]

# The application page cache is off unless a test turns it on (tests/pagecache/): other areas'
# tests count queries per request. Cache headers are sent either way.
PAGE_CACHE = {
    **PAGE_CACHE,
    "ENABLED": env.bool("PAGE_CACHE_ENABLED", default=False),
    "FRAGMENT_TIMEOUT": env.int("PAGE_CACHE_FRAGMENT_TIMEOUT", default=0),
}

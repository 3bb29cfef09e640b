"""Test settings: the embedded defaults unless DATABASE_URL / CACHE_URL say otherwise."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=BASE_DIR / "tests" / "artifacts" / "media")
WAGTAILADMIN_BASE_URL = "http://testserver"

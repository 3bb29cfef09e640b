"""Settings to run the page cache's own tests as another Wagtail site would: no newsroom app.

    DJANGO_SETTINGS_MODULE=pagecache.tests.settings python -m pytest pagecache/tests

(The newsroom project runs the same tests with its own settings, ``newsroom.settings.test``;
its integration tests, which need its page types and hooks, are in ``tests/pagecache/``.)
"""

from __future__ import annotations

import tempfile

SECRET_KEY = "pagecache-tests-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
WAGTAIL_SITE_NAME = "The Test Cache"
WAGTAILADMIN_BASE_URL = "http://testserver"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "pagecache",
    # pagecache reads the plugin's public API (JSON-LD URLs, restricted paths, schemas).
    "structured_data",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
# pagecache's three middleware where a site puts them (docs/operations/cache.md): the page cache before
# sessions, the signed-in marker after authentication, the route cache last.
MIDDLEWARE = [
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pagecache.marker.SignedInMarkerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pagecache.routes.RouteCacheMiddleware",
]
ROOT_URLCONF = "pagecache.tests.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = tempfile.mkdtemp(prefix="pagecache-test-media-")
# What a site adds to the defaults: structured_data's pages read ``?format=`` (jsonld, ninjs, newsml), so a
# site with both apps names it, or no page is stored (the middleware logs the parameter on every miss).
PAGE_CACHE = {
    "KEY_PARAMS": ("page", "p", "format"),
    "KEY_PARAM_VALUES": {"page": r"[1-9][0-9]{0,5}", "p": r"[1-9][0-9]{0,5}", "format": r"jsonld|ninjs|newsml"},
}

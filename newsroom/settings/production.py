"""Production: everything from the environment, no insecure defaults.

    DATABASE_URL=postgres://...   CACHE_URL=rediscache://127.0.0.1:6379/1   EMAIL_URL=smtp+tls://...
    SECRET_KEY=...   ALLOWED_HOSTS=news.example.com   TASKS_BACKEND=...

Static files are served by WhiteNoise from STATIC_ROOT (run ``collectstatic``); media storage is
FileSystemStorage under MEDIA_ROOT unless MEDIA_STORAGE_BACKEND names another Django storage.
"""

from newsroom.csp import csp_settings, site_policy

from .base import *  # noqa: F403
from .base import ANYMAIL_EMAIL_BACKEND, CACHES, DATABASES, MIDDLEWARE, STORAGES, env
from .email import email_settings
from .frontend_cache import frontend_cache_settings

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Links in admin notification emails and previews; no default: a wrong host here is a wrong link.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
# Rate limits count in the default cache: it must be shared by every worker (newsletter.E001).
REQUIRE_SHARED_CACHE = env.bool("REQUIRE_SHARED_CACHE", default=True)
# Real email only: EMAIL_URL has no console default here (e.g. smtp+tls://user:pass@smtp.example.com:587).
# Or a provider's API through django-anymail (ANYMAIL_BACKEND, see base.py), where EMAIL_URL is not needed.
if not ANYMAIL_EMAIL_BACKEND:
    vars().update(email_settings(env.email("EMAIL_URL")))

# Varnish purges carry a shared token (deploy/varnish/newsroom.vcl): none set is an error here.
WAGTAILFRONTENDCACHE = frontend_cache_settings(env, require_purge_token=True)

# Persistent connections are checked before reuse, so a restarted PostgreSQL costs no request an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)

# HTTPS everywhere (behind a proxy that sets X-Forwarded-Proto).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)  # set False until every subdomain is HTTPS-only
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Static files: WhiteNoise, with hashed, compressed files.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
# HTML, feeds and JSON compressed here (gzip, with Django's per-response padding against BREACH), inside
# WhiteNoise, which serves static files pre-compressed (gzip and Brotli) and never reaches this; outside the
# page cache, which so keeps one uncompressed copy for every client. Varnish stores the compressed answer
# (deploy/varnish/newsroom.vcl compresses whatever arrives uncompressed). HTML_COMPRESSION=False: leave it
# to a proxy in front.
if env.bool("HTML_COMPRESSION", default=True):
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "django.middleware.gzip.GZipMiddleware"
    )
# Content-Security-Policy (newsroom/csp.py): Django's own middleware from 6.0, django-csp on 5.2.
# Violations are reported to CSP_REPORT_URI (default: logged by /csp-report/).
CSP_POLICY = site_policy(
    report_uri=env("CSP_REPORT_URI", default="/csp-report/"),
    extra_frames=env.list("CSP_EXTRA_FRAME_SRC", default=[]),
    extra_scripts=env.list("CSP_EXTRA_SCRIPT_SRC", default=[]),
)
CSP_MIDDLEWARE, CSP_SETTINGS = csp_settings(CSP_POLICY)
vars().update(CSP_SETTINGS)  # SECURE_CSP on Django 6, CONTENT_SECURITY_POLICY (django-csp) on 5.2
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, CSP_MIDDLEWARE)
# Inside the CSP middleware: the admin's responses get the admin's policy first.
MIDDLEWARE.insert(MIDDLEWARE.index(CSP_MIDDLEWARE) + 1, "newsroom.csp.AdminContentSecurityPolicyMiddleware")

STORAGES = {
    **STORAGES,
    "default": {"BACKEND": env("MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Redis: a cache outage degrades caching and rate limits (logged) instead of failing requests.
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    )
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Tasks: a queue in PostgreSQL (django-tasks-db), run by `manage.py db_worker` on any number of
# machines; workers claim tasks with SELECT ... FOR UPDATE SKIP LOCKED. See docs/operations/deploy.md.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Structured logging: one JSON object per line on stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_redis": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

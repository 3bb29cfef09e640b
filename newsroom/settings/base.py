"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the
environment through django-environ; the defaults here are the embedded ones
(SQLite, a file-based cache beside it, email to the console, tasks in-process).
"""

import os
from pathlib import Path

import environ

from .email import email_settings, provider_settings
from .frontend_cache import frontend_cache_settings, key_purge_settings
from .search import search_backends

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "partners",  # the partner content API at /api/partners/v1/ (docs/partner-api.md)
    "topics",  # a page per tag in use, with the editors' introduction (topics/models.py)
    "articles",
    "search",  # reader search at /search/ (docs/search.md)
    "importer",  # manage.py import_articles: brings stories in from other sites as articles
    "newsletter",
    "pagecache",
    "anymail",  # provider webhooks and backends for the newsletter (newsletter/events.py)
    "structured_data",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",  # "Translate" for pages and snippets (issue 18)
    "wagtail.contrib.typed_table_block",  # tables in the body, as imports bring them (issue 30)
    "wagtail.locales",  # the admin's Locales menu
    "wagtail.embeds",
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
    "rest_framework",  # the partner API (partners/)
    "drf_spectacular",  # its OpenAPI description at /api/partners/v1/schema/
    "django_tasks",
    "django_tasks_db",  # the production queue (TASKS_BACKEND=django_tasks_db.DatabaseBackend)
    "newsroom.taskqueue",  # manage.py requeue_stale_tasks: tasks of a killed db_worker run again
    "newsroom.rebuilds",  # stored graphs a change leaves to task workers, with progress in the admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Wagtail's search index uses PostgreSQL's full-text fields there; Django 6.1 checks for this app.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.RejectNulBytesMiddleware",
    # Before sessions: a cached page is answered without loading one (pagecache/middleware.py).
    "pagecache.middleware.PageCacheMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the URL (/fr/...; the default language unprefixed), never a cookie or header.
    "newsroom.middleware.UrlLanguageMiddleware",  # LocaleMiddleware without a needless Vary: Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The newsroom_signed_in cookie: what Varnish lets through to the application (pagecache/marker.py).
    "pagecache.marker.SignedInMarkerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's page routing (a query per level of the tree) from the cache (pagecache/routes.py).
    "pagecache.routes.RouteCacheMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
#: Django's SQLite backend, and ours (the same, with the planner's statistics kept: newsroom/sqlite3).
_SQLITE_ENGINES = {"django.db.backends.sqlite3", "newsroom.sqlite3"}
if DATABASES["default"]["ENGINE"] in _SQLITE_ENGINES:
    DATABASES["default"]["ENGINE"] = "newsroom.sqlite3"
    # WAL and a busy timeout let readers and one writer share the file
    # without "database is locked" errors under concurrent requests.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))


def embedded_cache_dir(database: dict) -> Path:
    """Where the embedded default keeps its cache: beside the SQLite file it caches (a fresh database,
    a fresh cache), else in the project's ``.cache/``."""
    name = str(database.get("NAME") or "")
    if database["ENGINE"] in _SQLITE_ENGINES and name and ":memory:" not in name:
        return Path(f"{name}-cache")
    return BASE_DIR / ".cache" / "django"


# The embedded default is a file-based cache: runserver, `manage.py publish_scheduled`, `import_articles`
# and any other command share it, so a page one of them restricts or publishes is not served stale by
# another's private copy (a local-memory cache is per process). Django's database cache would need
# `createcachetable` on every new database, and each write would take SQLite's single write lock.
# Production sets CACHE_URL (Redis): shared by every worker on every machine.
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{embedded_cache_dir(DATABASES['default'])}")}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
# EMAIL_* settings on Django < 6.1, MAILERS on Django >= 6.1 (which rejects a mix of both).
vars().update(email_settings(EMAIL_CONFIG))
# django-anymail: provider webhooks at /anymail/ (those of configured providers whose requests can be
# checked: newsletter/webhooks.py) and, with ANYMAIL_BACKEND, sending through the provider's API instead
# of SMTP (newsroom/settings/email.py).
ANYMAIL_EMAIL_BACKEND, ANYMAIL = provider_settings(os.environ)
if ANYMAIL_EMAIL_BACKEND:
    vars().update(email_settings({"EMAIL_BACKEND": ANYMAIL_EMAIL_BACKEND}))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Newsroom <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}
# django-tasks-db leaves a killed worker's task RUNNING; `manage.py requeue_stale_tasks` (cron) puts it
# back in the queue once it has been running this many seconds (longer than any legitimate run), and
# fails it instead once it has been lost this many times (newsroom/taskqueue/stale.py).
TASK_STALE_TIMEOUT = env.int("TASK_STALE_TIMEOUT", default=60 * 60)
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=3)
# Stored graphs per task when a change (an author, a section) leaves thousands to rebuild
# (newsroom/rebuilds): a batch takes about a second of a worker's time per 250 pages.
REBUILD_BATCH_SIZE = env.int("REBUILD_BATCH_SIZE", default=250)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("de", "German"),
    ("es", "Spanish"),
]
TIME_ZONE = env("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = env("MEDIA_URL", default="/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="WARNING")},
    },
}

# Newsletter (defaults documented in newsletter/conf.py)
NEWSLETTER = {
    # https origin for links in emails; blank: the newsletter's Wagtail site root URL.
    "BASE_URL": env("NEWSLETTER_BASE_URL", default=""),
    "UNSUBSCRIBE_MAILTO": env("NEWSLETTER_UNSUBSCRIBE_MAILTO", default=""),
    # Seconds after which a worker's claimed, unsent deliveries are taken over (a killed sender).
    "CLAIM_TIMEOUT": env.int("NEWSLETTER_CLAIM_TIMEOUT", default=15 * 60),
    # Trusted proxies in front of the site (load balancer, CDN...): the client IP that rate limits
    # count is read from X-Forwarded-For that many entries from the right. See docs/operations/deploy.md, "One machine".
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    # Addresses "Send a test" may mail besides those that confirmed a subscription (comma-separated).
    "TEST_RECIPIENTS": env.list("NEWSLETTER_TEST_RECIPIENTS", default=[]),
    # Provider webhooks to mount at /anymail/ (comma-separated; blank: the configured ones, see
    # newsletter/webhooks.py).
    "WEBHOOK_PROVIDERS": env.list("NEWSLETTER_WEBHOOK_PROVIDERS", default=[]),
    # DKIM for mail sent over SMTP directly (blank key: not signed). The key is PEM text, newlines as \n.
    "DKIM_DOMAIN": env("NEWSLETTER_DKIM_DOMAIN", default=""),
    "DKIM_SELECTOR": env("NEWSLETTER_DKIM_SELECTOR", default=""),
    "DKIM_PRIVATE_KEY": env("NEWSLETTER_DKIM_PRIVATE_KEY", default="").replace("\\n", "\n"),
}

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="Newsroom")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "articles.NewsImage"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Renditions (AVIF, WebP at several widths) made on publish and by load_demo_content, not in a reader's
# request (articles/rendition_making.py).
ARTICLES_RENDITIONS_AHEAD = env.bool("ARTICLES_RENDITIONS_AHEAD", default=True)
# What readers' browsers get, in <picture> order (articles/renditions.py).
ARTICLES_PICTURE_FORMATS = ["avif", "webp"]
# Reader search (search/, docs/search.md): Wagtail's database backend (SQLite FTS5; PostgreSQL with each
# language's stemming), or Elasticsearch/OpenSearch when WAGTAILSEARCH_URL names one
# (newsroom/settings/search.py).
WAGTAILSEARCH_BACKENDS = search_backends(env("WAGTAILSEARCH_URL", default=""), LANGUAGES)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
# Translations (issue 18): one page tree per locale, linked by translation_key; every language in
# LANGUAGES may hold content, URLs of the default language carry no prefix (newsroom/urls.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TAGGIT_CASE_INSENSITIVE = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Article import (python manage.py import_articles): every limit has its default in
# importer/conf.py; only loopback fetching (for tests) is set from the environment here.
ARTICLE_IMPORT = {"ALLOW_LOOPBACK": env.bool("ARTICLE_IMPORT_ALLOW_LOOPBACK", default=False)}

# Reader search (defaults documented in search/conf.py).
SITE_SEARCH = {
    "RATE_LIMIT": env.int("SEARCH_RATE_LIMIT", default=30),
    "RATE_WINDOW": env.int("SEARCH_RATE_WINDOW", default=60),
    "POPULAR_AFTER": env.int("SEARCH_POPULAR_AFTER", default=3),
}
SEARCH_PARAMS = ("q", "sort", "section", "author", "language", "from", "to")

# Page caching (generic defaults and meaning in pagecache/conf.py; docs/operations/cache.md); the site's
# paths, parameters and models are set here.
PAGE_CACHE = {
    "ENABLED": env.bool("PAGE_CACHE_ENABLED", default=True),
    "TIMEOUT": env.int("PAGE_CACHE_TIMEOUT", default=600),
    "MAX_AGE": env.int("CACHE_MAX_AGE", default=60),
    "S_MAXAGE": env.int("CACHE_S_MAXAGE", default=600),
    "STALE_WHILE_REVALIDATE": env.int("CACHE_STALE_WHILE_REVALIDATE", default=30),
    "STALE_IF_ERROR": env.int("CACHE_STALE_IF_ERROR", default=86400),
    "FRONTEND_PURGE": env("FRONTEND_CACHE_PURGE_MODE", default="inline"),
    # Cache keys (pagecache/keys.py): Varnish's xkey purge beside its URL purges; a change shown on
    # more pages than URL_PURGE_LIMIT (an author of 5,000 articles) purges its keys only.
    "KEY_PURGE_BACKENDS": key_purge_settings(env),
    "URL_PURGE_LIMIT": env.int("PAGE_CACHE_URL_PURGE_LIMIT", default=10),
    # What pagecache cannot know about this site: its query parameters, paths and models.
    # Query parameters that change what a cached URL shows: a page of a listing, a sitemap's page
    # ("p"), the JSON-LD endpoint ("format") and a live blog's "load older" cursor ("before",
    # articles/liveblog.py, on the page and on its updates endpoint). A view that reads another
    # parameter adds it here (or marks its responses private): tests/pagecache/test_key_params.py
    # walks every URL pattern for them.
    # The search page's (search/query.py): its query and filters, in the spelling its own links use;
    # which of those pages are kept at all is the search view's call (search/caching.py).
    "KEY_PARAMS": ("page", "format", "before", "p", *SEARCH_PARAMS),
    "KEY_PARAM_VALUES": {
        "page": r"[1-9][0-9]{0,5}",
        "p": r"[1-9][0-9]{0,5}",
        "before": r"[1-9][0-9]{0,18}",
        "format": r"jsonld|ninjs|newsml",
        "q": r"[^\W_]{1,50}(?: [^\W_]{1,50}){0,7}",
        "sort": r"newest",
        "section": r"[-a-zA-Z0-9_]{1,80}",
        "author": r"[-a-zA-Z0-9_]{1,80}",
        "language": "|".join(code for code, _name in LANGUAGES),
        "from": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "to": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    },
    # Paging parameters make at most MAX_VARIANTS variants of one path: so do the search's (any page
    # given ?q=... or ?section=... stays bounded too).
    "PAGING_PARAMS": ("page", "p", "before", *SEARCH_PARAMS),
    # Never looked up or stored: the admin, the newsletter's forms and webhooks, documents, files,
    # the health check.
    "EXCLUDED_PATHS": ("/admin/", "/newsletter/", "/documents/", "/static/", "/media/", "/healthz", "/api/"),
    # Objects whose change shows on every page of every site (footer, header, site-wide graph nodes).
    "SITE_WIDE_MODELS": (
        "wagtailcore.Site",
        "structured_data.PublisherSettings",
        "structured_data.PublisherSocialLink",
        "structured_data.PublisherPolicy",
        "newsletter.Newsletter",
        # The paywall's prompt on every gated article, and the signup block's words per language.
        "articles.AccessSettings",
        "newsletter.SignupCopy",
    ),
    # Other models whose objects pages are built from, watched besides those with a registered
    # structured-data schema and the image model.
    # An article's corrections: a correction taken out purges the corrections page and feed
    # (articles/cache_urls.py); one kept or added does so through the article's publication too.
    # A sent newsletter edition edited: its archive page (newsletter/cache_urls.py).
    # A topic's introduction edited: its pages and feeds (topics/cache_urls.py).
    "WATCHED_MODELS": ("taggit.Tag", "articles.ArticleCorrection", "newsletter.Edition", "topics.Topic"),
}
# Purge requests to Varnish, Cloudflare or CloudFront (newsroom/settings/frontend_cache.py).
WAGTAILFRONTENDCACHE = frontend_cache_settings(env)
# The purge sends exactly the URLs pagecache names (pagecache/affected.py), which already spell out each
# language's URLs. Left unset, Wagtail's purge task would copy every URL under a language prefix to
# every other prefix (/fr/search/ to /en/search/, a French article to /de/...): URLs nothing serves.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []

# The partner API (partners/): Django REST framework, described by drf-spectacular. Its own views set
# their authentication (per-partner keys), throttling (per key, in the default cache) and errors.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom partner API",
    "DESCRIPTION": "Stories for partners as IPTC ninjs 2.2 and NewsML-G2 2.35, by per-partner key.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/partners/v1",
    # Its --deploy check walks every DRF view, Wagtail's admin API included; tests/partners validates ours.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

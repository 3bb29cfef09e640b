from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from articles import urls as articles_urls
from newsletter.webhooks import webhook_urlpatterns
from newsroom import icons
from newsroom.csp_report import csp_report
from newsroom.health import health

urlpatterns = [
    path("healthz", health, name="health"),
    # Icons and the web app manifest, from one source image (newsroom/icons.py).
    path("favicon.ico", icons.favicon, name="favicon"),
    path("apple-touch-icon.png", icons.apple_touch_icon, name="apple_touch_icon"),
    path("icons/icon-<int:size>.png", icons.png_icon, name="icon"),
    path("manifest.webmanifest", icons.manifest, name="manifest"),
    path("csp-report/", csp_report, name="csp_report"),
    # Provider webhooks (bounces, complaints) for the newsletter: only configured providers whose
    # requests can be checked, each answering 400 to what it cannot read (newsletter/webhooks.py).
    path("anymail/", include((webhook_urlpatterns(), "anymail"))),
    path("admin/", include(wagtailadmin_urls)),
    path("newsletter/", include("newsletter.urls")),
    path("newsletters/", include("newsletter.archive_urls")),  # the public archive of sent editions
    path("documents/", include(wagtaildocs_urls)),
    # The partner content API (docs/partner-api.md): per-partner keys, never cached for others.
    path("", include("partners.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Sitemaps and robots.txt (issue 4) are one per site, whatever the language.
    *articles_urls.root_urlpatterns,
]
# Per language (issue 18): /fr/..., /es/...; the default language keeps its unprefixed URLs.
urlpatterns += i18n_patterns(
    # Feeds (issue 4) and the date archives, which step aside for a page at their path (articles/archives.py);
    # a page's JSON-LD is served by Wagtail (?format=jsonld).
    path("", include("articles.urls")),
    # Topic pages and their feeds (topics/urls.py).
    path("", include("topics.urls")),
    # Reader search (docs/search.md): /search/, /fr/search/...
    path("", include("search.urls")),
    # Wagtail serves every page; keep it last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

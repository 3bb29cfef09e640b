from django.urls import path

from pagecache.decorators import public_cache

from . import archive

app_name = "newsletter_archive"

urlpatterns = [
    # Kept by the page cache and shared caches; purged when a story it lists changes (cache_urls.py).
    path("<slug:slug>/<str:date>/", public_cache(archive.edition_view), name="edition"),
    path("<slug:slug>/<str:date>/<str:language>/", public_cache(archive.edition_view), name="edition_language"),
]

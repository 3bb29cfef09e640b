"""The URLconf of :mod:`pagecache.tests.settings`: Wagtail's admin and pages, as a plain site has them, and
two views opted in to public caching: a feed, and a search that reads a parameter the cache key leaves out."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from pagecache.decorators import public_cache


@public_cache
def feed(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"feed page {request.GET.get('page', '1')}", content_type="text/plain")


@public_cache
def search(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"results for {request.GET.get('q', '')}", content_type="text/plain")


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("feed/", feed),
    path("search/", search),
    path("", include(wagtail_urls)),
]

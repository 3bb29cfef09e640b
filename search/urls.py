"""``/search/`` (``/fr/search/``... through the project's ``i18n_patterns``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import path, reverse
from django.utils import translation
from wagtail.models import Site

from .views import search_view

app_name = "search"
urlpatterns = [path("search/", search_view, name="search")]


def search_urls(root_url: str) -> set[str]:
    """The results page's absolute URL in every language, on the site at ``root_url``."""
    urls = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.add(root_url + reverse("search:search"))
    return urls


def every_site_search_urls() -> set[str]:
    """The results page of every site, in every language."""
    urls: set[str] = set()
    for site in Site.objects.all():
        urls |= search_urls(site.root_url)
    return urls

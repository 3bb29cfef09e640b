"""A request standing in for a visitor of a site's root, for graphs built outside a request.

The bulk export, ``rebuild_structured_data`` and the graph stored when a page is published build
graphs with no visitor: one of these per site makes URLs and per-request caches (site root paths,
settings, breadcrumb ancestors) work as when serving, shared by every page built with it.
"""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.models import Site


class SiteRequest(HttpRequest):
    """A GET of ``site``'s root, standing in for a visitor so that URLs and caches work as when serving."""

    def __init__(self, site: Site) -> None:
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = "/"
        port = str(site.port)
        self.META.update({"SERVER_NAME": site.hostname, "SERVER_PORT": port, "HTTP_HOST": site.hostname})
        self._scheme = "https" if site.port == 443 else "http"
        self._wagtail_site = site  # Site.find_for_request's cache: the host needs no ALLOWED_HOSTS check

    def _get_scheme(self) -> str:
        return self._scheme

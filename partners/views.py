"""``/api/partners/v1/``: the article list (ninjs items, newest first) and each article (ninjs or NewsML-G2).

Django REST framework for what it does well (authentication, per-key throttling, content
negotiation, the OpenAPI description through drf-spectacular); the bodies are the plugin's own
serializations, joined as bytes, so an item is never parsed and dumped again. Every answer is
``private`` and varies on the key: no shared cache may hand one partner's answer to another, and
the page cache never stores it (``/api/`` is in its ``EXCLUDED_PATHS``, and nothing here marks a
response public).
"""

from __future__ import annotations

import hashlib
import json

from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView
from wagtail.models import Site

from articles.models import ArticlePage, SectionPage

from .authentication import PartnerKeyAuthentication
from .items import items_for
from .query import Cursor, parse_query
from .throttling import PartnerKeyThrottle

NINJS = "application/ninjs+json"
NEWSML = "application/vnd.iptc.g2.newsitem+xml"
VARY = ("Authorization", "X-Api-Key", "Accept")


class NinjsRenderer(BaseRenderer):
    media_type = NINJS
    format = "ninjs"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode()


class NewsMLRenderer(BaseRenderer):
    media_type = NEWSML
    format = "newsml"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b""  # the view answers with the serialized item itself


def exception_handler(exc, context):
    """Plain answers: 401 with nothing but the challenge, 400 saying what to fix, 429 with Retry-After."""
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = 'Bearer realm="partners"'
    elif isinstance(exc, Http404):
        response = JsonResponse({"error": "Not found."}, status=404)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail if isinstance(exc, exceptions.ValidationError) else str(exc.detail)
        response = JsonResponse({"error": exc.default_detail, "detail": detail}, status=exc.status_code)
        wait = getattr(exc, "wait", None)
        if wait is not None:
            response["Retry-After"] = str(int(wait) + 1)
    else:
        return None  # a real error: Django's 500 handling, with its logging
    return private(response)


def under(paths) -> Q:
    """Pages below any of the tree ``paths`` (nothing for none)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, VARY)
    return response


class PartnerView(APIView):
    authentication_classes = [PartnerKeyAuthentication]
    permission_classes: list = []
    throttle_classes = [PartnerKeyThrottle]

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        request.user  # noqa: B018  (the key first: a wrong one hears 401 whatever else it asked for)
        super().initial(request, *args, **kwargs)

    def site(self) -> Site:
        site = Site.find_for_request(self.request._request)
        if site is None:
            raise Http404
        return site

    def articles(self, site: Site):
        """What this key may see: visible articles of the site, in its sections."""
        queryset = ArticlePage.objects.visible(site).filter(last_published_at__isnull=False)
        scope = self.scope()
        if scope is not None:
            paths = SectionPage.objects.filter(pk__in=scope).values_list("path", flat=True)
            queryset = queryset.filter(under(paths))
        return queryset

    def scope(self) -> set[int] | None:
        """The key's sections and their translations (a French desk's stories are the section's too)."""
        if not hasattr(self, "_scope"):
            ids = self.request.auth.section_ids()
            if ids is not None:
                keys = SectionPage.objects.filter(pk__in=ids).values("translation_key")
                ids = set(SectionPage.objects.filter(translation_key__in=keys).values_list("pk", flat=True))
            self._scope = ids
        return self._scope

    def conditional(self, body: bytes, content_type: str, last_modified) -> HttpResponse:
        """The answer, or 304 when the client's ``If-None-Match`` / ``If-Modified-Since`` still holds."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        timestamp = int(last_modified.timestamp()) if last_modified else None
        response = get_conditional_response(self.request._request, etag=etag, last_modified=timestamp)
        if response is None:
            response = HttpResponse(body, content_type=content_type)
        response["ETag"] = etag
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        return private(response)


LIST_PARAMETERS = [
    OpenApiParameter("since", OpenApiTypes.STR, description="RFC 3339 date-time or ISO date: stories published or "
                     "updated since then (an updated story comes again, with a higher version)."),
    OpenApiParameter("section", OpenApiTypes.STR, description="A section's slug (within the key's sections)."),
    OpenApiParameter("language", OpenApiTypes.STR, description="A language code of the site, e.g. en, fr."),
    OpenApiParameter("cursor", OpenApiTypes.STR, description="The `next` value of the previous page, as given."),
    OpenApiParameter("limit", OpenApiTypes.INT, description="Items per page, 1 to 100 (default 20)."),
]  # fmt: skip
LIST_RESPONSE = {
    "type": "object",
    "required": ["items", "next"],
    "properties": {
        "items": {"type": "array", "items": {"type": "object", "description": "An IPTC ninjs 2.2 item."}},
        "next": {"type": "string", "nullable": True, "description": "URL of the next page, or null on the last."},
    },
}
ERRORS = {
    304: OpenApiResponse(description="Not modified (If-None-Match or If-Modified-Since)."),
    400: OpenApiResponse(description="A parameter that cannot be read; the body says which and why."),
    401: OpenApiResponse(description="No key, a wrong key or a revoked key. Nothing else is said."),
    429: OpenApiResponse(description="Too many requests for this key; see Retry-After."),
}


class ArticleList(PartnerView):
    """Articles newest first (by last publication), as ninjs items, a page at a time."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="articles_list", parameters=LIST_PARAMETERS,
        responses={200: OpenApiResponse(LIST_RESPONSE, description="A page of ninjs items."), **ERRORS},
    )  # fmt: skip
    def get(self, request):
        site = self.site()
        query = parse_query(request.query_params, site, self.scope())
        queryset = self.articles(site)
        if query.section_paths:
            queryset = queryset.filter(under(query.section_paths))
        if query.language:
            queryset = queryset.filter(locale__language_code__iexact=query.language)
        if query.since is not None:
            queryset = queryset.filter(last_published_at__gte=query.since)
        if query.cursor is not None:
            moment, pk = query.cursor.last_published_at, query.cursor.pk
            queryset = queryset.filter(Q(last_published_at__lt=moment) | Q(last_published_at=moment, pk__lt=pk))
        rows = list(
            queryset.order_by("-last_published_at", "-pk").values_list("pk", "last_published_at", "access")[
                : query.limit + 1
            ]
        )
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        items = items_for([(pk, access) for pk, _moment, access in rows], request.auth, site, "ninjs")
        next_url = None
        if more:
            params = request.query_params.copy()
            params["cursor"] = Cursor(rows[-1][1], rows[-1][0]).encode()
            next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        body = b'{"items":[' + b",".join(items) + b'],"next":'
        body += json.dumps(next_url).encode() + b"}"
        newest = max((moment for _pk, moment, _access in rows), default=None)
        return self.conditional(body, "application/json", newest)


class ArticleDetail(PartnerView):
    """One article: ninjs (the default) or NewsML-G2 (``?format=newsml`` or its media type in ``Accept``)."""

    renderer_classes = [NinjsRenderer, NewsMLRenderer]

    @extend_schema(
        operation_id="articles_retrieve",
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["ninjs", "newsml"],
                                     description="Instead of Accept: application/ninjs+json or "
                                     "application/vnd.iptc.g2.newsitem+xml.")],
        responses={
            (200, NINJS): OpenApiResponse(OpenApiTypes.OBJECT, description="An IPTC ninjs 2.2 item."),
            (200, NEWSML): OpenApiResponse(OpenApiTypes.STR, description="An IPTC NewsML-G2 2.35 newsItem."),
            404: OpenApiResponse(description="No such article for this key (or not published)."),
            **ERRORS,
        },
    )  # fmt: skip
    def get(self, request, pk: int):
        site = self.site()
        row = self.articles(site).filter(pk=pk).values_list("pk", "last_published_at", "access").first()
        if row is None:
            raise Http404
        name = request.accepted_renderer.format
        found = items_for([(row[0], row[2])], request.auth, site, name)
        if not found:
            raise Http404
        return self.conditional(found[0], NINJS if name == "ninjs" else NEWSML, row[1])

"""The partner API's URLs, mounted at the site's root (outside the per-language patterns)."""

from django.urls import include, path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView

from . import views

api_patterns = [
    path("articles/", views.ArticleList.as_view(), name="partners_articles"),
    path("articles/<int:pk>/", views.ArticleDetail.as_view(), name="partners_article"),
    path(
        "schema/",
        SpectacularAPIView.as_view(
            urlconf="partners.urls",
            renderer_classes=[OpenApiJsonRenderer, OpenApiYamlRenderer],
            authentication_classes=[],  # public documentation: no key, no session
        ),
        name="partners_schema",
    ),
]

urlpatterns = [path("api/partners/v1/", include(api_patterns))]

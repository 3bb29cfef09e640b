"""A URLconf without Wagtail's page route: no page has a URL."""

urlpatterns: list = []

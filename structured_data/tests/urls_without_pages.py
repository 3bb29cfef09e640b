"""A URLconf without Wagtail's page route: no page has a URL."""

from typing import Any

urlpatterns: list[Any] = []

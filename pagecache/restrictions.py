"""Which pages sit behind a view restriction, from the cache: asked on every page served.

Wagtail's ``get_view_restrictions`` costs two queries per page served (the ancestors, then their
restrictions); the list of restricted paths (kept by :mod:`structured_data.visibility`, dropped
when a restriction changes) answers the common case, a page no restriction covers, with none.
"""

from __future__ import annotations

from typing import Any, cast

from wagtail.models import Page, PageViewRestriction

from structured_data import restricted_paths


def is_restricted(page: Any) -> bool:
    """Whether a view restriction covers ``page`` (an alias: its original's too, as Wagtail checks)."""
    if page.alias_of_id is not None:
        return cast("bool", Page.get_view_restrictions(page).exists())
    return any(page.path.startswith(path) for path in restricted_paths())


class CachedViewRestrictionsMixin:
    """For page models: Wagtail's view-restriction check skips its queries for a page none covers."""

    def get_view_restrictions(self) -> Any:
        if not is_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()  # type: ignore[misc]

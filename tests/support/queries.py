"""Counting the database queries of a request, for the query-count tests."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str, *, warm: bool = True) -> int:
    """Queries of one request, after a first request made the renditions (and, if warm, filled the caches)."""
    client.get(url)
    if not warm:
        cache.clear()
    else:  # the first view of a new site creates its publisher setting, a site-wide change
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)

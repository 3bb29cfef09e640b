import pytest
from django.test import Client

from tests.support.builders import build_site, make_article, make_author, make_image

#: The test site's host (``build_site``): the page cache stores pages only for a Wagtail Site's host.
SITE_HOST = "localhost"


@pytest.fixture
def client():
    """A test client that asks for the test site's host (an unknown Host is served, never stored)."""
    return Client(HTTP_HOST=SITE_HOST)


@pytest.fixture
def page_cache(settings):
    """The application page cache on (the test settings leave it off for other areas' query counts).

    Through pytest-django's ``settings`` like every other change a test makes, so that all of
    them are undone in order (an ``override_settings`` of its own, undone out of order, would leave
    the cache on for the rest of the session).
    """
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": True, "FRAGMENT_TIMEOUT": 600}


@pytest.fixture
def unreachable_cache(settings):
    """The page cache on a Redis nobody listens at (port 1), with its once-a-minute warning not yet logged."""
    from pagecache import store

    settings.CACHES = {
        **settings.CACHES,
        "broken": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "CACHE_ALIAS": "broken"}
    store._last_error_logged = 0.0


@pytest.fixture
def newsroom(db, django_capture_on_commit_callbacks):
    """Two sections, two authors, two photos, an article in each: changes to one leave the other alone."""
    with django_capture_on_commit_callbacks(execute=True):
        tree = build_site(sections=("Local", "Sports"))
        rita, tom = make_author("Rita Alvarez"), make_author("Tom Becker")
        ferry, stadium = make_image("Ferry"), make_image("Stadium")
        article = make_article(tree.sections[0], "Ferry schedule changes", authors=[rita], lead_image=ferry)
        article.tags.add("ferries")
        article.save_revision().publish()
        article.refresh_from_db()
        unrelated = make_article(tree.sections[1], "Harbor team wins", authors=[tom], lead_image=stadium)
    tree.rita, tree.tom, tree.ferry, tree.stadium = rita, tom, ferry, stadium
    tree.article, tree.unrelated = article, unrelated
    return tree

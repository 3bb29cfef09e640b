import shutil

import pytest
from django.conf import settings
from django.test import TestCase, TransactionTestCase

from tests.support.builders import build_site
from tests.support.newsletter import make_newsletter


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rendition and page caches must not carry over between tests."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: LocaleMiddleware activates a request's language
    on the thread and leaves it active after the test client's response (a /fr/ request would otherwise
    translate the next test's strings)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(name="tree")
def tree_fixture():
    """A site with its home page, a section and the authors index (a test module may define its own)."""
    return build_site()


@pytest.fixture(name="newsletter")
def newsletter_fixture(tree):
    return make_newsletter(tree.site)


def _flushes_the_database(item) -> bool:
    """A transactional test (pytest-django's ``transaction=True``, ``live_server``, a TransactionTestCase)
    empties every table when it ends."""
    test_class = getattr(item, "cls", None)
    if test_class is not None and issubclass(test_class, TransactionTestCase):
        return not issubclass(test_class, TestCase)
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, the rows the migrations made (root page and collection, locale, content
    types, groups) are put back, so the next test finds them whatever the order.

    Django restores them only at the start of the next ``serialized_rollback`` test, and relies on running
    transactional tests last; under pytest-xdist (``--dist loadscope``) a worker may run any test next.
    """
    result = yield
    if nextitem is not None and _flushes_the_database(item):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
        ContentType.objects.clear_cache()
    return result


def pytest_sessionfinish(session, exitstatus):
    media = str(settings.MEDIA_ROOT)
    if "newsroom-test-media-" in media:
        shutil.rmtree(media, ignore_errors=True)

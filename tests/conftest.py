import shutil

import pytest
from django.conf import settings

from tests.support.builders import build_site
from tests.support.newsletter import make_newsletter


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rendition and page caches must not carry over between tests."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture(name="tree")
def tree_fixture():
    """A site with its home page, a section and the authors index (a test module may define its own)."""
    return build_site()


@pytest.fixture(name="newsletter")
def newsletter_fixture(tree):
    return make_newsletter(tree.site)


def pytest_sessionfinish(session, exitstatus):
    media = str(settings.MEDIA_ROOT)
    if "newsroom-test-media-" in media:
        shutil.rmtree(media, ignore_errors=True)

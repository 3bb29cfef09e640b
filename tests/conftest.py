import shutil

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rendition and page caches must not carry over between tests."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


def pytest_sessionfinish(session, exitstatus):
    media = str(settings.MEDIA_ROOT)
    if "newsroom-test-media-" in media:
        shutil.rmtree(media, ignore_errors=True)

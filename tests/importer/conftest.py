"""Fixtures of the importer's tests."""

import pytest

from tests.support.import_helpers import corpus_copy, file_routes, serve


@pytest.fixture
def corpus(tmp_path, settings):
    """The corpus as pages saved from a server that still serves their images (over loopback)."""
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": True}
    routes: dict = {}
    with serve(routes) as base:
        target = corpus_copy(tmp_path, base)
        routes.update(file_routes(target / "images"))
        yield target

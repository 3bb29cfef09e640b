"""Fixtures for the newsletter tests: ``tree`` (a site with its pages) and ``newsletter`` on it."""

import pytest

from tests.support.builders import build_site
from tests.support.newsletter import make_newsletter


@pytest.fixture(name="tree")
def tree_fixture():
    return build_site()


@pytest.fixture(name="newsletter")
def newsletter_fixture(tree):
    return make_newsletter(tree.site)

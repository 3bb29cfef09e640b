"""Fixtures for the security regression tests: a site, a newsletter on it, an Editors-group user."""

import pytest
from django.contrib.auth.models import Group

from tests.support.builders import build_site
from tests.support.newsletter import make_newsletter


@pytest.fixture(name="tree")
def tree_fixture():
    return build_site()


@pytest.fixture(name="newsletter")
def newsletter_fixture(tree):
    return make_newsletter(tree.site)


@pytest.fixture(name="editor")
def editor_fixture(django_user_model):
    """A user in Wagtail's stock Editors group: admin access, page permissions, no newsletter permission."""
    user = django_user_model.objects.create_user("editor", "editor@newsroom.example", "correct horse")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture(name="superuser")
def superuser_fixture(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@newsroom.example", "correct horse")

"""Fixtures for the security regression tests: an Editors-group user and a superuser (``tree`` and
``newsletter`` come from tests/conftest.py)."""

import pytest
from django.contrib.auth.models import Group


@pytest.fixture(name="editor")
def editor_fixture(django_user_model):
    """A user in Wagtail's stock Editors group: admin access, page permissions, no newsletter permission."""
    user = django_user_model.objects.create_user("editor", "editor@newsroom.example", "correct horse")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture(name="superuser")
def superuser_fixture(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@newsroom.example", "correct horse")

"""The cached list of restricted paths never outlives a restriction added meanwhile (issue 23, "Also").

A reader that read the list just before a new restriction committed must not store it over the
change: the newly restricted page would be served publicly until the entry expired.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from wagtail.models import PageViewRestriction

from structured_data.visibility import restricted_paths

pytestmark = pytest.mark.django_db


def test_a_list_read_before_a_restriction_commits_is_not_kept(tree, django_capture_on_commit_callbacks):
    added = []

    def restrict_after_the_read(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "pageviewrestriction" in sql.lower() and sql.lstrip().upper().startswith("SELECT") and not added:
            added.append(True)  # the reader has its (empty) list; now an editor's restriction commits
            with django_capture_on_commit_callbacks(execute=True):
                PageViewRestriction.objects.create(page=tree.section, restriction_type=PageViewRestriction.LOGIN)
        return result

    cache.clear()  # the reader finds nothing cached and reads the database
    with connection.execute_wrapper(restrict_after_the_read):
        assert restricted_paths() == []  # what it read before the commit, for its own request only
    assert added
    assert restricted_paths() == [tree.section.path]


def test_the_list_is_read_again_after_the_commit(tree, django_capture_on_commit_callbacks):
    assert restricted_paths() == []
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=tree.home, restriction_type=PageViewRestriction.LOGIN)
    assert restricted_paths() == [tree.home.path]
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert restricted_paths() == []

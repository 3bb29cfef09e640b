"""``AppSettings``: the accessor every settings dict is read through, on a dict of its own."""

from __future__ import annotations

import warnings

import pytest
from django.core.exceptions import ImproperlyConfigured

from structured_data import AppSettings

WIDGETS = AppSettings(
    "TEST_WIDGETS", {"SIZE": 3, "LABEL": "plain"}, check_id="widgets.E001", flat_prefix="TEST_WIDGETS_"
)


def test_defaults_given_values_and_changes_are_read(settings):
    settings.TEST_WIDGETS = {}
    assert (WIDGETS.get("SIZE"), WIDGETS("LABEL")) == (3, "plain")
    settings.TEST_WIDGETS = {"SIZE": 9, "LABEL": ""}  # the resolved dict is dropped when the setting changes
    assert (WIDGETS.get("SIZE"), WIDGETS.get("LABEL")) == (9, "")


def test_an_unknown_key_fails_naming_it_and_the_check_reports_it(settings):
    settings.TEST_WIDGETS = {"SIZ": 4}
    with pytest.raises(ImproperlyConfigured, match="SIZ"):
        WIDGETS.get("SIZE")
    [error] = WIDGETS.check()
    assert (error.id, error.msg) == ("widgets.E001", "Unknown TEST_WIDGETS setting 'SIZ'.")
    settings.TEST_WIDGETS = {}
    with pytest.raises(ImproperlyConfigured, match="COLOUR"):
        WIDGETS.get("COLOUR")
    assert WIDGETS.check() == []


def test_a_flat_name_still_works_with_a_warning_and_the_dict_wins(settings):
    settings.TEST_WIDGETS = {}
    settings.TEST_WIDGETS_SIZE = 5
    with pytest.warns(DeprecationWarning, match="TEST_WIDGETS_SIZE"):
        assert WIDGETS.get("SIZE") == 5
    assert [warning.id for warning in WIDGETS.check()] == ["widgets.W001"]
    settings.TEST_WIDGETS = {"SIZE": 7}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert WIDGETS.get("SIZE") == 7


def test_a_digest_follows_the_values(settings):
    settings.TEST_WIDGETS = {}
    before = WIDGETS.digest(("SIZE", "LABEL"))
    assert WIDGETS.digest(("SIZE", "LABEL")) == before
    settings.TEST_WIDGETS = {"SIZE": 4}
    assert WIDGETS.digest(("SIZE", "LABEL")) != before
    settings.TEST_WIDGETS = {}
    assert WIDGETS.digest(("SIZE", "LABEL")) == before

"""One settings pattern for every app: a dict per app with its defaults in the app's conf.py, an unknown key
an ImproperlyConfigured naming it, and ``manage.py check`` reporting it under the app's own id."""

from __future__ import annotations

import io
import warnings

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from articles import conf as articles_conf
from importer import conf as importer_conf
from newsletter import conf as newsletter_conf
from pagecache import conf as pagecache_conf
from search import conf as search_conf
from structured_data import get_setting as structured_data_setting
from structured_data.conf import DEFAULTS as STRUCTURED_DATA_DEFAULTS

# (setting, a known key, how the app reads one, the check id a misspelt key gets)
APPS = [
    ("STRUCTURED_DATA", "ITEM_LIST_LENGTH", structured_data_setting, "structured_data.E001"),
    ("PAGE_CACHE", "MAX_VARIANTS", pagecache_conf.get_setting, "pagecache.E001"),
    ("LIVE_BLOG", "POLL_SECONDS", articles_conf.live_blog_setting, "articles.E001"),
    ("NEWSLETTER", "BATCH_SIZE", newsletter_conf.get_setting, "newsletter.E002"),
    ("ARTICLE_IMPORT", "MAX_REDIRECTS", importer_conf.get_setting, "importer.E001"),
    ("SITE_SEARCH", "MAX_TERMS", search_conf.get_setting, "search.E001"),
]
DEFAULTS = {
    "STRUCTURED_DATA": STRUCTURED_DATA_DEFAULTS,
    "PAGE_CACHE": pagecache_conf.DEFAULTS,
    "LIVE_BLOG": articles_conf.DEFAULTS,
    "NEWSLETTER": newsletter_conf.DEFAULTS,
    "ARTICLE_IMPORT": importer_conf.DEFAULTS,
    "SITE_SEARCH": search_conf.DEFAULTS,
}


def check_output() -> str:
    out = io.StringIO()
    try:
        call_command("check", stdout=out, stderr=out)
    except SystemCheckError as error:
        return str(error)
    return out.getvalue()


@pytest.mark.parametrize(("setting", "key", "read", "check_id"), APPS)
def test_a_given_value_is_read_and_a_missing_one_is_the_default(settings, setting, key, read, check_id):
    current = getattr(settings, setting, None) or {}
    setattr(settings, setting, {name: value for name, value in current.items() if name != key})
    assert read(key) == DEFAULTS[setting][key]
    given = DEFAULTS[setting][key] + 3
    setattr(settings, setting, {**current, key: given})
    assert read(key) == given


@pytest.mark.parametrize(("setting", "key", "read", "check_id"), APPS)
def test_a_misspelt_key_fails_naming_it(settings, setting, key, read, check_id):
    misspelt = key.replace("_", "", 1)
    current = getattr(settings, setting, None) or {}
    setattr(settings, setting, {**current, misspelt: 1})
    with pytest.raises(ImproperlyConfigured, match=misspelt):
        read(key)
    setattr(settings, setting, current)
    with pytest.raises(ImproperlyConfigured, match="NO_SUCH_KEY"):
        read("NO_SUCH_KEY")


@pytest.mark.django_db
@pytest.mark.parametrize(("setting", "key", "read", "check_id"), APPS)
def test_manage_py_check_reports_a_misspelt_key_under_the_apps_id(settings, setting, key, read, check_id):
    misspelt = key.replace("_", "", 1)
    setattr(settings, setting, {**(getattr(settings, setting, None) or {}), misspelt: 1})
    output = check_output()
    assert check_id in output
    assert repr(misspelt) in output


@pytest.mark.django_db
def test_the_projects_settings_pass_the_checks():
    output = check_output()
    for *_rest, check_id in APPS:
        assert check_id not in output
    assert "importer.W001" not in output


@pytest.mark.django_db
def test_the_importers_flat_names_still_work_with_a_deprecation_warning(settings):
    settings.ARTICLE_IMPORT = {}
    settings.ARTICLE_IMPORT_MAX_REDIRECTS = 2
    with pytest.warns(DeprecationWarning, match=r"ARTICLE_IMPORT_MAX_REDIRECTS.*ARTICLE_IMPORT = \{'MAX_REDIRECTS'"):
        assert importer_conf.get_setting("MAX_REDIRECTS") == 2
    assert "importer.W001" in check_output()
    settings.ARTICLE_IMPORT = {"MAX_REDIRECTS": 7}  # the dict wins, and says nothing
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert importer_conf.get_setting("MAX_REDIRECTS") == 7


def test_an_empty_string_is_a_value_like_any_other(settings):
    settings.NEWSLETTER = {**settings.NEWSLETTER, "ARTICLE_MODEL": ""}
    assert newsletter_conf.get_setting("ARTICLE_MODEL") == ""

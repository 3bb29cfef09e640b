"""The defaults of ``PAGE_CACHE`` know no site: only Wagtail's and Django's models and paths."""

from __future__ import annotations

from django.apps import apps

from pagecache.conf import DEFAULTS, get_setting


def test_default_models_are_wagtails_or_djangos():
    labels = [*DEFAULTS["SITE_WIDE_MODELS"], *DEFAULTS["WATCHED_MODELS"]]
    assert labels
    for label in labels:
        assert apps.get_model(label).__module__.startswith(("wagtail.", "django."))


def test_default_paths_are_wagtails_and_djangos():
    assert set(DEFAULTS["EXCLUDED_PATHS"]) == {"/admin/", "/documents/", "/static/", "/media/"}
    assert DEFAULTS["PRIVATE_PATHS"] == ("/admin/",)


def test_default_key_parameters_page_listings_and_sitemaps():
    assert DEFAULTS["KEY_PARAMS"] == ("page", "p")
    assert set(DEFAULTS["KEY_PARAM_VALUES"]) <= set(DEFAULTS["KEY_PARAMS"])
    assert set(DEFAULTS["PAGING_PARAMS"]) <= set(DEFAULTS["KEY_PARAMS"])


def test_a_site_setting_replaces_the_default(settings):
    settings.PAGE_CACHE = {"EXCLUDED_PATHS": ("/forms/",)}
    assert get_setting("EXCLUDED_PATHS") == ("/forms/",)
    assert get_setting("SITE_WIDE_MODELS") == ("wagtailcore.Site",)

"""Which pages read a changed object or page comes from the ``pagecache_pages_reading`` hooks."""

from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.models import Collection

from pagecache import affected


def _urls(page: Any) -> set[str]:
    return affected.own_urls(page)


def test_the_hooks_name_the_pages_built_from_an_object(plain_site):
    collection = Collection.get_first_root_node().add_child(name="Read by the first page")
    calls = []

    def first_reads_it(obj, *, republished=False):
        calls.append((obj, republished))
        return [plain_site.first.pk] if obj == collection else []

    with hooks.register_temporarily(affected.PAGES_READING_HOOK, first_reads_it):
        urls = affected.urls_for_object(collection)

    assert calls == [(collection, False)]
    assert _urls(plain_site.first) <= urls
    assert not _urls(plain_site.second) & urls


def test_every_hook_counts(plain_site):
    collection = Collection.get_first_root_node().add_child(name="Read by both")
    with hooks.register_temporarily(
        [
            (affected.PAGES_READING_HOOK, lambda obj, **kw: [plain_site.first.pk]),
            (affected.PAGES_READING_HOOK, lambda obj, **kw: {plain_site.second.pk}),
        ]
    ):
        assert affected.pages_reading(collection) == {plain_site.first.pk, plain_site.second.pk}


def test_a_republished_page_asks_the_hooks_for_what_it_changed(plain_site):
    calls = []

    def second_reads_the_first(obj, *, republished=False):
        calls.append((obj.pk, republished))
        return [plain_site.second.pk, plain_site.first.pk] if obj.pk == plain_site.first.pk else []

    with hooks.register_temporarily(affected.PAGES_READING_HOOK, second_reads_the_first):
        urls = affected.urls_for_page(plain_site.first, republished=True)

    assert (plain_site.first.pk, True) in calls
    assert _urls(plain_site.second) <= urls  # a page that reads it
    assert _urls(plain_site.first) <= urls  # the page itself, as always


def test_when_no_hook_names_a_page_only_the_page_and_its_parent_go(plain_site):
    assert affected.pages_reading(plain_site.first) == set()
    urls = affected.urls_for_page(plain_site.first)
    assert _urls(plain_site.first) | _urls(plain_site.home) <= urls
    assert not _urls(plain_site.second) & urls

"""Admin integration: the Author snippet viewset and the missing-credit warning."""

from django.contrib import messages
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import cache_urls
from .models import ArticlePage, Author


class AuthorFilterSet(WagtailFilterSet):
    class Meta:
        model = Author
        fields = ["organisation"]


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "job_title", "location", "organisation"]
    search_fields = ["name", "job_title"]
    filterset_class = AuthorFilterSet


register_snippet(AuthorViewSet)


def _warn_about_missing_credits(request, page):
    if isinstance(page, ArticlePage):
        for item in page.photos_missing_credit():
            messages.warning(request, f"No photo credit for {item}. Add one to the image or where it is used.")


hooks.register("after_create_page", _warn_about_missing_credits)
hooks.register("after_edit_page", _warn_about_missing_credits)


@hooks.register("insert_editor_js")
def length_hint_counters():
    """Character counters beside the SEO and social fields (their limits are data-length-hint)."""
    return format_html('<script src="{}"></script>', static("articles/length_hints.js"))


# Purges of the page cache and the CDN: which pages read a page or an object, what else shows it
# (articles/cache_urls.py).
hooks.register("pagecache_pages_reading", cache_urls.pages_reading)
hooks.register("pagecache_page_urls", cache_urls.page_urls)
hooks.register("pagecache_object_urls", cache_urls.object_urls)
hooks.register("pagecache_site_urls", cache_urls.site_urls)
hooks.register("pagecache_page_keys", cache_urls.page_keys)


# Live blogs: the "Post an update" quick action (articles/liveblog_admin.py).
@hooks.register("register_admin_urls")
def register_liveblog_urls():
    from django.urls import path

    from .liveblog_admin import PostUpdateView

    return [path("liveblog/<int:page_id>/update/", PostUpdateView.as_view(), name="liveblog_post_update")]


@hooks.register("register_page_header_buttons")
def liveblog_header_buttons(page, user, view_name, next_url=None):
    from .liveblog_admin import header_buttons

    yield from header_buttons(page, user, view_name, next_url)


@hooks.register("register_page_listing_more_buttons")
def liveblog_listing_buttons(page, user, next_url=None):
    from .liveblog_admin import header_buttons

    yield from header_buttons(page, user, None, next_url)


# Translations: a page answers only under its own language's prefix. Without this, /de/... with no
# German home page would serve the English pages (Wagtail falls back to the default root).
@hooks.register("before_serve_page")
def serve_pages_in_their_own_language(page, request, serve_args, serve_kwargs):
    from django.http import Http404

    from .translations import active_language, default_language, i18n_enabled

    if not i18n_enabled():
        return None
    language = active_language()
    if language == default_language():
        return None  # unprefixed: served from the site's root page, in the default language (no query)
    if page.locale.language_code != language:
        raise Http404("No such page in this language")
    return None

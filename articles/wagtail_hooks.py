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


# Purges of the page cache and the CDN: what else shows a page or an object (articles/cache_urls.py).
hooks.register("pagecache_page_urls", cache_urls.page_urls)
hooks.register("pagecache_object_urls", cache_urls.object_urls)
hooks.register("pagecache_site_urls", cache_urls.site_urls)

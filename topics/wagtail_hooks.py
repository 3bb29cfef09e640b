"""The Topic snippet in the admin, the topics file of the sitemap index and the page cache's purges."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import cache_urls
from .models import Topic
from .sitemaps import TopicsSitemap


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["__str__", "tag", "locale"]
    search_fields = ["heading"]


register_snippet(TopicViewSet)


@hooks.register("register_sitemap_files")
def topics_sitemap_file():
    return {"topics": TopicsSitemap}


hooks.register("pagecache_page_urls", cache_urls.page_urls)
hooks.register("pagecache_object_urls", cache_urls.object_urls)
hooks.register("pagecache_site_urls", cache_urls.site_urls)


@hooks.register("load_demo_content")
def demo_topics(site, log):
    from .demo import ensure_topics

    ensure_topics(site, log)

"""Topic pages and their feeds (included per language, before Wagtail's catch-all)."""

from django.urls import path, register_converter

from pagecache.decorators import public_cache

from . import feeds, views

app_name = "topics"


class TagSlugConverter:
    """A tag's slug as django-taggit makes it: ``slugify(name, allow_unicode=True)``, so ``éducation`` or
    ``東京`` as well as ``harbor`` (Django's ``slug`` converter is ASCII only)."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TagSlugConverter, "tagslug")

urlpatterns = [
    path("topics/<tagslug:slug>/", views.topic_page, name="topic"),
    path("feeds/topics/<tagslug:slug>/rss/", public_cache(feeds.TopicFeed()), name="feed_rss"),
    path("feeds/topics/<tagslug:slug>/atom/", public_cache(feeds.AtomTopicFeed()), name="feed_atom"),
]

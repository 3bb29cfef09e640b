"""Topic pages and their feeds (included per language, before Wagtail's catch-all)."""

from django.urls import path

from pagecache.decorators import public_cache

from . import feeds, views

app_name = "topics"

urlpatterns = [
    path("topics/<slug:slug>/", views.topic_page, name="topic"),
    path("feeds/topics/<slug:slug>/rss/", public_cache(feeds.TopicFeed()), name="feed_rss"),
    path("feeds/topics/<slug:slug>/atom/", public_cache(feeds.AtomTopicFeed()), name="feed_atom"),
]

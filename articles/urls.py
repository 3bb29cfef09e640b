"""Site-level outputs of the newsroom: feeds, sitemaps and robots.txt (included before Wagtail's catch-all)."""

from django.urls import path

from . import feeds, sitemaps

app_name = "articles"

urlpatterns = [
    path("feeds/rss/", feeds.ArticleFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    path("feeds/sections/<slug:slug>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("feeds/sections/<slug:slug>/atom/", feeds.AtomSectionFeed(), name="section_feed_atom"),
    path("feeds/authors/<slug:slug>/rss/", feeds.AuthorFeed(), name="author_feed_rss"),
    path("feeds/authors/<slug:slug>/atom/", feeds.AtomAuthorFeed(), name="author_feed_atom"),
    path("feeds/corrections/rss/", feeds.CorrectionsFeed(), name="corrections_feed_rss"),
]

# Outside the namespace: robots.txt and sitemaps live at conventional top-level names.
root_urlpatterns = [
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
]

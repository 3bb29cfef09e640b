"""Site-level outputs of the newsroom: feeds, date archives, sitemaps and robots.txt (before Wagtail's catch-all)."""

from django.urls import path, register_converter

from pagecache.decorators import public_cache

from . import archives, feeds, sitemaps

register_converter(archives.FourDigitYear, "yyyy")
register_converter(archives.TwoDigits, "nn")

app_name = "articles"

urlpatterns = [
    path("feeds/rss/", public_cache(feeds.ArticleFeed()), name="feed_rss"),
    path("feeds/atom/", public_cache(feeds.AtomArticleFeed()), name="feed_atom"),
    path("feeds/sections/<slug:slug>/rss/", public_cache(feeds.SectionFeed()), name="section_feed_rss"),
    path("feeds/sections/<slug:slug>/atom/", public_cache(feeds.AtomSectionFeed()), name="section_feed_atom"),
    path("feeds/authors/<slug:slug>/rss/", public_cache(feeds.AuthorFeed()), name="author_feed_rss"),
    path("feeds/authors/<slug:slug>/atom/", public_cache(feeds.AtomAuthorFeed()), name="author_feed_atom"),
    path("feeds/corrections/rss/", public_cache(feeds.CorrectionsFeed()), name="corrections_feed_rss"),
    # Date archives (articles/archives.py): a Wagtail page at the same path (a section called "2024")
    # is served instead, so these patterns hide nothing.
    path("<yyyy:year>/", archives.date_archive, name="archive_year"),
    path("<yyyy:year>/<nn:month>/", archives.date_archive, name="archive_month"),
    path("<yyyy:year>/<nn:month>/<nn:day>/", archives.date_archive, name="archive_day"),
]

# Outside the namespace: robots.txt and sitemaps live at conventional top-level names.
root_urlpatterns = [
    path("robots.txt", public_cache(sitemaps.robots_txt), name="robots_txt"),
    path("sitemap.xml", public_cache(sitemaps.sitemap), name="sitemap"),
    path("sitemap-<slug:section>.xml", public_cache(sitemaps.sitemap_section), name="sitemap_section"),
    path("news-sitemap.xml", public_cache(sitemaps.news_sitemap), name="news_sitemap"),
]

"""Full-page caching for anonymous readers: HTTP cache headers, an application page cache, purges.

One invalidation path: a change names its objects (signals), the dependency records and the
``pagecache_*_urls`` hooks name the URLs (:mod:`pagecache.affected`), and :mod:`pagecache.purge`
drops those URLs from the application cache and sends them to ``wagtail.contrib.frontend_cache``.
"""

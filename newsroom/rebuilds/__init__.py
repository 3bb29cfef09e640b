"""Background rebuilds: what an editor's change leaves for task workers, in batches, with progress.

Renaming an author of 5,000 articles drops those articles' stored graphs in the save (one query)
and purges their cached pages by key (one call, pagecache/keys.py); building the 5,000 graphs
again is left to task workers (``manage.py db_worker``) in batches, each a :class:`Rebuild` row's
progress that the admin shows (the dashboard panel and Reports → Background updates).
"""

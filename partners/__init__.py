"""The partner content API: stories in ninjs and NewsML-G2 for agencies, aggregators and apps.

A site app, not part of the structured_data plugin: keys are scoped to this site's sections and
decide who receives subscriber-only bodies (``articles.models.paywall``). The items themselves come
from the plugin's news formats, read from the stored graphs. See docs/partner-api.md.
"""

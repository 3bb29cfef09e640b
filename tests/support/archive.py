"""Pages inserted in bulk, as an import of a large archive would: for ``bench/bench_archive.py`` and the
listing tests that compare query counts at two sizes."""

from __future__ import annotations


def insert_pages(parent, pages: list, progress=None, batch_size: int = 2000) -> None:
    """``pages`` (unsaved, of one page class) inserted below ``parent`` in bulk.

    What ``Page.save`` works out per page (tree path, URL path, draft title, content type) is set
    here; then the page rows and the page class's own rows go in ``batch_size`` at a time, without
    signals: a bulk import reindexes once at the end. ``ArticlePage.save`` sets ``listing_date``;
    pages inserted here must have it set by the caller.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    if not pages:
        return
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    start, depth = parent.numchild, parent.depth + 1
    for offset, page in enumerate(pages, start=1):
        page.depth = depth
        page.path = Page._get_path(parent.path, depth, start + offset)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.content_type = content_type
        page.locale_id = page.locale_id or parent.locale_id
    own_fields = list(model._meta.local_concrete_fields)
    for low in range(0, len(pages), batch_size):
        batch = pages[low : low + batch_size]
        Page.objects.bulk_create(batch)  # gives each page its id
        for page in batch:
            page.page_ptr_id = page.id
            page._state.adding = False
        model._base_manager._insert(batch, fields=own_fields, using="default")
        if progress is not None:
            progress(len(batch))
    parent.numchild = start + len(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild)

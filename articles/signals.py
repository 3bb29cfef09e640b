"""Keep ``ArticlePage.section_page`` in step with the tree when Wagtail moves an article (Wagtail's
move action saves the plain ``Page`` row, so ``ArticlePage.save`` does not run); remember what the
listings showed of an article before it is published again (for the page cache's purges).
"""

from wagtail.signals import post_page_move

from .models import ArticlePage, LiveBlogPage, SectionPage


def update_section_after_move(sender, instance, parent_page_after, **kwargs):
    section_id = parent_page_after.id if parent_page_after.specific_class is SectionPage else None
    ArticlePage.objects.filter(pk=instance.pk).update(section_page_id=section_id)


def translation_published(sender, instance, **kwargs):
    """A newly published language version changes the other versions' JSON-LD (workTranslation)."""
    from django.conf import settings
    from wagtail.models import Page

    from structured_data import page_changed

    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    for other in Page.objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk):
        page_changed(other)


def remember_listing_before_save(sender, instance, update_fields=None, **kwargs):
    """What the listings showed an article under before this save: its date and tags (still in the
    database), so that a publication that moves it purges the day and the topics it leaves too."""
    if instance.pk is None or update_fields is not None:
        return  # a new page, or a revision's bookkeeping (a draft changes no listing)
    row = ArticlePage.objects.filter(pk=instance.pk).values_list("listing_date", "live").first()
    if row is None:
        return
    from .models import ArticleTag

    slugs = list(ArticleTag.objects.filter(content_object_id=instance.pk).values_list("tag__slug", flat=True))
    instance._listed_before = {"listing_date": row[0] if row[1] else None, "tags": slugs}


def connect():
    from django.db.models.signals import pre_save
    from wagtail.signals import page_published

    from .rendition_making import on_page_published

    for model in (ArticlePage, LiveBlogPage):
        pre_save.connect(
            remember_listing_before_save, sender=model, dispatch_uid=f"articles.before_save.{model.__name__}"
        )

    page_published.connect(translation_published, dispatch_uid="articles.translation_published")
    page_published.connect(on_page_published, dispatch_uid="articles.renditions_on_publish")
    post_page_move.connect(update_section_after_move, sender=ArticlePage, dispatch_uid="articles.section_after_move")
    # A live blog is an article: its section is kept the same way.
    post_page_move.connect(
        update_section_after_move, sender=LiveBlogPage, dispatch_uid="articles.liveblog_section_after_move"
    )

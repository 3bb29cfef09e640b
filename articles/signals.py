"""Keep ``ArticlePage.section_page`` in step with the tree when Wagtail moves an article.

Wagtail's move action saves the plain ``Page`` row, so ``ArticlePage.save`` does not run.
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


def connect():
    from wagtail.signals import page_published

    from .rendition_making import on_page_published

    page_published.connect(translation_published, dispatch_uid="articles.translation_published")
    page_published.connect(on_page_published, dispatch_uid="articles.renditions_on_publish")
    post_page_move.connect(update_section_after_move, sender=ArticlePage, dispatch_uid="articles.section_after_move")
    # A live blog is an article: its section is kept the same way.
    post_page_move.connect(
        update_section_after_move, sender=LiveBlogPage, dispatch_uid="articles.liveblog_section_after_move"
    )

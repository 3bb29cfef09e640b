"""A topic: what the editors say about a tag in one language (its page lists the tag's articles).

Every tag in use has a topic page whether or not a ``Topic`` exists: the snippet only adds a
heading, an introduction and an image, per locale (translated with Wagtail's "Translate").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, TranslatableMixin


class Topic(TranslatableMixin, models.Model):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="topics")
    heading = models.CharField(max_length=120, blank=True, help_text="Leave blank to use the tag's own name.")
    introduction = RichTextField(
        blank=True, max_length=2000, features=["bold", "italic", "link"],
        help_text="A few sentences at the top of the topic page: what the story is and why it matters.",
    )  # fmt: skip
    image = models.ForeignKey("articles.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("tag"), FieldPanel("heading"), FieldPanel("introduction"), FieldPanel("image")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "topic"
        constraints = [models.UniqueConstraint(fields=["tag", "locale"], name="one_topic_per_tag_and_locale")]

    def __str__(self) -> str:
        return self.heading or self.tag.name

    def clean(self) -> None:
        """One topic per tag and language, said on the form: the admin's form leaves ``locale`` out, so
        Django's constraint validation skips the constraint and the database would refuse the save."""
        super().clean()
        locale_id = self.locale_id or Locale.get_default().pk
        if self.tag_id and Topic.objects.filter(tag_id=self.tag_id, locale_id=locale_id).exclude(pk=self.pk).exists():
            raise ValidationError({"tag": "This tag already has a topic in this language: edit that one instead."})

    @classmethod
    def for_tag(cls, tag: Tag, locale_id: int | None) -> Topic | None:
        """The editors' words on ``tag`` in a locale, with its image and the renditions shown loaded."""
        if locale_id is None:
            return None
        from articles.models.images import images_with_renditions
        from articles.renditions import LEAD_SCHEMA_SPECS, TOP_STORY_SPEC

        image = images_with_renditions(TOP_STORY_SPEC, *LEAD_SCHEMA_SPECS)
        return cls.objects.filter(tag=tag, locale_id=locale_id).prefetch_related(Prefetch("image", image)).first()

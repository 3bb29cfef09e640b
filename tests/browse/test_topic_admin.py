"""Editors write a topic's words in the admin (a snippet), and translate them."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import rich_text

from topics.models import Topic


class TopicAdminTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tag = Tag.objects.create(name="harbor", slug="harbor")
        cls.french = Locale.objects.create(language_code="fr")

    def setUp(self):
        self.login()

    def test_create_list_and_translate(self):
        add = reverse("wagtailsnippets_topics_topic:add")
        response = self.client.post(
            add,
            {
                "tag": self.tag.pk,
                "heading": "The harbor",
                "introduction": rich_text("<p>All about it.</p>"),
                "image": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        topic = Topic.objects.get()
        assert (topic.heading, topic.tag, topic.locale.language_code) == ("The harbor", self.tag, "en")
        assert "The harbor" in self.client.get(reverse("wagtailsnippets_topics_topic:list")).content.decode()
        translate = reverse("simple_translation:submit_snippet_translation", args=["topics", "topic", topic.pk])
        assert self.client.post(translate, {"locales": [self.french.pk]}).status_code == 302
        copy = Topic.objects.get(locale=self.french)
        assert copy.translation_key == topic.translation_key and copy.tag == self.tag

    def test_one_topic_per_tag_and_language(self):
        Topic.objects.create(tag=self.tag, heading="The harbor")
        response = self.client.post(
            reverse("wagtailsnippets_topics_topic:add"),
            {"tag": self.tag.pk, "heading": "Again", "introduction": rich_text("")},
        )
        assert response.status_code == 200  # the form again, with the error
        assert Topic.objects.count() == 1

"""Demo topics: the editors' words on two of the demo's busiest tags, in English and in French."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from taggit.models import Tag
from wagtail.models import Locale

from articles.models import ArticlePage

from .models import Topic

#: tag name -> {language: (heading, introduction)}
TOPICS = {
    "harbor": {
        "en": (
            "The harbor",
            "<p>Dredging, docks, bonds and the boats that still make a living here: our reporting on the "
            "harbor that built the town and the votes that will decide what it becomes.</p>",
        ),
        "fr": (
            "Le port",
            "<p>Dragage, quais, emprunts et bateaux qui font encore vivre la ville : notre couverture du "
            "port qui l'a bâtie et des votes qui décideront de son avenir.</p>",
        ),
    },
    "ferry": {
        "en": (
            "The island ferry",
            "<p>Timetables, fares and the long argument over who pays for the crossing to Greeley Island.</p>",
        ),
    },
}


def ensure_topics(site: Any, log: Callable[[str], None]) -> None:
    """Create the demo topics that are missing (a second run changes nothing)."""
    for name, versions in TOPICS.items():
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            continue
        photo = (
            ArticlePage.objects.filter(tagged_items__tag=tag, lead_image__isnull=False)
            .order_by("-listing_date")
            .values_list("lead_image", flat=True)
            .first()
        )
        original = None
        for language, (heading, introduction) in versions.items():
            locale = Locale.objects.filter(language_code=language).first()
            if locale is None or Topic.objects.filter(tag=tag, locale=locale).exists():
                continue
            fields = {"heading": heading, "introduction": introduction, "image_id": photo}
            if original is not None:
                fields["translation_key"] = original.translation_key
            topic = Topic.objects.create(tag=tag, locale=locale, **fields)
            original = original or topic
            log(f"Wrote the topic “{heading}” ({language}).")

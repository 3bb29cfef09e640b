"""Small real sites for the plugin's tests, built from the test app's page models only (no newsroom code)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from structured_data.registry import registry
from structured_data.schema import Schema

from .testapp.models import EventPage, PlainPage


def jpeg_bytes(width: int = 1600, height: int = 900, color: tuple[int, int, int] = (40, 90, 140)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def make_image(title: str = "Harbor at dawn", width: int = 1600, height: int = 900, **fields: Any) -> Any:
    image = get_image_model()(title=title, **fields)
    image.file = ImageFile(io.BytesIO(jpeg_bytes(width, height)), name=f"{slugify(title) or 'photo'}.jpg")
    image.save()
    return image


def publish(page: Page) -> Page:
    """Publish ``page``'s latest state as a revision, the way the editor's Publish button does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_site(hostname: str = "localhost", port: int = 80) -> SimpleNamespace:
    """A plain home page as the default site's root, with one plain section page under it."""
    root = Page.get_first_root_node()
    if root is None:  # a transactional test before this one flushed the migrations' root page and locale
        ContentType.objects.clear_cache()
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    Site.objects.all().delete()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=PlainPage(title="The Test Ledger", slug="home"))
    site = Site.objects.create(
        hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="The Test Ledger"
    )
    section = home.add_child(instance=PlainPage(title="Local", slug="local"))
    return SimpleNamespace(root=root, home=home, site=site, section=section)


def build_published_site() -> SimpleNamespace:
    """:func:`build_site` with a publisher ("Events Weekly", with a logo) in its settings."""
    from structured_data.models import PublisherSettings

    tree = build_site()
    PublisherSettings.objects.create(site=tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
    return tree


def make_event(parent: Page, title: str, **fields: Any) -> EventPage:
    import datetime

    fields.setdefault("slug", slugify(title) or "event")
    fields.setdefault("venue", "Pier 1")
    fields.setdefault("starts_at", datetime.datetime(2025, 7, 4, 18, tzinfo=datetime.UTC))
    event = parent.add_child(instance=EventPage(title=title, **fields))
    return publish(event)


def make_plain(parent: Page, title: str, **fields: Any) -> PlainPage:
    fields.setdefault("slug", slugify(title) or "page")
    page = parent.add_child(instance=PlainPage(title=title, **fields))
    return publish(page)


@contextmanager
def registered(model: type, schema: type[Schema]) -> Iterator[None]:
    """Describe ``model`` with ``schema`` for the duration (the test app's own schema afterwards)."""
    previous = registry.get_for_model(model)
    assert previous is not None
    registry.register(model, schema)
    try:
        yield
    finally:
        registry.register(model, previous)

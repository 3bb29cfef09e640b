"""Build small, real content trees for tests: real images, real pages, real revisions."""

from __future__ import annotations

import io
from types import SimpleNamespace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from articles.models import ArticleAuthor, ArticlePage, Author, AuthorIndexPage, HomePage, SectionPage


def jpeg_bytes(width: int = 1600, height: int = 900, color=(40, 90, 140), **save_kwargs) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "JPEG", quality=70, **save_kwargs)
    return buffer.getvalue()


def make_image(title: str = "Harbor at dawn", width: int = 1600, height: int = 900, **fields):
    image = get_image_model()(title=title, **fields)
    image.file = ImageFile(io.BytesIO(jpeg_bytes(width, height)), name=f"{slugify(title) or 'photo'}.jpg")
    image.save()
    return image


def make_author(name: str, **fields) -> Author:
    fields.setdefault("slug", slugify(name))
    fields.setdefault("job_title", "Reporter")
    fields.setdefault("short_bio", f"{name} covers the waterfront.")
    return Author.objects.create(name=name, **fields)


def build_site(hostname: str = "localhost", port: int = 80, sections=("Local",)) -> SimpleNamespace:
    """A home page as the default site's root, with sections and an authors index."""
    root = Page.get_first_root_node()
    if root is None:
        # A transactional test without serialized_rollback that runs after one with it (tests/test_browser.py)
        # finds the tables flushed, the migrations' root page and locale included. Giving that test
        # serialized_rollback=True too (test_newsletter_sending.py) would make this branch unnecessary.
        ContentType.objects.clear_cache()
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    Site.objects.all().delete()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="The Test Ledger", slug="home"))
    site = Site.objects.create(
        hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="The Test Ledger"
    )
    section_pages = [
        home.add_child(instance=SectionPage(title=title, slug=slugify(title), show_in_menus=True)) for title in sections
    ]
    authors_index = home.add_child(instance=AuthorIndexPage(title="Authors", slug="authors"))
    return SimpleNamespace(
        root=root,
        home=home,
        site=site,
        sections=section_pages,
        section=section_pages[0],
        authors_index=authors_index,
    )


def make_article(section: SectionPage, title: str, *, authors=(), publish: bool = True, **fields) -> ArticlePage:
    fields.setdefault("standfirst", f"What happened: {title}.")
    fields.setdefault("slug", slugify(title)[:80] or "article")
    article = ArticlePage(title=title, live=publish, **fields)
    for order, author in enumerate(authors):
        article.article_authors.add(ArticleAuthor(author=author, sort_order=order))
    section.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
        article.refresh_from_db()
    return article


def image_block(image, caption: str = "", credit: str = "", alt_text: str = "") -> tuple:
    return ("image", {"image": image, "caption": caption, "credit": credit, "alt_text": alt_text})


def paragraph(html: str) -> tuple:
    from wagtail.rich_text import RichText

    return ("paragraph", RichText(html))


def make_live_blog(section: SectionPage, title: str, *, updates=(), authors=(), publish: bool = True, **fields):
    """A live blog with ``updates``: dicts of LiveBlogUpdate fields (``authors`` a list of Author)."""
    from articles.models import LiveBlogPage, LiveBlogUpdate

    fields.setdefault("standfirst", f"Live: {title}.")
    fields.setdefault("slug", slugify(title)[:80] or "live")
    page = LiveBlogPage(title=title, live=publish, **fields)
    for order, author in enumerate(authors):
        page.article_authors.add(ArticleAuthor(author=author, sort_order=order))
    for data in updates:
        data = dict(data)
        update_authors = data.pop("authors", [])
        update = LiveBlogUpdate(**data)
        update.authors = update_authors
        page.updates.add(update)
    section.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def translate(page, language_code: str, *, publish: bool = True, **fields):
    """A translation of ``page`` into ``language_code`` (as simple_translation makes it), with ``fields`` changed.

    Its parent must have a translation already (translate the home page, then its sections).
    """
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    translated = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    revision = translated.save_revision()
    if publish:
        revision.publish()
    translated.refresh_from_db()
    return translated


def translate_site(tree, language_code: str, titles: dict | None = None) -> SimpleNamespace:
    """Home, sections and authors index in another language (published), like ``build_site``'s tree."""
    titles = titles or {}
    home = translate(tree.home, language_code, title=titles.get("home", f"{tree.home.title} ({language_code})"))
    sections = [translate(s, language_code, title=titles.get(s.slug, s.title)) for s in tree.sections]
    authors_index = translate(tree.authors_index, language_code, title=titles.get("authors", "Authors"))
    return SimpleNamespace(home=home, sections=sections, section=sections[0], authors_index=authors_index)

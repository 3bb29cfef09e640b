"""Loading the demo newspaper: pages, snippets, settings and an admin user, from ``content``.

Idempotent: everything is matched by slug (pages, authors), title (images) or username, and only
what is missing is created. Running it twice changes nothing. Photos are drawn at run time
(``drawing``) and no renditions are generated here; the templates make them on first view.
"""

import html
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from wagtail import hooks
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from structured_data import PublisherPolicy, PublisherSettings, PublisherSocialLink

from ..models import (
    AccessSettings,
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    Author,
    AuthorIndexPage,
    AuthorProfileLink,
    CorrectionsPage,
    HomePage,
    LiveBlogPage,
    LiveBlogUpdate,
    SectionPage,
)
from . import content
from .drawing import draw_logo, draw_photo, draw_portrait

WELCOME_TITLE = "Welcome to your new Wagtail site!"

# Articles are dated within this window, during newsroom hours (local time).
WINDOW = timedelta(hours=71)
NEWSROOM_HOURS = range(6, 23)


class DemoContentError(Exception):
    """The demo cannot be loaded as asked (the message says why and what to change)."""


@dataclass
class Loaded:
    """What a run did: the default site, what it created, and the admin password it generated (if any)."""

    site: Site
    created: dict[str, int]
    admin_password: str | None


def load(hostname: str, port: int, admin_username: str = "admin", log: Callable[[str], None] = print) -> Loaded:
    """Create what is missing of the demo site, in one transaction; ``log`` gets a line per thing created."""
    from django.conf import settings

    from ..rendition_making import make_all_renditions

    loaded = DemoLoader(log).load(hostname, port, admin_username)
    if getattr(settings, "ARTICLES_RENDITIONS_AHEAD", True):
        make_all_renditions(log)  # the demo's photos at every size readers get, before the first reader
    return loaded


def _paragraph(text):
    return f"<p>{html.escape(text, quote=False)}</p>"


def publication_times(count, now):
    """``count`` datetimes, newest first, spread over the last WINDOW during newsroom hours."""
    slots = []
    step = timedelta(minutes=5)
    moment = now - timedelta(minutes=20)
    while moment > now - WINDOW:
        if timezone.localtime(moment).hour in NEWSROOM_HOURS:
            slots.append(moment)
        moment -= step
    picks = [slots[min(len(slots) - 1, int((i + 0.2) * len(slots) / count))] for i in range(count)]
    return [pick.replace(second=0, microsecond=0) - timedelta(minutes=i % 4) for i, pick in enumerate(picks)]


#: What the demo's editors may set on an article (``content.EDITORIAL``): access, search controls and,
#: for a syndicated story, where the original is.
EDITORIAL_FIELDS = (
    "access", "free_paragraphs", "news_noindex", "max_image_preview", "canonical_url", "source_url",
    "source_publisher",
)  # fmt: skip


#: Hooks called with ``site`` and ``log`` once the articles are in place, to add what other apps show.
DEMO_CONTENT_HOOK = "load_demo_content"


class DemoLoader:
    """One run of the loader: ``load`` creates what is missing and counts it."""

    def __init__(self, log: Callable[[str], None]):
        self.log = log
        self.image_model = get_image_model()
        self.created = {"images": 0, "pages": 0, "authors": 0, "articles": 0}
        self.year = timezone.now().year
        self.to_reindex = []  # what was created or changed, for Wagtail's reference index ("usage")
        self.admin_password = None

    def load(self, hostname: str, port: int, admin_username: str) -> Loaded:
        # A page is saved three times on its way to publication; index its references once, at the end.
        with transaction.atomic(), disable_reference_index_auto_update():
            home = self.ensure_home()
            site, previous_root_url = self.ensure_site(home, hostname, port)
            sections = self.ensure_sections(home)
            index_page = self.ensure_author_index(home)
            corrections_page = self.ensure_corrections_page(home)
            self.ensure_access_settings(site)
            publisher = self.ensure_publisher(site, previous_root_url, corrections_page)
            self.ensure_newsletter(site, publisher)
            authors = self.ensure_authors()
            self.ensure_articles(sections, authors)
            self.ensure_live_blog(sections, authors)
            self.ensure_translations(home, sections, index_page)
            # Other apps' demo content on top of the articles (topics/demo.py).
            for fn in hooks.get_hooks(DEMO_CONTENT_HOOK):
                fn(site=site, log=self.log)
            self.ensure_admin(admin_username)
            for obj in self.to_reindex:
                ReferenceIndex.create_or_update_for_object(obj)
        return Loaded(site=site, created=self.created, admin_password=self.admin_password)

    # Images --------------------------------------------------------------------------------------

    def get_image(self, title, render, filename, **metadata):
        image = self.image_model.objects.filter(title=title).order_by("pk").first()
        if image is not None:
            return image
        image = self.image_model(title=title, file=ImageFile(BytesIO(render()), name=filename), **metadata)
        image._set_image_file_metadata()
        image.save()
        self.created["images"] += 1
        self.to_reindex.append(image)
        return image

    def get_photo(self, spec):
        credit = spec["credit"]
        agency = credit.split("/", 1)[-1]
        return self.get_image(
            spec["title"],
            lambda: draw_photo(spec["title"], spec["motif"], spec["shape"]),
            f"{slugify(spec['title'])[:60]}.jpg",
            caption=spec["caption"],
            credit=credit,
            creator=spec["creator"],
            copyright_notice=f"© {self.year} {agency}",
            license_url=spec.get("license_url", ""),
        )

    # Pages ---------------------------------------------------------------------------------------

    def publish(self, page):
        page.save_revision().publish()
        self.created["pages"] += 1
        self.to_reindex.append(page)

    def ensure_home(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is not None and site.root_page.specific_class is HomePage:
            return site.root_page.specific
        home = HomePage.objects.order_by("path").first()
        root = Page.get_first_root_node()
        # Wagtail's placeholder, if untouched: sites rooted there move away before it is deleted.
        for welcome in Page.objects.filter(depth=2, title=WELCOME_TITLE, numchild=0):
            if welcome.specific_class is Page:
                Site.objects.filter(root_page=welcome).update(root_page=home or root)
                welcome.delete()
                self.log("Removed Wagtail's welcome page.")
        if home is not None:
            return home
        root.refresh_from_db()
        slug = "home" if not root.get_children().filter(slug="home").exists() else slugify(content.PUBLISHER["name"])
        home = HomePage(title=content.PUBLISHER["name"], slug=slug, intro=content.HOME_INTRO, live=False)
        root.add_child(instance=home)
        self.publish(home)
        self.log(f"Created home page “{home.title}”.")
        return home

    def ensure_site(self, home, hostname, port):
        site = Site.objects.filter(is_default_site=True).first()
        clash = Site.objects.filter(hostname=hostname, port=port).exclude(pk=getattr(site, "pk", None)).first()
        if clash is not None:
            raise DemoContentError(f"Another site ({clash}) already uses {hostname}:{port}; choose --hostname/--port.")
        if site is None:
            site = Site(is_default_site=True)
        previous_root_url = site.root_url if site.pk else None
        wanted = {"hostname": hostname, "port": port, "root_page_id": home.pk, "site_name": content.PUBLISHER["name"]}
        if site.pk is None or any(getattr(site, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(site, field, value)
            site.save()
            self.log(f"Default site is now {site.root_url}/ rooted at “{home.title}”.")
        return site, previous_root_url

    def ensure_sections(self, home):
        sections = {}
        for slug, title, intro in content.SECTIONS:
            section = SectionPage.objects.child_of(home).filter(slug=slug).first()
            if section is None:
                section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=True, live=False)
                home.add_child(instance=section)
                self.publish(section)
                self.log(f"Created section “{title}”.")
            sections[slug] = section
        return sections

    def ensure_author_index(self, home):
        index_page = AuthorIndexPage.objects.child_of(home).first()
        if index_page is None:
            index_page = AuthorIndexPage(title="Authors", slug="authors", intro=content.AUTHORS_INTRO, live=False)
            home.add_child(instance=index_page)
            self.publish(index_page)
            self.log("Created the authors index.")
        return index_page

    # Publisher and authors -----------------------------------------------------------------------

    def ensure_corrections_page(self, home):
        data = content.CORRECTIONS_PAGE
        page = CorrectionsPage.objects.child_of(home).first()
        if page is None:
            page = CorrectionsPage(title=data["title"], slug=data["slug"], intro=data["intro"], live=False)
            home.add_child(instance=page)
            self.publish(page)
            self.log("Created the corrections page.")
        return page

    def ensure_access_settings(self, site):
        settings, created = AccessSettings.objects.get_or_create(site=site, defaults=content.ACCESS)
        if created:
            self.log("Filled in the subscription and meter settings.")
        return settings

    def ensure_publisher(self, site, previous_root_url=None, corrections_page=None):
        publisher = PublisherSettings.for_site(site)
        data = dict(content.PUBLISHER, url=f"{site.root_url}/")
        changed = False
        if previous_root_url and publisher.url == f"{previous_root_url}/" != data["url"]:
            publisher.url = ""  # it was the site's old address: follow the new one
        for field, value in data.items():
            if hasattr(publisher, field) and not getattr(publisher, field):
                setattr(publisher, field, value)
                changed = True
        if publisher.logo_id is None:
            publisher.logo = self.get_image(
                f"{data['name']} logo",
                lambda: draw_logo(data["name"]),
                "publisher-logo.png",
                caption=f"The logo of {data['name']}.",
                credit=f"{data['name']}/{data['name']}",
                creator=data["name"],
                copyright_notice=f"© {self.year} {data['name']}",
            )
            changed = True
        if not publisher.social_links.exists():
            publisher.social_links = [PublisherSocialLink(url=url, label=label) for url, label in content.SOCIAL_LINKS]
            changed = True
        if not publisher.policies.exists():
            publisher.policies = [
                PublisherPolicy(kind=kind, page=corrections_page)
                if kind == "correctionsPolicy" and corrections_page is not None
                else PublisherPolicy(kind=kind, url=url)
                for kind, url in content.POLICIES
            ]
            changed = True
        if changed:
            publisher.full_clean()
            publisher.save()
            self.to_reindex.append(publisher)
            self.log(f"Filled in the publisher settings for “{publisher.name}”.")
        return publisher

    def ensure_newsletter(self, site, publisher):
        """The daily headlines email whose signup block stands under every article and in the footer."""
        from newsletter.models import Newsletter

        newsletter, created = Newsletter.objects.get_or_create(
            slug="daily-headlines",
            defaults={
                "name": f"{publisher.name} Daily Headlines",
                "description": "The day's stories from the harbor, the town hall and Main Street, every morning at 7.",
                "site": site,
                "from_email": f"{publisher.name} <{publisher.email or 'headlines@example.com'}>",
                "postal_address": ", ".join(publisher.postal_address_lines),
            },
        )
        if created:
            self.log(f"Created the newsletter “{newsletter.name}”.")
        return newsletter

    def ensure_authors(self):
        authors = {}
        for data in content.AUTHORS:
            author = Author.objects.filter(slug=data["slug"]).first()
            if author is None:
                author = Author(
                    slug=data["slug"],
                    name=data["name"],
                    job_title=data["job_title"],
                    location=data["location"],
                    email=data["email"],
                    organisation=data["organisation"],
                    is_organisation=data.get("is_organisation", False),
                    short_bio=data["short_bio"],
                    bio="".join(_paragraph(p) for p in data["bio"]),
                    profile_links=[AuthorProfileLink(url=url, label=label) for url, label in data["links"]],
                )
                author.full_clean(exclude=["photo"])
                self.created["authors"] += 1
                self.log(f"Created author {author.name}.")
            if author.photo_id is None:
                author.photo = self.get_image(
                    f"Portrait of {data['name']}",
                    lambda data=data: draw_portrait(data["name"], data["palette"]),
                    f"portrait-{data['slug']}.jpg",
                    caption=f"{data['name']}, {data['job_title']}.",
                    credit=f"Marcus Teel/{content.STAFF}",
                    creator="Marcus Teel",
                    copyright_notice=f"© {self.year} {content.STAFF}",
                )
                author.save()
                self.to_reindex.append(author)
            authors[data["slug"]] = author
        return authors

    # Articles ------------------------------------------------------------------------------------

    def video_block(self, spec, published):
        """A video block; the provider's answer is stored as an ``Embed`` row so nothing asks YouTube."""
        Embed.objects.get_or_create(
            hash=get_embed_hash(spec["video"]),
            defaults={
                "url": spec["video"],
                "type": "video",
                "title": spec["title"],
                "provider_name": "YouTube",
                "thumbnail_url": "",
                "width": 560,
                "height": 315,
                "html": f'<iframe width="560" height="315" src="{content.DEMO_VIDEO["player"]}" '
                f'title="{html.escape(spec["title"])}" allowfullscreen></iframe>',
            },
        )
        upload_date = timezone.localtime(published - timedelta(days=spec["upload_days_ago"])).date()
        value = {
            "video": spec["video"],
            "title": spec["title"],
            "description": spec["description"],
            "upload_date": upload_date.isoformat(),
            "duration": spec["duration"],
            "thumbnail": self.get_photo(spec["thumbnail"]).pk,
        }
        return {"type": "video", "value": value, "id": str(uuid.uuid4())}

    def editorial_fields(self, slug, published, now):
        """Access, search controls and corrections the demo's editors gave an article (``content.EDITORIAL``)."""
        data = content.EDITORIAL.get(slug, {})
        fields = {name: data[name] for name in EDITORIAL_FIELDS if name in data}
        corrections = [
            ArticleCorrection(
                kind=kind, date=min(published + timedelta(minutes=minutes), now - timedelta(minutes=5)), text=text
            )
            for kind, minutes, text in data.get("corrections", ())
        ]
        if corrections:
            fields["corrections"] = corrections
        return fields

    def body(self, blocks):
        stream = []
        for block in blocks:
            if isinstance(block, dict):
                image = self.get_photo(block)
                value = {
                    "image": image.pk,
                    "caption": block.get("block_caption", ""),
                    "credit": block.get("block_credit", ""),
                    "alt_text": "",
                }
                stream.append({"type": "image", "value": value})
            elif block.startswith("### ") or block.startswith("## "):
                marker, text = block.split(" ", 1)
                stream.append({"type": "heading", "value": {"text": text, "level": f"h{len(marker)}"}})
            elif block.startswith("> "):
                quote, _, attribution = block[2:].partition(" | ")
                stream.append({"type": "quote", "value": {"quote": quote, "attribution": attribution}})
            else:
                stream.append({"type": "paragraph", "value": _paragraph(block)})
        return [dict(item, id=str(uuid.uuid4())) for item in stream]

    def ensure_articles(self, sections, authors):
        now = timezone.now()
        times = publication_times(len(content.ARTICLES), now)
        for data, published in zip(content.ARTICLES, times, strict=True):
            if ArticlePage.objects.filter(slug=data["slug"]).exists():
                continue
            section = sections[data["section"]]
            updated = None
            if data.get("update_note"):
                updated = min(published + timedelta(hours=2, minutes=25), now - timedelta(minutes=5))
            body = self.body(data["body"])
            editorial = content.EDITORIAL.get(data["slug"], {})
            if "video" in editorial:
                body.insert(editorial["video_after"], self.video_block(editorial["video"], published))
            page = ArticlePage(
                **self.editorial_fields(data["slug"], published, now),
                title=data["title"],
                slug=data["slug"],
                standfirst=data["standfirst"],
                dateline=data["dateline"],
                article_type=data["type"],
                lead_image=self.get_photo(data["lead"]),
                lead_image_caption=data.get("lead_caption", ""),
                lead_image_credit=data.get("lead_credit", ""),
                body=body,
                search_description=data["standfirst"],
                updated_at=updated,
                update_note=data.get("update_note", "") if updated else "",
                article_authors=[
                    ArticleAuthor(author=authors[slug], sort_order=order) for order, slug in enumerate(data["authors"])
                ],
                live=False,
            )
            page.tags.add(*data["tags"])
            section.add_child(instance=page)
            revision = page.save_revision()
            revision.publish()
            last = updated or published
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=last, latest_revision_created_at=last,
                listing_date=page.publication_date or published,
            )  # fmt: skip
            Revision.objects.filter(pk=revision.pk).update(created_at=last)
            PageLogEntry.objects.filter(page_id=page.pk).update(timestamp=published)
            self.created["articles"] += 1
            self.to_reindex.append(page)
            self.log(f"Published “{page.title}” in {section.title}.")

    def ensure_live_blog(self, sections, authors):
        """The demo live blog: its coverage began a day ago and its updates run until a few minutes ago."""
        data = content.LIVE_BLOG
        if LiveBlogPage.objects.filter(slug=data["slug"]).exists():
            return
        now = timezone.now().replace(second=0, microsecond=0)
        start = now - timedelta(hours=data["hours"])
        page = LiveBlogPage(
            title=data["title"],
            slug=data["slug"],
            standfirst=data["standfirst"],
            dateline=data["dateline"],
            lead_image=self.get_photo(data["lead"]),
            body=self.body(data["intro"]),
            search_description=data["standfirst"],
            coverage_start=start,
            publication_date=start,
            article_authors=[
                ArticleAuthor(author=authors[slug], sort_order=order) for order, slug in enumerate(data["authors"])
            ],
            live=False,
        )
        for minutes_ago, headline, text, update_authors, image, pinned in data["updates"]:
            update = LiveBlogUpdate(
                published_at=now - timedelta(minutes=minutes_ago),
                headline=headline,
                body=_paragraph(text),
                image=self.get_photo(image) if image else None,
                pinned=pinned,
            )
            update.authors = [authors[slug] for slug in update_authors]
            page.updates.add(update)
        page.tags.add(*data["tags"])
        sections[data["section"]].add_child(instance=page)
        revision = page.save_revision()
        revision.publish()
        LiveBlogPage.objects.filter(pk=page.pk).update(
            first_published_at=start, listing_date=Coalesce("publication_date", Value(start))
        )
        self.created["articles"] += 1
        self.to_reindex.append(page)
        self.log(f"Published the live blog “{page.title}” with {len(data['updates'])} updates.")

    # Translations --------------------------------------------------------------------------------

    def ensure_translations(self, home, sections, index_page):
        """French and Spanish trees (home, two sections, authors index) and three translated articles."""
        for code, pages in content.TRANSLATED_PAGES.items():
            locale, _ = Locale.objects.get_or_create(language_code=code)
            self.translated(home, locale, top_story=None, **pages["home"])
            for slug, fields in pages["sections"].items():
                self.translated(sections[slug], locale, **fields)
            self.translated(index_page, locale, **pages["authors"])
        default = Locale.get_default()
        for slug, versions in content.TRANSLATED_ARTICLES.items():
            source = ArticlePage.objects.filter(slug=slug, locale=default).first()
            if source is None:
                continue
            for code, data in versions.items():
                locale = Locale.objects.get(language_code=code)
                fields = {**data, "body": self.body(data["body"]), "search_description": data["standfirst"]}
                page = self.translated(source, locale, **fields)
                if page is not None:  # published at the original's time, as if translated then
                    ArticlePage.objects.filter(pk=page.pk).update(
                        first_published_at=source.first_published_at, last_published_at=source.last_published_at,
                        latest_revision_created_at=source.last_published_at,
                        listing_date=page.publication_date or source.first_published_at,
                    )  # fmt: skip
                    self.created["articles"] += 1

    def translated(self, page, locale, **fields):
        """Translate ``page`` into ``locale`` (as simple_translation does) and publish it; None if it exists."""
        if page.get_translation_or_none(locale) is not None:
            return None
        translation = page.specific.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        self.publish(translation)
        self.log(f"Published the {locale.get_display_name()} version of “{page.title}”.")
        return translation

    # Admin ---------------------------------------------------------------------------------------

    def ensure_admin(self, username):
        user_model = get_user_model()
        if user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).exists():
            self.log(f"Admin user “{username}” already exists; password unchanged.")
            return
        password = os.environ.get("NEWSROOM_ADMIN_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(15)
        user_model.objects.create_superuser(username, f"{username}@example.com", password)
        if generated:
            self.admin_password = password  # the command prints it, even with --quiet: it is shown only this once
        else:
            self.log(f"Created superuser “{username}” with the password from NEWSROOM_ADMIN_PASSWORD.")

"""Load a demo newspaper: home page, sections, authors, articles, photos, publisher and an admin user.

Idempotent: everything is matched by slug (pages, authors), title (images) or
username, and only what is missing is created. Running it twice changes nothing.

Photos are drawn at run time with Pillow (no downloads) and no renditions are
generated here; the templates make them on first view.
"""

import html
import os
import random
import secrets
import uuid
from datetime import timedelta
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from articles import demo_content as content
from articles.corrections import ArticleCorrection, CorrectionsPage
from articles.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    AuthorIndexPage,
    AuthorProfileLink,
    HomePage,
    SectionPage,
)
from articles.paywall import AccessSettings
from structured_data import PublisherPolicy, PublisherSettings, PublisherSocialLink

WELCOME_TITLE = "Welcome to your new Wagtail site!"

# Pixel sizes for each aspect ratio; landscapes are wide enough for a 1200px rendition.
SHAPES = {
    "3:2": (1800, 1200),
    "4:3": (1600, 1200),
    "16:9": (1920, 1080),
    "2:3": (1000, 1500),
    "1:1": (1600, 1600),
}
PORTRAIT_SIZE = (800, 800)
LOGO_SIZE = (512, 512)

# Articles are dated within this window, during newsroom hours (local time).
WINDOW = timedelta(hours=71)
NEWSROOM_HOURS = range(6, 23)


# Drawing -----------------------------------------------------------------------------------------


def _font(size):
    return ImageFont.load_default(size=size)


def _gradient(size, top, bottom):
    """A vertical gradient: one column of pixels, stretched sideways."""
    h = size[1]
    column = Image.new("RGB", (1, h))
    column.putdata(
        [tuple(t + (b - t) * y // max(1, h - 1) for t, b in zip(top, bottom, strict=True)) for y in range(h)]
    )
    return column.resize(size, Image.Resampling.NEAREST)


def _shade(color, factor):
    return tuple(max(0, min(255, int(c * factor))) for c in color)


def _jitter(rng, color, amount=18):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in color)


def _hills(draw, rng, w, base_y, amplitude, color):
    points = [(0, base_y)]
    x, y = 0, base_y - rng.uniform(0, amplitude)
    while x < w:
        points.append((x, y))
        x += rng.randint(w // 14, w // 6)
        y = base_y - rng.uniform(0.2, 1) * amplitude
    points += [(w, y), (w, base_y), (w, base_y + amplitude * 4), (0, base_y + amplitude * 4)]
    draw.polygon(points, fill=color)


def _draw_harbor(img, draw, rng):
    w, h = img.size
    horizon = int(h * rng.uniform(0.42, 0.58))
    sun = (rng.randint(w // 6, 5 * w // 6), int(horizon * rng.uniform(0.25, 0.6)))
    r = w // 22
    draw.ellipse((sun[0] - r, sun[1] - r, sun[0] + r, sun[1] + r), fill=(250, 236, 196))
    _hills(draw, rng, w, horizon, h * 0.06, _jitter(rng, (58, 84, 80)))
    img.paste(_gradient((w, h - horizon), _jitter(rng, (52, 102, 132)), (14, 38, 60)), (0, horizon))
    for _ in range(40):
        x, y = rng.randint(0, w), rng.randint(horizon + 10, h)
        draw.line((x, y, x + rng.randint(w // 60, w // 20), y), fill=(120, 160, 180), width=max(2, h // 400))
    if rng.random() < 0.6:  # a pier on pilings
        deck = horizon + int((h - horizon) * 0.35)
        x0 = 0 if rng.random() < 0.5 else w // 2
        draw.rectangle((x0, deck - h // 60, x0 + w // 2, deck), fill=(92, 70, 52))
        for px in range(x0 + 20, x0 + w // 2, w // 30):
            draw.rectangle((px, deck, px + w // 150, deck + h // 9), fill=(60, 44, 34))
    for _ in range(rng.randint(2, 5)):
        scale = rng.uniform(0.6, 1.4) * w / 1800
        bx = rng.randint(0, w - int(300 * scale))
        by = rng.randint(horizon + int(30 * scale), h - int(40 * scale))
        hull = rng.choice([(236, 236, 228), (176, 52, 44), (40, 92, 70), (38, 60, 110), (222, 190, 80)])
        bw, bh = int(280 * scale), int(50 * scale)
        draw.polygon([(bx, by), (bx + bw, by), (bx + bw - bh, by + bh), (bx + bh // 2, by + bh)], fill=hull)
        draw.rectangle((bx + bw // 4, by - int(60 * scale), bx + bw // 2, by), fill=(232, 232, 224))
        draw.rectangle(
            (bx + bw // 4 + 8, by - int(50 * scale), bx + bw // 2 - 8, by - int(30 * scale)), fill=(80, 110, 130)
        )
        draw.line(
            (bx + bw // 2 + 20, by, bx + bw // 2 + 20, by - int(130 * scale)),
            fill=(50, 50, 50),
            width=max(2, int(5 * scale)),
        )


def _draw_street(img, draw, rng):
    w, h = img.size
    ground = int(h * rng.uniform(0.78, 0.86))
    x = -rng.randint(0, w // 10)
    colors = [(168, 64, 52), (228, 224, 210), (96, 118, 136), (206, 178, 120), (112, 132, 100), (150, 150, 150)]
    while x < w:
        bw = rng.randint(w // 8, w // 4)
        top = int(h * rng.uniform(0.18, 0.5))
        color = _jitter(rng, rng.choice(colors))
        draw.rectangle((x, top, x + bw, ground), fill=color)
        if rng.random() < 0.6:  # gable roof
            draw.polygon([(x - 6, top), (x + bw + 6, top), (x + bw // 2, top - bw // 3)], fill=_shade(color, 0.55))
        win = _shade(color, 0.45) if rng.random() < 0.5 else (238, 226, 168)
        cols = max(2, bw // (w // 28))
        for row_y in range(top + h // 20, ground - h // 8, h // 9):
            for c in range(cols):
                wx = x + (c + 0.5) * bw / cols - w // 120
                draw.rectangle((wx, row_y, wx + w // 60, row_y + h // 22), fill=win)
        door_x = x + bw // 2 - w // 80
        draw.rectangle((door_x, ground - h // 10, door_x + w // 40, ground), fill=_shade(color, 0.35))
        x += bw + rng.randint(0, w // 40)
    draw.rectangle((0, ground, w, h), fill=(74, 74, 78))
    draw.rectangle((0, ground, w, ground + h // 60), fill=(180, 176, 168))
    for sx in range(0, w, w // 10):
        draw.rectangle((sx, (ground + h) // 2, sx + w // 20, (ground + h) // 2 + h // 120), fill=(220, 200, 90))


def _draw_interior(img, draw, rng):
    w, h = img.size
    floor = int(h * rng.uniform(0.66, 0.76))
    img.paste(_gradient((w, h - floor), _jitter(rng, (120, 86, 60)), (62, 42, 30)), (0, floor))
    wx, wy = rng.randint(w // 12, w // 2), int(h * 0.12)
    ww, wh = w // 3, int(h * 0.38)
    img.paste(_gradient((ww, wh), (180, 210, 232), (236, 240, 236)), (wx, wy))
    draw.rectangle((wx, wy, wx + ww, wy + wh), outline=(240, 236, 226), width=max(4, w // 160))
    draw.line((wx + ww // 2, wy, wx + ww // 2, wy + wh), fill=(240, 236, 226), width=max(4, w // 200))
    draw.line((wx, wy + wh // 2, wx + ww, wy + wh // 2), fill=(240, 236, 226), width=max(4, w // 200))
    tx, ty = rng.randint(0, w // 3), floor - h // 10
    draw.rectangle((tx, ty, tx + w // 2, ty + h // 40), fill=(110, 70, 40))
    for leg in (tx + w // 40, tx + w // 2 - w // 30):
        draw.rectangle((leg, ty, leg + w // 80, floor + h // 8), fill=(90, 56, 34))
    for _ in range(rng.randint(3, 7)):
        cx, r = rng.randint(tx + 30, tx + w // 2 - 30), rng.randint(h // 50, h // 22)
        draw.ellipse((cx - r, ty - r // 2, cx + r, ty + r // 4), fill=_jitter(rng, (220, 210, 190), 40))
    lx = rng.randint(w // 2, w - w // 10)
    draw.line((lx, 0, lx, h // 6), fill=(40, 40, 40), width=4)
    draw.ellipse((lx - w // 30, h // 6 - w // 60, lx + w // 30, h // 6 + w // 60), fill=(250, 222, 150))


def _draw_crowd(img, draw, rng):
    w, h = img.size
    stage = int(h * 0.45)
    draw.rectangle((0, stage - h // 40, w, stage), fill=(150, 110, 70))
    rows = 5
    for row in range(rows):
        scale = 0.5 + row * 0.22
        y = stage + int(row * (h - stage) / rows)
        x = -rng.randint(0, 60)
        while x < w:
            r = int(h / 28 * scale)
            body = _jitter(rng, rng.choice([(60, 70, 96), (120, 46, 46), (70, 90, 60), (40, 40, 44), (150, 120, 80)]))
            skin = _jitter(rng, rng.choice([(224, 184, 150), (170, 120, 84), (110, 74, 52), (236, 200, 170)]), 10)
            draw.ellipse((x - 2 * r, y + r, x + 2 * r, y + 5 * r), fill=body)
            draw.ellipse((x - r, y - r // 2, x + r, y + int(1.6 * r)), fill=skin)
            draw.chord((x - r, y - r // 2, x + r, y + int(1.3 * r)), 180, 360, fill=_shade(body, 0.5))
            if rng.random() < 0.15:  # a raised voting card
                draw.rectangle((x + r, y - 3 * r, x + 2 * r, y - r), fill=(244, 220, 60))
            x += int(r * rng.uniform(2.6, 3.6))


def _draw_storm(img, draw, rng):
    w, h = img.size
    ground = int(h * 0.8)
    draw.rectangle((0, ground, w, h), fill=(60, 66, 56))
    for _ in range(rng.randint(4, 7)):
        x = rng.randint(0, w)
        lean = rng.randint(-w // 10, w // 10)
        draw.line((x, ground, x + lean, int(h * 0.25)), fill=(52, 40, 32), width=w // 70)
        for _ in range(5):
            cx, cy = x + lean + rng.randint(-w // 14, w // 14), rng.randint(int(h * 0.15), int(h * 0.45))
            r = rng.randint(w // 40, w // 18)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_jitter(rng, (40, 66, 44)))
    pole = rng.randint(w // 3, 2 * w // 3)
    draw.rectangle((pole, int(h * 0.2), pole + w // 120, ground), fill=(80, 62, 46))
    draw.line((0, int(h * 0.26), w, int(h * 0.3)), fill=(30, 30, 30), width=3)
    for _ in range(220):
        x, y = rng.randint(0, w), rng.randint(0, h)
        draw.line((x, y, x - h // 40, y + h // 18), fill=(180, 186, 194), width=2)


def _draw_hills(img, draw, rng):
    w, h = img.size
    sun = (rng.randint(w // 5, 4 * w // 5), int(h * rng.uniform(0.12, 0.3)))
    r = w // 18
    draw.ellipse((sun[0] - r, sun[1] - r, sun[0] + r, sun[1] + r), fill=(252, 226, 170))
    base = (84, 120, 96)
    for layer in range(4):
        _hills(draw, rng, w, int(h * (0.42 + layer * 0.12)), h * 0.08, _shade(_jitter(rng, base), 1 - layer * 0.18))
    if rng.random() < 0.6:  # a lighthouse on the point
        lx, ly = rng.randint(w // 8, 7 * w // 8), int(h * 0.5)
        tw, th = w // 40, h // 5
        draw.polygon(
            [(lx - tw, ly), (lx + tw, ly), (lx + tw // 2, ly - th), (lx - tw // 2, ly - th)], fill=(244, 244, 238)
        )
        draw.rectangle((lx - tw // 2, ly - th - h // 30, lx + tw // 2, ly - th), fill=(170, 40, 36))
    draw.rectangle((0, int(h * 0.86), w, h), fill=(112, 96, 76))


MOTIFS = {
    "harbor": (_draw_harbor, ((150, 186, 214), (236, 222, 196))),
    "street": (_draw_street, ((128, 170, 212), (214, 226, 236))),
    "interior": (_draw_interior, ((222, 206, 180), (176, 150, 122))),
    "crowd": (_draw_crowd, ((70, 52, 44), (150, 120, 96))),
    "storm": (_draw_storm, ((70, 76, 86), (150, 154, 158))),
    "hills": (_draw_hills, ((140, 180, 210), (244, 214, 170))),
}


def _label(img, text, subtext):
    """A translucent band with the photo's title, so nobody mistakes it for a real photo."""
    w, h = img.size
    size = max(18, (w + h) // 80)
    band_h = int(size * 2.6)
    box = (0, h - band_h, w, h)
    band = img.crop(box)
    img.paste(Image.blend(band, Image.new("RGB", band.size, (0, 0, 0)), 0.55), box)
    draw = ImageDraw.Draw(img)
    draw.text((size, h - band_h + size * 0.3), text, font=_font(size), fill=(255, 255, 255))
    draw.text((size, h - band_h + size * 1.55), subtext, font=_font(int(size * 0.7)), fill=(210, 210, 210))


def _jpeg(img) -> bytes:
    buffer = BytesIO()
    img.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def draw_photo(title, motif, shape) -> bytes:
    rng = random.Random(title)  # noqa: S311 - deterministic pictures, not security
    size = SHAPES[shape]
    painter, (top, bottom) = MOTIFS[motif]
    img = _gradient(size, _jitter(rng, top), _jitter(rng, bottom))
    painter(img, ImageDraw.Draw(img), rng)
    _label(img, title, f"Demo image, drawn by load_demo_content ({shape})")
    return _jpeg(img)


def draw_portrait(name, palette) -> bytes:
    rng = random.Random(name)  # noqa: S311
    w, h = PORTRAIT_SIZE
    light, dark = palette
    img = _gradient((w, h), light, _shade(light, 0.6))
    draw = ImageDraw.Draw(img)
    skin = rng.choice([(232, 196, 164), (196, 146, 108), (140, 96, 66), (98, 66, 46)])
    hair = rng.choice([(40, 30, 24), (90, 60, 30), (150, 120, 80), (200, 200, 196), (20, 20, 20)])
    long_hair = rng.random() < 0.5
    draw.ellipse((w * 0.12, h * 0.7, w * 0.88, h * 1.4), fill=dark)  # shoulders
    if long_hair:
        draw.rounded_rectangle((w * 0.26, h * 0.16, w * 0.74, h * 0.74), radius=w * 0.2, fill=hair)
    draw.rectangle((w * 0.43, h * 0.5, w * 0.57, h * 0.75), fill=_shade(skin, 0.9))  # neck
    draw.ellipse((w * 0.31, h * 0.2, w * 0.69, h * 0.66), fill=skin)  # face
    draw.chord((w * 0.29, h * 0.15, w * 0.71, h * 0.5), 190, 350, fill=hair)  # fringe
    for eye_x in (0.43, 0.57):
        draw.ellipse((w * eye_x - 9, h * 0.41 - 9, w * eye_x + 9, h * 0.41 + 9), fill=(40, 32, 30))
    draw.arc((w * 0.44, h * 0.47, w * 0.56, h * 0.56), 20, 160, fill=_shade(skin, 0.6), width=6)
    initials = "".join(part[0] for part in name.replace("-", " ").split()[:2])
    draw.text((w * 0.06, h * 0.05), initials, font=_font(w // 10), fill=(255, 255, 255))
    return _jpeg(img)


def draw_logo(name) -> bytes:
    w, h = LOGO_SIZE
    img = Image.new("RGB", (w, h), (16, 42, 67))
    draw = ImageDraw.Draw(img)
    cx = w // 2
    for angle in range(-60, 61, 20):  # beams of light
        end = (cx + int(w * 0.5 * angle / 60), int(h * 0.06))
        draw.line(((cx, int(h * 0.3)), end), fill=(246, 196, 72), width=6)
    draw.ellipse((cx - 34, int(h * 0.3) - 34, cx + 34, int(h * 0.3) + 34), fill=(252, 222, 120))
    draw.polygon(
        [(cx - 40, int(h * 0.36)), (cx + 40, int(h * 0.36)), (cx + 60, int(h * 0.66)), (cx - 60, int(h * 0.66))],
        fill=(244, 240, 230),
    )
    draw.rectangle((cx - 60, int(h * 0.47), cx + 60, int(h * 0.52)), fill=(190, 48, 44))
    draw.rectangle((0, int(h * 0.66), w, int(h * 0.68)), fill=(246, 196, 72))
    words = name.upper().removeprefix("THE ").rsplit(" ", 1)
    for i, line in enumerate(words):
        font = _font(46 if i == 0 else 64)
        width = draw.textlength(line, font=font)
        draw.text(((w - width) / 2, int(h * 0.71) + i * 58), line, font=font, fill=(255, 255, 255))
    buffer = BytesIO()
    img.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


# Content -----------------------------------------------------------------------------------------


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


class Command(BaseCommand):
    help = "Load demo content (a fictional newspaper), creating only what is missing."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", default="127.0.0.1", help="The default site's hostname.")
        parser.add_argument("--port", type=int, default=8000, help="The default site's port.")
        parser.add_argument("--admin-username", default="admin", help="Username of the superuser to create.")
        parser.add_argument("--quiet", action="store_true", help="Only print the generated admin password.")

    def handle(self, *args, **options):
        self.quiet = options["quiet"] or options["verbosity"] == 0
        self.image_model = get_image_model()
        self.created = {"images": 0, "pages": 0, "authors": 0, "articles": 0}
        self.year = timezone.now().year
        self.to_reindex = []  # what was created or changed, for Wagtail's reference index ("usage")
        # A page is saved three times on its way to publication; index its references once, at the end.
        with transaction.atomic(), disable_reference_index_auto_update():
            home = self.ensure_home()
            site, previous_root_url = self.ensure_site(home, options["hostname"], options["port"])
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
            self.ensure_admin(options["admin_username"])
            for obj in self.to_reindex:
                ReferenceIndex.create_or_update_for_object(obj)
        self.log(
            "Done: created {pages} pages, {articles} articles, {authors} authors, {images} images.".format(
                **self.created
            )
        )
        self.log(f"Site: {site.root_url}/", style=self.style.SUCCESS)

    def log(self, message, style=None):
        if not self.quiet:
            self.stdout.write(style(message) if style else message)

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
            raise CommandError(f"Another site ({clash}) already uses {hostname}:{port}; choose --hostname/--port.")
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
                first_published_at=published, last_published_at=last, latest_revision_created_at=last
            )
            Revision.objects.filter(pk=revision.pk).update(created_at=last)
            PageLogEntry.objects.filter(page_id=page.pk).update(timestamp=published)
            self.created["articles"] += 1
            self.to_reindex.append(page)
            self.log(f"Published “{page.title}” in {section.title}.")

    def ensure_live_blog(self, sections, authors):
        """The demo live blog: its coverage began a day ago and its updates run until a few minutes ago."""
        from articles.liveblog import LiveBlogPage, LiveBlogUpdate

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
        LiveBlogPage.objects.filter(pk=page.pk).update(first_published_at=start)
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
            # Printed even with --quiet: it is shown only this once.
            self.stdout.write(self.style.WARNING(f"Created superuser “{username}” with password: {password}"))
        else:
            self.log(f"Created superuser “{username}” with the password from NEWSROOM_ADMIN_PASSWORD.")

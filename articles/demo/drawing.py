"""The demo's pictures, drawn with Pillow (no downloads): photos by motif, portraits and the logo.

Photos and portraits are drawn from a seed (their title or name), so every run draws the same
pixels; photos carry a band saying they are demo images, so nobody mistakes them for real ones.
"""

import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

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

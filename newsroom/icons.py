"""The site's icons and web app manifest, every size made with Pillow from one source image.

``/favicon.ico`` (16, 32 and 48 px in one file: browsers and feed readers ask for it at the root
whatever the page says), ``/apple-touch-icon.png`` (180 px, asked for at the root by iOS),
``/icons/icon-<size>.png`` and ``/manifest.webmanifest``. Replace ``NEWSROOM_ICON_SOURCE`` (a square
PNG of at least 512 px) to rebrand: every size follows. Each size is made once per process.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from PIL import Image

#: The PNG sizes served under /icons/: the manifest's 192 and 512, the touch icon's 180, a 32 for tabs.
PNG_SIZES = (32, 180, 192, 512)
ICO_SIZES = ((16, 16), (32, 32), (48, 48))
THEME_COLOR = "#8b0000"  # the accent of newsroom.css
#: A day: the URLs are fixed (browsers and crawlers ask for /favicon.ico by name), so not immutable.
MAX_AGE = 60 * 60 * 24


def icon_source() -> Path:
    return Path(getattr(settings, "NEWSROOM_ICON_SOURCE", Path(__file__).resolve().parent / "brand" / "icon.png"))


@lru_cache(maxsize=16)
def _icon_bytes(source: str, mtime: float, kind: str, size: int) -> bytes:
    with Image.open(source) as original:
        image = original.convert("RGBA")
    output = io.BytesIO()
    if kind == "ico":
        image.save(output, format="ICO", sizes=list(ICO_SIZES))
    else:
        image.resize((size, size), Image.Resampling.LANCZOS).save(output, format="PNG", optimize=True)
    return output.getvalue()


def icon_bytes(kind: str, size: int = 0) -> bytes:
    """The icon made from the source; made again when the source file changes."""
    source = icon_source()
    return _icon_bytes(str(source), source.stat().st_mtime, kind, size)


cached_icon = cache_control(public=True, max_age=MAX_AGE)


@require_safe
@cached_icon
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(icon_bytes("ico"), content_type="image/x-icon")


@require_safe
@cached_icon
def png_icon(request: HttpRequest, size: int) -> HttpResponse:
    if size not in PNG_SIZES:
        raise Http404("No icon of that size")
    return HttpResponse(icon_bytes("png", size), content_type="image/png")


@require_safe
@cached_icon
def apple_touch_icon(request: HttpRequest) -> HttpResponse:
    return png_icon(request, 180)


def manifest_data(name: str) -> dict:
    return {
        "name": name,
        "short_name": name if len(name) <= 12 else name.split()[-1][:12],
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": f"/icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
            for size in (192, 512)
        ],
    }


@require_safe
@cached_icon
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, named after the site's publisher (structured data's setting)."""
    from structured_data import PublisherSettings

    publisher = PublisherSettings.for_request(request)
    name = publisher.name or getattr(settings, "WAGTAIL_SITE_NAME", "Newsroom")
    return HttpResponse(json.dumps(manifest_data(name), ensure_ascii=False), content_type="application/manifest+json")

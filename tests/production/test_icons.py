"""The favicon set and web app manifest, made from one source image, and linked from every page."""

import io
import json

import pytest
from django.test import Client
from PIL import Image

from newsroom import icons
from structured_data.models import PublisherSettings
from tests.support.builders import build_site
from tests.support.html import parse


@pytest.fixture(scope="module")
def client():
    return Client()


def test_favicon_ico_at_the_root_holds_three_sizes_of_the_source(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    ico = Image.open(io.BytesIO(response.content))
    assert ico.format == "ICO"
    assert sorted(ico.info["sizes"]) == sorted(icons.ICO_SIZES)
    # Made from the source: the 48 px icon's middle pixel has the source's colour there.
    with Image.open(icons.icon_source()) as source:
        expected = source.convert("RGB").resize((48, 48)).getpixel((2, 2))
    ico.size = (48, 48)
    assert ico.convert("RGB").getpixel((2, 2)) == pytest.approx(expected, abs=8)


@pytest.mark.parametrize(
    "path,size", [("/apple-touch-icon.png", 180), ("/icons/icon-192.png", 192), ("/icons/icon-512.png", 512)]
)
def test_png_icons(client, path, size):
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (size, size)


@pytest.mark.django_db
def test_other_sizes_are_not_found(client):
    assert client.get("/icons/icon-100.png").status_code == 404
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.django_db
def test_manifest_names_the_publisher_and_lists_served_icons(client):
    tree = build_site()
    PublisherSettings.objects.create(site=tree.site, name="The Test Ledger")
    response = client.get("/manifest.webmanifest", HTTP_HOST="localhost")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "The Test Ledger" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200
        assert "{}x{}".format(*Image.open(io.BytesIO(served.content)).size) == icon["sizes"]


@pytest.mark.django_db
def test_every_page_links_the_icons_and_manifest(client):
    tree = build_site()
    html = parse(client.get(tree.section.url, HTTP_HOST="localhost"))
    hrefs = {link.get("rel"): link.get("href") for link in html.cssselect("link[rel]")}
    for rel in ("icon", "apple-touch-icon", "manifest"):
        assert hrefs.get(rel) and client.get(hrefs[rel]).status_code == 200

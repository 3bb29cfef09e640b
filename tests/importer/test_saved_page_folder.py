"""A page saved "complete" (page.html + page_files/): its own folder's photos are imported, nothing else."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command

from articles.models import ArticlePage
from importer.errors import ArticleImportError
from importer.pipeline import saved_page_loader
from tests.support.builders import build_site, jpeg_bytes

TEXT = "The lifeboat crew practised a night rescue off the breakwater with two volunteers in the water. "
PAGE = f"""<!doctype html><html lang="en"><head><title>Lifeboat drill</title>
<meta property="og:title" content="Lifeboat crew trains for night rescues">
<link rel="canonical" href="https://ledger.example/2024/08/lifeboat-drill/"></head>
<body><article class="article-body"><h1>Lifeboat crew trains for night rescues</h1>
<figure><img src="./page_files/crew.jpg" alt="Crew in orange suits">
<figcaption>The crew at the slipway. Photo: Rua Penn</figcaption></figure>
<p>{TEXT * 3}</p><p>{TEXT * 2}</p></article></body></html>"""


@pytest.fixture
def saved(tmp_path):
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "crew.jpg").write_bytes(jpeg_bytes(80, 60, (200, 90, 20)))
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    return tmp_path / "page.html"


@pytest.mark.django_db
def test_photo_from_the_pages_own_folder_is_imported(saved):
    build_site()
    call_command("import_articles", str(saved), stdout=io.StringIO(), stderr=io.StringIO())
    page = ArticlePage.objects.get(source_url="https://ledger.example/2024/08/lifeboat-drill/")
    assert page.lead_image is not None
    assert page.lead_image.caption == "The crew at the slipway."
    assert page.lead_image.credit == "Rua Penn"


@pytest.mark.parametrize(
    "url",
    [
        "https://ledger.example/2024/08/page_files/%2e%2e/secret.jpg",
        "https://ledger.example/2024/08/page_files/a%2f..%2f..%2fsecret.jpg",
        "https://ledger.example/2024/08/page_files/linked.jpg",
    ],
)
def test_nothing_outside_the_folder_is_read(saved, url):
    (saved.parent / "secret.jpg").write_bytes(jpeg_bytes(10, 10))
    os.symlink(saved.parent / "secret.jpg", saved.parent / "page_files" / "linked.jpg")
    fetched = []
    loader = saved_page_loader(saved, fallback=lambda u: fetched.append(u) or (b"", "x"))
    with pytest.raises(ArticleImportError):
        loader(url)
    assert not fetched


def test_other_images_go_to_the_web_rules(saved):
    fetched = []
    loader = saved_page_loader(saved, fallback=lambda u: fetched.append(u) or (b"web", "x.jpg"))
    assert loader("https://cdn.example/photo.jpg") == (b"web", "x.jpg")
    assert fetched == ["https://cdn.example/photo.jpg"]

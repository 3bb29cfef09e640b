"""Issue #13, items 7 and 12, reproduced through the management command.

7: an import never changes an existing author unless ``--update-authors``; it reports what differs.
12: a saved HTML file never makes the importer open a local path: its relative and protocol-relative
image URLs are resolved against ``<base href>`` or the canonical URL and fetched over http(s) through
the SSRF-safe fetcher, or skipped with a warning.
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import lxml.html
import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.images import get_image_model

from articles.models import ArticlePage, Author
from tests.support.builders import build_site, jpeg_bytes, make_author
from tests.support.import_helpers import respond, serve

pytestmark = pytest.mark.django_db

# Every file the process opens while a test records (an audit hook cannot be removed, so it is
# installed once and only records between start and stop).
_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], str | bytes | Path):
        _opened.append(str(args[0] if not isinstance(args[0], bytes) else args[0].decode(errors="replace")))


sys.addaudithook(_audit)


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def opened_during(directory: Path, *args) -> tuple[str, list[str]]:
    """The command's output and the files under ``directory`` it opened."""
    global _opened
    _opened = []
    try:
        output = run(*args)
        opened = list(_opened)
    finally:
        _opened = None
    root = str(directory.resolve())
    return output, sorted({path for path in opened if path.startswith(root)})


@pytest.fixture
def site(settings):
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": True}
    return build_site()


def saved_page(directory: Path, head: str = "", images: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    page = directory / "story.html"
    page.write_text(
        f"<html><head><title>t</title>{head}</head><body><article><h1>Harbor lights go dark</h1>"
        "<p>The harbor's lights were switched off on Tuesday night to save power.</p>"
        f"{images}<p>They will be back on in spring.</p></article></body></html>"
    )
    return page


# Item 12 ---------------------------------------------------------------------------------------


def test_saved_page_without_base_or_canonical_opens_no_local_path(site, tmp_path):
    directory = tmp_path / "saved"
    directory.mkdir()
    (directory / "photo.jpg").write_bytes(jpeg_bytes(40, 30))
    (directory / "secret.jpg").write_bytes(jpeg_bytes(40, 30, (200, 0, 0)))
    secret = (directory / "secret.jpg").resolve()
    page = saved_page(
        directory,
        head='<meta property="og:image" content="photo.jpg">',
        images=(
            f'<figure><img src="{secret}"><figcaption>Absolute path</figcaption></figure>'
            f'<img src="file://{secret}"><img src="//localhost{secret}"><img src="secret.jpg">'
        ),
    )
    output, opened = opened_during(directory, page)
    assert "1 imported" in output, output
    assert opened == [str(page.resolve())]  # the page itself, nothing its HTML names
    assert get_image_model().objects.count() == 0
    assert output.count("local paths are never opened") >= 4, output
    article = ArticlePage.objects.get()
    assert article.lead_image is None
    assert [block.block_type for block in article.body] == ["paragraph", "paragraph"]


def test_relative_and_protocol_relative_images_come_from_base_href_over_http(site, tmp_path):
    served_lead, served_body = jpeg_bytes(64, 48, (10, 200, 10)), jpeg_bytes(64, 48, (10, 10, 200))
    routes = {"/images/photo.jpg": respond(served_lead, "image/jpeg")}
    with serve(routes) as base:
        routes["/cdn/body.jpg"] = respond(served_body, "image/jpeg")
        directory = tmp_path / "saved"
        directory.mkdir()
        (directory / "images").mkdir()
        (directory / "images" / "photo.jpg").write_bytes(jpeg_bytes(64, 48, (255, 0, 0)))  # must not be read
        host = base.removeprefix("http://")
        page = saved_page(
            directory,
            head=f'<base href="{base}/"><meta property="og:image" content="images/photo.jpg">',
            images=f'<figure><img src="//{host}/cdn/body.jpg">'
            "<figcaption>Night (Photo: Ana Ruiz)</figcaption></figure>",
        )
        output, opened = opened_during(directory, page)
    assert "1 imported" in output, output
    assert opened == [str(page.resolve())]
    article = ArticlePage.objects.get()
    assert article.lead_image.file_hash == hashlib.sha1(served_lead).hexdigest()  # noqa: S324
    [(image, caption, credit)] = article.body_images()
    assert image.file_hash == hashlib.sha1(served_body).hexdigest()  # noqa: S324
    assert (caption, credit) == ("Night", "Ana Ruiz")


def test_relative_images_resolve_against_the_canonical_url(site, tmp_path):
    photo = jpeg_bytes(50, 40, (90, 90, 20))
    routes = {"/news/images/a.jpg": respond(photo, "image/jpeg")}
    with serve(routes) as base:
        page = saved_page(
            tmp_path / "saved",
            head=f'<link rel="canonical" href="{base}/news/story">',
            images='<img src="images/a.jpg">',
        )
        output, opened = opened_during(tmp_path / "saved", page)
    assert "1 imported" in output, output
    assert opened == [str(page.resolve())]
    [(image, _caption, _credit)] = ArticlePage.objects.get().body_images()
    assert image.file_hash == hashlib.sha1(photo).hexdigest()  # noqa: S324


def test_an_image_base_pointing_inside_the_network_is_refused_by_the_fetcher(site, settings, tmp_path):
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": False}
    page = saved_page(tmp_path / "saved", head='<base href="http://127.0.0.1:9/">', images='<img src="a.jpg">')
    output = run(page)
    assert "1 imported" in output, output
    assert "image http://127.0.0.1:9/a.jpg not imported" in output and "internal address" in output, output
    assert get_image_model().objects.count() == 0


# Item 7 ----------------------------------------------------------------------------------------


def profile_links_shown(author: Author) -> list[str]:
    response = Client().get(author.get_url(), HTTP_HOST="localhost")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content).xpath('//a[@rel="me"]/@href')


def test_a_byline_matching_a_staff_author_changes_nothing_without_update_authors(site, corpus):
    staff = make_author("Maria Alvarez", job_title="", short_bio="")  # ours: blank fields, no links
    output = run(corpus / "graph_idrefs.html", "--draft")
    assert "1 imported" in output, output
    staff.refresh_from_db()
    assert staff.job_title == "" and staff.short_bio == ""
    assert list(staff.profile_links.all()) == []
    assert profile_links_shown(staff) == []
    assert "author 'Maria Alvarez'" in output and "left unchanged" in output, output
    assert "profile link https://www.cascocourier.example/people/maria-alvarez" in output
    assert "job title 'Transportation Reporter'" in output
    assert Author.objects.count() == 1  # matched, not duplicated
    assert list(ArticlePage.objects.get().authors) == [staff]


def test_update_authors_fills_blanks_and_adds_the_link(site, corpus):
    staff = make_author("Maria Alvarez", job_title="Senior Editor", short_bio="")
    output = run(corpus / "graph_idrefs.html", "--draft", "--update-authors")
    staff.refresh_from_db()
    assert staff.job_title == "Senior Editor"  # never overwritten, only blanks filled
    assert [link.url for link in staff.profile_links.all()] == ["https://www.cascocourier.example/people/maria-alvarez"]
    assert profile_links_shown(staff) == ["https://www.cascocourier.example/people/maria-alvarez"]
    assert "author 'Maria Alvarez'" in output and "updated" in output, output

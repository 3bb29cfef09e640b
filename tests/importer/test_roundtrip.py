"""Round trip: an article of ours, rendered to HTML and imported into an empty site, has the same
headline, authors, dates, caption and credit in its JSON-LD graph as the original."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from articles.models import ArticlePage, Author
from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph
from tests.support.import_helpers import respond, serve
from tests.support.jsonld import JsonLdGraph

pytestmark = pytest.mark.django_db

ARTICLE_TYPES = ("NewsArticle", "AnalysisNewsArticle", "ReportageNewsArticle", "OpinionNewsArticle")


def served_html(page, host: str) -> str:
    response = Client().get(page.url, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode("utf-8")


def summary(html: str, base_url: str) -> dict:
    """What the graph says, reduced to what an import must keep."""
    graph = JsonLdGraph(html, base_url)
    article = graph.one(*ARTICLE_TYPES)
    authors = [
        graph.resolve(ref)
        for ref in (article["author"] if isinstance(article["author"], list) else [article["author"]])
    ]
    images = graph.resolve(article.get("image", []))
    images = images if isinstance(images, list) else [images]
    lead = images[0]
    return {
        "headline": article["headline"],
        "description": article.get("description"),
        "authors": [(a["name"], a.get("jobTitle")) for a in authors],
        "datePublished": dt.datetime.fromisoformat(article["datePublished"]),
        "dateModified": dt.datetime.fromisoformat(article["dateModified"]),
        "caption": lead.get("caption"),
        "creditText": lead.get("creditText"),
        "body_photos": [(i.get("caption"), i.get("creditText")) for i in images[1:] if "caption" in i][-1:],
    }


def media_snapshot() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {
        settings.MEDIA_URL + str(path.relative_to(root)): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_rendered_article_imports_into_an_empty_site_with_the_same_graph(settings):
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": True}
    routes: dict = {}
    with serve(routes) as base:
        port = int(base.rsplit(":", 1)[1])
        host = f"127.0.0.1:{port}"
        tree = build_site(hostname="127.0.0.1", port=port, sections=("Local",))
        rita = make_author("Rita Alvarez", job_title="Harbor Reporter")
        sam = make_author("Sam Okafor", job_title="Photographer")
        lead = make_image(
            "Harbor at dawn", 1600, 900, caption="Fishing boats at first light.", credit="Sam Okafor/The Test Ledger"
        )
        body_photo = make_image("Ferry", 1600, 900, caption="The ferry terminal.", credit="Agency photo")
        original = make_article(
            tree.section,
            "Harbor dredging finally begins",
            authors=[rita, sam],
            lead_image=lead,
            standfirst="The long-delayed project will deepen the channel by six feet.",
            dateline="PORTLAND, Maine",
            publication_date=dt.datetime(2024, 3, 4, 12, 30, tzinfo=dt.UTC),
            updated_at=dt.datetime(2024, 3, 5, 9, 0, tzinfo=dt.UTC),
            body=[
                paragraph("<p>Crews started work on <b>Monday</b>.</p>"),
                image_block(body_photo),
                paragraph("<p>The work will take two years.</p>"),
            ],
        )
        page_url = original.get_full_url()
        html = served_html(original, host)
        before = summary(html, page_url)

        # Serve the page and its images as another site would, then empty ours.
        routes.update({path: respond(body, "image/jpeg") for path, body in media_snapshot().items()})
        routes[original.url] = respond(html.encode("utf-8"))
        original.delete()
        Author.objects.all().delete()
        build_site(hostname="127.0.0.1", port=port, sections=("Opinion",))  # no "Local": the import creates it

        out = io.StringIO()
        call_command("import_articles", page_url, "--publish", stdout=out, stderr=io.StringIO())
        assert "1 imported" in out.getvalue(), out.getvalue()

        imported = ArticlePage.objects.get()
        assert imported.source_url == page_url
        after = summary(served_html(imported, host), imported.get_full_url())

    assert after == before
    assert imported.dateline == "PORTLAND, Maine"
    assert imported.get_parent().title == "Local"  # created: the empty site had no such section
    assert [a.name for a in imported.authors] == ["Rita Alvarez", "Sam Okafor"]
    assert [block.block_type for block in imported.body] == ["paragraph", "image", "paragraph"]
    assert str(imported.body[0].value) == "<p>Crews started work on <b>Monday</b>.</p>"

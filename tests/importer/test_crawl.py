"""A live site through its sitemap or a URL list: robots.txt, other hosts, --since, resuming."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import ArticlePage
from importer.crawl import parse_sitemap
from importer.errors import ParseError
from tests.support.builders import build_site
from tests.support.import_helpers import respond, serve

pytestmark = pytest.mark.django_db

TEXT = "The quay's new crane lifted its first container on Thursday after two years of building work. "


def article(base: str, path: str, title: str, published: str) -> bytes:
    return f"""<!doctype html><html lang="en"><head><title>{title}</title>
<link rel="canonical" href="{base}{path}">
<meta property="article:published_time" content="{published}"></head>
<body><article><h1>{title}</h1><p>{TEXT * 3}</p><p>{TEXT}</p></article></body></html>""".encode()


@pytest.fixture
def live_site(settings):
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": True}
    build_site()
    routes: dict = {}
    with serve(routes) as base:
        sitemap = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/crane.html</loc><lastmod>2024-05-02</lastmod></url>
<url><loc>{base}/private/draft.html</loc></url>
<url><loc>http://elsewhere.example/news/theirs.html</loc></url>
<url><loc>{base}/news/old.html</loc><lastmod>2019-01-01</lastmod></url>
<url><loc>{base}/news/gone.html</loc></url>
</urlset>"""
        routes.update({
            "/robots.txt": respond(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
            "/sitemap.xml": respond(sitemap.encode(), "application/xml"),
            "/news/crane.html": respond(article(base, "/news/crane.html", "New crane lifts first box", "2024-05-02")),
            "/news/old.html": respond(article(base, "/news/old.html", "Old pier story", "2019-01-01")),
            "/private/draft.html": respond(article(base, "/private/draft.html", "Not for crawlers", "2024-05-01")),
        })  # fmt: skip
        yield base


def run(*args) -> tuple[str, str | None]:
    out = io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_sitemap_crawl_obeys_robots_hosts_and_since(live_site, tmp_path):
    report = tmp_path / "report.json"
    args = ("--sitemap", f"{live_site}/sitemap.xml", "--since", "2024-01-01", "--delay", "0", "--report", str(report))
    _output, error = run(*args)
    assert error is not None and "1 of 5" in error  # gone.html (404) failed
    rows = {row["source"].rsplit("/", 1)[-1]: row for row in json.loads(report.read_text())["items"]}
    assert rows["crane.html"]["status"] == "imported"
    assert rows["draft.html"] == rows["draft.html"] | {"status": "skipped", "reason": "disallowed by robots.txt"}
    assert rows["theirs.html"]["status"] == "skipped" and "another host" in rows["theirs.html"]["reason"]
    assert rows["old.html"]["reason"] == "older than --since"
    assert rows["gone.html"]["status"] == "failed"
    assert list(ArticlePage.objects.values_list("title", flat=True)) == ["New crane lifts first box"]

    # a second run skips what was done (without fetching it) and retries what failed
    _output, error = run(*args)
    rows = {row["source"].rsplit("/", 1)[-1]: row for row in json.loads(report.read_text())["items"]}
    assert rows["crane.html"]["reason"].startswith("already imported")
    assert rows["gone.html"]["status"] == "failed"
    assert ArticlePage.objects.count() == 1


def test_urls_from_file(live_site, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# wanted\n{live_site}/news/crane.html\n\nfile:///etc/passwd\n{live_site}/news/old.html\n")
    output, error = run("--urls-from", str(listing), "--delay", "0")
    assert error is None, output
    assert "2 imported, 0 updated, 1 skipped, 0 failed" in output
    assert ArticlePage.objects.count() == 2


def test_sitemap_bomb_is_refused():
    with pytest.raises(ParseError):
        parse_sitemap(
            b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>'
        )


def test_private_address_is_refused(settings):
    settings.ARTICLE_IMPORT = {**settings.ARTICLE_IMPORT, "ALLOW_LOOPBACK": False}
    build_site()
    _output, error = run("--sitemap", "http://127.0.0.1:9/sitemap.xml", "--delay", "0")
    assert error is not None and "internal address" in error

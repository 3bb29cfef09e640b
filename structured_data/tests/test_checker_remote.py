"""Checking another site over loopback: sitemaps, URL files, robots.txt, delay, image limits, JUnit and the summary."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET

import pytest

from structured_data.checker.crawl import ImageSizes, RunNotes, sitemap_urls
from structured_data.checker.document import SkipImage
from structured_data.checker.fetch import HttpFetcher

from .checker_command import run_checker
from .checker_layouts import layouts, planted
from .checker_pages import article, page
from .checker_server import LoopbackSite, serve

pytestmark = pytest.mark.django_db


def run(*args):
    """The command over the loopback test server, which these tests allow as an operator would an intranet."""
    return run_checker("--allow-private", *args)


@pytest.fixture
def site():
    loopback = LoopbackSite()
    server = serve(loopback)
    yield loopback
    server.shutdown()
    server.server_close()


@pytest.fixture
def layout_site(site):
    """Every clean layout and two planted ones, a robots.txt keeping out /private/, a gzipped sitemap in an index."""
    urls = []
    all_layouts = layouts()
    for layout in all_layouts:
        urls.append(site.add(f"/news/{layout.name}/", layout.html))
    wire = next(layout for layout in all_layouts if layout.name == "wire_capitals")
    urls.append(site.add("/news/wire-planted/", planted(wire.html, wire.plants[0])))
    urls.append(site.add("/private/draft/", wire.html))
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.add_sitemap("/sitemap-news.xml.gz", urls, gzipped=True)
    site.add_sitemap("/sitemap.xml", [site.base + "sitemap-news.xml.gz"], index=True)
    return urls


def test_sitemap_index_and_gzip(site, layout_site):
    assert sitemap_urls(HttpFetcher(allow_private=True), site.base + "sitemap.xml") == layout_site
    assert sitemap_urls(HttpFetcher(allow_private=True), site.base + "sitemap.xml", limit=3) == layout_site[:3]


def test_check_a_site_from_its_sitemap(site, layout_site):
    status, out, _err = run("--sitemap", site.base + "sitemap.xml", "--delay", "0", "--format", "json")
    report = json.loads(out)
    pages = {page["url"]: page["issues"] for page in report["pages"]}
    assert list(pages) == layout_site
    errors = {url: [i["code"] for i in issues if i["severity"] == "error"] for url, issues in pages.items()}
    assert errors.pop(site.base + "news/wire-planted/") == ["byline-mismatch"]
    assert [i["code"] for i in pages[site.base + "private/draft/"]] == ["robots-disallowed"]
    assert not site.requests_for("/private/")  # robots.txt kept us out
    assert {url: codes for url, codes in errors.items() if codes} == {}
    assert status == 1  # the planted error
    rules = {row["rule"]: row for row in report["rules"]}
    assert rules["byline-mismatch"]["issues"] == 1 and rules["byline-mismatch"]["severity"] == "error"
    assert rules["byline-mismatch"]["source"].startswith("https://developers.google.com/")
    assert report["summary"]["pages"] == len(layout_site)
    # The layouts' images and authors live on hosts that do not resolve: each reported once for the run.
    unresolved = [note for note in report["run"] if note["code"] == "image-host-unresolved"]
    assert len(unresolved) == len({note["path"] for note in unresolved}) >= 20
    assert not any(i["code"] == "image-unreadable" for issues in pages.values() for i in issues)


def test_urls_from_file_text_summary_by_rule(site, layout_site, tmp_path):
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# a comment\n{layout_site[0]}\n\n{layout_site[1]}\n{layout_site[0]}\n")
    status, out, _err = run("--urls-from", str(listed), "--delay", "0", "--no-images")
    assert status == 0
    lines = out.strip().splitlines()
    assert lines[-1].startswith("Checked 2 page(s)")
    assert "By rule (issues, pages):" in out
    summary = lines[lines.index("By rule (issues, pages):") + 1 :]
    assert any(line.split()[1] == "sitelinks-search-box" for line in summary[:-1])


def test_junit_report(site, layout_site):
    status, out, _err = run("--sitemap", site.base + "sitemap.xml", "--delay", "0", "--no-images", "--format", "junit")
    assert status == 1
    root = ET.fromstring(out)  # noqa: S314 - our own report
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(layout_site)
    failed = [case.get("name") for case in cases if case.find("failure") is not None]
    assert failed == [site.base + "news/wire-planted/"]
    assert suite.get("failures") == root.get("failures") == "1"
    failure = cases[[c.get("name") for c in cases].index(failed[0])].find("failure")
    assert failure.get("type") == "byline-mismatch" and "TOMAS ORTIZ" in failure.text


def test_delay_between_requests_to_one_host(site):
    urls = [site.add(f"/p{i}/", page(article())) for i in range(4)]
    status, _out, _err = run(*[arg for url in urls for arg in ("--url", url)], "--delay", "0.15", "--concurrency", "4",
                             "--no-images")  # fmt: skip
    assert status == 0
    starts = sorted(site.requests_for("/p"))
    assert len(starts) == 4
    # Scheduled 0.15 s apart when sent; seen by the server, single gaps jitter under load, the span does not.
    assert starts[-1] - starts[0] >= 0.35


def test_robots_crawl_delay_wins_over_a_shorter_delay(site):
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", "text/plain")  # robotparser reads whole seconds
    urls = [site.add(f"/q{i}/", page(article())) for i in range(2)]
    run(*[arg for url in urls for arg in ("--url", url)], "--delay", "0", "--no-images")
    first, second = sorted(site.requests_for("/q"))
    assert second - first >= 0.95


def test_images_per_host_limit_budget_and_unresolved_hosts(site):
    for index in range(6):
        site.add_image(f"/img/{index}.png", (1200, 675), delay=0.1)
    notes = RunNotes()
    sizes = ImageSizes(HttpFetcher(allow_private=True), notes, per_host=2, budget=30)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(sizes, [f"{site.base}img/{index}.png" for index in range(6)]))
    assert results == [(1200, 675)] * 6
    assert 1 <= site.max_images_in_flight <= 2
    # A host that does not resolve: tried once, then skipped, reported once.
    for _ in range(3):
        with pytest.raises(SkipImage):
            sizes("https://images.nonexistent.invalid/a.jpg")
    assert [note.code for note in notes.issues] == ["image-host-unresolved"]
    # The budget is for the whole run.
    spent = ImageSizes(HttpFetcher(allow_private=True), notes, per_host=2, budget=0)
    with pytest.raises(SkipImage):
        spent(f"{site.base}img/0.png")
    with pytest.raises(SkipImage):
        spent(f"{site.base}img/1.png")
    assert [note.code for note in notes.issues] == ["image-host-unresolved", "image-budget-spent"]


def test_images_read_over_http_are_compared_with_the_markup(site):
    site.add_image("/img/wide.png", (1600, 900))
    image = {"@type": "ImageObject", "url": site.base + "img/wide.png", "width": 1600, "height": 800,
             "caption": "A tram at the depot.", "creditText": "Lu Wei"}  # fmt: skip
    url = site.add("/story/", page(article(image=image)))
    _status, out, _err = run("--url", url, "--delay", "0", "--format", "json")
    codes = [issue["code"] for issue in json.loads(out)["pages"][0]["issues"]]
    assert "image-size-mismatch" in codes


def test_bad_sources_exit_2(site, tmp_path):
    assert run("--sitemap", "not-a-url")[0] == 2
    status, _out, err = run("--sitemap", site.base + "missing.xml")
    assert status == 2 and "HTTP 404" in err
    site.add("/notasitemap.xml", "<html></html>", "application/xml")
    assert "not a sitemap" in run("--sitemap", site.base + "notasitemap.xml")[2]
    assert run("--urls-from", str(tmp_path / "nothing.txt"))[0] == 2
    listed = tmp_path / "bad.txt"
    listed.write_text("ftp://example.org/\n")
    assert run("--urls-from", str(listed))[0] == 2
    assert run("--url", site.base, "--concurrency", "0")[0] == 2
    started = time.perf_counter()
    assert run("--url", site.base, "--delay", "-1")[0] == 2
    assert time.perf_counter() - started < 5

"""Issue #23, items 1 and 2: the checker's crawler fetches no internal address, and no URL takes it
unbounded memory or time.

Two loopback servers: ``internal`` on 127.0.0.1 stands for a service inside the network (it records
every request, and no test may make one reach it); ``public`` on 127.0.0.2 stands for the site being
checked, allowed with ``--allow-address 127.0.0.2`` as an operator would allow one intranet host,
while every other internal address stays refused.
"""

from __future__ import annotations

import gzip
import json
import time
import tracemalloc
from typing import Any

import pytest

from structured_data.checker.command import Command
from structured_data.checker.crawl import MAX_PAGES, read_sitemaps
from structured_data.checker.fetch import HttpFetcher

from .checker_command import run_checker
from .checker_pages import article, page
from .checker_server import LoopbackSite, serve

pytestmark = pytest.mark.django_db

SECRET = "Internal admin: the database password is hunter2"


def run(*args):
    """(exit status, stdout, stderr or the error) of the command, with no private address allowed."""
    return run_checker(*args)


def started(host: str):
    site = LoopbackSite()
    try:
        server = serve(site, host=host)
    except OSError:
        pytest.skip(f"cannot bind {host} here")
    return site, server


@pytest.fixture
def internal():
    site, server = started("127.0.0.1")
    site.add("/internal/secret", f"<html><body><h1>{SECRET}</h1></body></html>")
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def public():
    site, server = started("127.0.0.2")
    yield site
    server.shutdown()
    server.server_close()


def pages_of(out: str) -> dict[str, list[dict[str, Any]]]:
    return {entry["url"]: entry["issues"] for entry in json.loads(out)["pages"]}


# Item 1: internal addresses ----------------------------------------------------------------------


def test_a_hostile_sitemap_gets_nothing_internal_fetched_or_quoted(public, internal):
    secret = internal.base + "internal/secret"
    image = internal.add_image("/img/secret.png", (1600, 900))
    profile = internal.add("/people/ada/", page(article()))
    author = {"@type": "Person", "name": "Ada Brook", "url": profile}
    photo = {"@type": "ImageObject", "url": image, "width": 1600, "height": 900, "caption": "A tram at the depot.",
             "creditText": "Lu Wei"}  # fmt: skip
    story = public.add("/story/", page(article(image=photo, author=author)))
    public.add_sitemap("/sitemap.xml", [story, secret])

    status, out, _err = run("--sitemap", public.base + "sitemap.xml", "--allow-address", "127.0.0.2",
                            "--delay", "0", "--format", "json")  # fmt: skip

    assert internal.log == []  # not the page, not robots.txt, not the image, not the author's page
    assert SECRET not in out
    pages = pages_of(out)
    assert list(pages) == [story, secret]
    [refused] = pages[secret]
    assert refused["code"] == "address-refused" and refused["severity"] == "error"
    assert refused["message"].startswith("refused: private address")
    by_code = {issue["code"]: issue["message"] for issue in pages[story]}
    assert "refused: private address" in by_code["image-unreadable"]
    assert "refused: private address" in by_code["author-url-unreachable"]
    assert status == 1
    assert public.requests_for("/story/")  # the allowed host was checked


def test_a_redirect_to_an_internal_address_is_refused(public, internal):
    moved = public.add("/moved/", "", status=302, headers={"Location": internal.base + "internal/secret"})
    status, out, _err = run("--url", moved, "--allow-address", "127.0.0.2", "--delay", "0", "--format", "json")
    assert [issue["code"] for issue in pages_of(out)[moved]] == ["address-refused"]
    assert public.requests_for("/moved/") and internal.log == []
    assert SECRET not in out and status == 1


def test_redirects_are_followed_within_the_allowed_host(public):
    target = public.add("/story/", page(article()))
    moved = public.add("/moved/", "", status=301, headers={"Location": target})
    _status, out, _err = run("--url", moved, "--allow-address", "127.0.0.2", "--delay", "0", "--no-images",
                             "--format", "json")  # fmt: skip
    codes = [issue["code"] for issue in pages_of(out)[moved]]
    assert not {"address-refused", "fetch-failed", "http-status"} & set(codes), codes
    assert public.requests_for("/story/")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_and_names_resolving_to_it_are_refused_by_default(internal, host):
    port = internal.base.rsplit(":", 1)[1].rstrip("/")
    url = f"http://{host}:{port}/internal/secret"
    status, out, _err = run("--url", url, "--format", "json")
    [refused] = pages_of(out)[url]
    assert refused["code"] == "address-refused" and refused["message"].startswith("refused: private address")
    assert internal.log == [] and SECRET not in out and status == 1
    # The operator's explicit choice lets it through.
    status, out, _err = run("--url", url, "--allow-private", "--no-images", "--format", "json")
    assert "address-refused" not in [issue["code"] for issue in pages_of(out)[url]]
    assert internal.requests_for("/internal/secret")


def test_a_sitemap_on_an_internal_address_is_refused(internal):
    internal.add_sitemap("/sitemap.xml", [internal.base + "internal/secret"])
    status, _out, err = run("--sitemap", internal.base + "sitemap.xml")
    assert status == 2 and "refused: private address" in err
    assert internal.log == []


# Item 2: bounded memory and time ----------------------------------------------------------------


BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # about 64 KiB that grow to 64 MiB


def test_a_drip_is_cut_off_at_the_deadline_and_the_run_goes_on(internal):
    drip = internal.add("/drip/", page(article()), drip=0.3)  # one byte every 0.3 s: each read succeeds
    good = internal.add("/good/", page(article()))
    began = time.monotonic()
    _status, out, _err = run("--allow-private", "--url", drip, "--url", good, "--deadline", "1", "--delay", "0",
                             "--no-images", "--format", "json")  # fmt: skip
    assert time.monotonic() - began < 8
    pages = pages_of(out)
    [cut] = pages[drip]
    assert cut["code"] == "fetch-failed" and "longer than 1 seconds" in cut["message"]
    assert not {"fetch-failed", "too-large"} & {issue["code"] for issue in pages[good]}


def test_a_gzip_bomb_page_is_reported_and_the_run_goes_on(internal):
    bomb = internal.add("/bomb/", BOMB, headers={"Content-Encoding": "gzip"})
    good = internal.add("/good/", page(article()))
    _status, out, _err = run("--allow-private", "--url", bomb, "--url", good, "--delay", "0", "--no-images",
                             "--format", "json")  # fmt: skip
    pages = pages_of(out)
    assert [issue["code"] for issue in pages[bomb]] == ["too-large"]
    assert "decompresses to more than" in pages[bomb][0]["message"]
    assert "too-large" not in {issue["code"] for issue in pages[good]}


def test_a_gzip_bomb_sitemap_is_reported_and_the_others_are_read(internal):
    pages = [internal.add(f"/news/{index}/", page(article())) for index in range(2)]
    internal.add("/bomb.xml.gz", BOMB, "application/x-gzip")
    internal.add_sitemap("/news.xml.gz", pages, gzipped=True)
    index = internal.add_sitemap("/sitemap.xml", [internal.base + "bomb.xml.gz", internal.base + "news.xml.gz"],
                                 index=True)  # fmt: skip
    _status, out, _err = run("--allow-private", "--sitemap", index, "--delay", "0", "--no-images", "--format", "json")
    report = json.loads(out)
    assert [entry["url"] for entry in report["pages"]] == pages
    [note] = report["run"]
    assert (note["code"], note["path"]) == ("sitemap-unreadable", internal.base + "bomb.xml.gz")
    assert "decompresses to more than" in note["message"]


def test_reading_a_gzip_bomb_sitemap_takes_no_more_memory_than_the_cap(internal):
    internal.add("/bomb.xml.gz", BOMB, "application/x-gzip")
    index = internal.add_sitemap("/sitemap.xml", [internal.base + "bomb.xml.gz"], index=True)
    fetcher = HttpFetcher(allow_private=True, sitemap_bytes=1024 * 1024)
    tracemalloc.start()
    try:
        found = read_sitemaps(fetcher, index)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 12 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert [issue.code for issue in found.issues] == ["sitemap-unreadable"]


def test_each_sitemap_and_page_is_read_once(internal):
    story = internal.add("/story/", page(article()))
    other = internal.add("/other/", page(article()))
    port = internal.base.rsplit(":", 1)[1].rstrip("/")
    spellings = [story, story + "#top", f"HTTP://127.0.0.1:{port}/story/", other, story]
    child = internal.add_sitemap("/news.xml", spellings)
    internal.add_sitemap("/sitemap.xml", [child, child + "#again", child.replace("http:", "HTTP:")] * 70, index=True)
    found = read_sitemaps(HttpFetcher(allow_private=True), internal.base + "sitemap.xml")
    assert found.urls == [story, other]
    assert len(internal.requests_for("/news.xml")) == 1
    _status, _out, _err = run("--allow-private", "--sitemap", internal.base + "sitemap.xml", "--delay", "0",
                              "--no-images")  # fmt: skip
    assert len(internal.requests_for("/story/")) == 1


def test_an_index_of_indexes_is_reported_not_followed(internal):
    deep_page = internal.add("/deep/", page(article()))
    shallow_page = internal.add("/shallow/", page(article()))
    internal.add_sitemap("/deepest.xml", [deep_page])
    nested = internal.add_sitemap("/nested-index.xml", [internal.base + "deepest.xml"], index=True)
    news = internal.add_sitemap("/news.xml", [shallow_page])
    index = internal.add_sitemap("/sitemap.xml", [nested, news], index=True)
    found = read_sitemaps(HttpFetcher(allow_private=True), index)
    assert found.urls == [shallow_page]
    assert [(issue.code, issue.path) for issue in found.issues] == [("sitemap-index-nested", nested)]
    assert internal.requests_for("/deepest.xml") == []


def test_max_pages_has_a_default_bound_over_http():
    # Unset on the command line; over HTTP the run takes MAX_PAGES (50,000), the site's own check every page.
    options = Command().create_parser("manage.py", "check_structured_data").parse_args([])
    assert options.max_pages is None
    assert MAX_PAGES == 50_000

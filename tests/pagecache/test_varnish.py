"""Varnish with the repository's VCL in front of gunicorn: cached, purged on publish, visible within 1 s;
purges need the token, reach every spelling of the host, and only a signed-in reader passes."""

import http.client
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.stack import Stack, free_port  # noqa: E402
from bench.varnish import start_varnish, varnishd  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def fetch(port: int, host: str, path: str, method: str = "GET", **headers) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers={"Host": host, "X-Forwarded-Proto": "https", **headers})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def seconds_until_visible(stack, script: str, shown, what: str) -> float:
    """Run ``script`` (it publishes something and sets ``result = time.time()``) in another process, as an
    editor's request would, while polling ``shown()`` through Varnish: the seconds from that publication to
    the first answer that shows it."""
    publisher = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", script + "print('@@', result)"],
        cwd=ROOT,
        env=stack.env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        give_up = time.time() + 120
        while not shown():
            assert time.time() < give_up and publisher.poll() in (None, 0), f"{what} never became visible"
            time.sleep(0.02)
        visible_at = time.time()
        output, _ = publisher.communicate(timeout=120)
    finally:
        if publisher.poll() is None:
            publisher.kill()
    return visible_at - float(output.rsplit("@@", 1)[1])


@pytest.fixture(scope="module")
def stack():
    if varnishd() is None:
        pytest.skip("varnishd is not installed (Debian: apt-get install varnish)")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: the app cache must be shared by gunicorn and the publisher")
    stack = Stack(sqlite=True, gunicorn_workers=2, log=lambda *a: None)
    try:
        stack.redis_port = free_port()
        stack.start_redis()
        stack.env["CACHE_URL"] = f"rediscache://127.0.0.1:{stack.redis_port}/0"
        stack.setup()
        stack.start_gunicorn()
        stack.varnish_port = start_varnish(stack)
        stack.env["FRONTEND_CACHE_PURGE_URL"] = f"http://127.0.0.1:{stack.varnish_port}"
        yield stack
    finally:
        stack.stop()


def test_varnish_caches_anonymous_pages_and_shows_a_publication_within_a_second(stack):
    host = f"127.0.0.1:{stack.port}"  # the demo site's hostname and port: what purges name
    path = stack.article_paths()[0]
    status, headers, body = fetch(stack.varnish_port, host, path)
    assert status == 200 and "public" in headers["cache-control"]
    status, headers, again = fetch(stack.varnish_port, host, path, Cookie="csrftoken=abc; _ga=GA1.2")
    assert headers["x-varnish-cache"] == "hit" and again == body
    assert fetch(stack.varnish_port, host, path + "?utm_source=x&fbclid=y")[1]["x-varnish-cache"] == "hit"
    assert fetch(stack.varnish_port, host, "/admin/login/")[1]["x-varnish-cache"] == "miss"

    script = (
        "import time\n"
        "from wagtail.models import Page\n"
        f"page = Page.objects.get(url_path__endswith={path.lstrip('/')!r}).specific\n"
        "page.title = 'Breaking: the ferry runs again'\n"
        "page.save_revision().publish()\n"
        "result = time.time()\n"
    )
    delay = seconds_until_visible(
        stack,
        script,
        lambda: b"Breaking: the ferry runs again" in fetch(stack.varnish_port, host, path)[2],
        "the publication",
    )
    assert delay < 1.0, f"visible {delay:.2f} s after the publication"
    fetch(stack.varnish_port, host, path)  # a copy fetched between the URL and the key purge went with the second
    assert fetch(stack.varnish_port, host, path)[1]["x-varnish-cache"] == "hit"


def test_a_live_blog_update_reaches_readers_polling_through_varnish_within_a_second(stack):
    """The polling script's URL (the bare updates endpoint) and "load older" are cached by Varnish and purged."""
    import json

    host = f"127.0.0.1:{stack.port}"
    [path] = stack.query("from articles.models import LiveBlogPage\nresult = [LiveBlogPage.objects.live().get().url]")
    endpoint = path + "updates/"
    newest = json.loads(fetch(stack.varnish_port, host, endpoint)[2])
    status, headers, _ = fetch(stack.varnish_port, host, endpoint)
    assert status == 200 and headers["x-varnish-cache"] == "hit"
    older = f"{endpoint}?before={newest['updates'][-1]['id']}"
    fetch(stack.varnish_port, host, older)
    assert fetch(stack.varnish_port, host, older)[1]["x-varnish-cache"] == "hit"  # a variant of its own

    script = (  # what the "Post an update" quick action does
        "import time\n"
        "from django.db import transaction\n"
        "from articles.models import LiveBlogPage, LiveBlogUpdate\n"
        "with transaction.atomic():\n"
        "    page = LiveBlogPage.objects.select_for_update().live().get()\n"
        "    page.updates.add(LiveBlogUpdate(headline='Ferry service resumes', body='<p>The first boat left.</p>'))\n"
        "    page.save_revision().publish()\n"
        "result = time.time()\n"
    )
    delay = seconds_until_visible(
        stack,
        script,
        lambda: (
            "Ferry service resumes" in json.loads(fetch(stack.varnish_port, host, endpoint)[2])["updates"][0]["html"]
        ),
        "the update on the endpoint",
    )
    assert delay < 1.0, f"visible {delay:.2f} s after the update"
    assert b"Ferry service resumes" in fetch(stack.varnish_port, host, path)[2]  # the page itself too


def purge(stack, host: str, path: str, **headers) -> int:
    """A PURGE from loopback (where the ACL lets it in), as the application sends it."""
    return fetch(stack.varnish_port, host, path, method="PURGE", **headers)[0]


def cache_state(stack, host: str, path: str, **headers) -> str:
    status, response_headers, _ = fetch(stack.varnish_port, host, path, **headers)
    assert status == 200
    return response_headers["x-varnish-cache"]


def test_a_purge_without_the_token_is_refused(stack):
    """Behind a TLS terminator on the same host every client is loopback: the ACL alone lets anyone purge."""
    host = f"127.0.0.1:{stack.port}"
    path = stack.article_paths()[1]
    cache_state(stack, host, path)
    assert cache_state(stack, host, path) == "hit"
    assert purge(stack, host, path) == 403
    assert purge(stack, host, path, **{"X-Purge-Token": "guessed-" + "x" * 24}) == 403
    assert purge(stack, host, path, **{"X-Purge-Token": ""}) == 403
    assert cache_state(stack, host, path) == "hit"  # still there
    assert purge(stack, host, path, **{"X-Purge-Token": stack.env["FRONTEND_CACHE_PURGE_TOKEN"]}) == 200
    assert cache_state(stack, host, path) == "miss"


def test_a_purge_reaches_the_host_however_its_port_and_case_are_spelt(stack):
    """A copy stored for ``Host: localhost:80`` (or ``LOCALHOST``) is the one a purge of ``localhost`` drops."""
    path = stack.article_paths()[2]
    token = {"X-Purge-Token": stack.env["FRONTEND_CACHE_PURGE_TOKEN"]}
    cache_state(stack, "localhost:80", path)
    assert cache_state(stack, "LOCALHOST", path) == "hit"  # one object for every spelling
    assert purge(stack, "localhost", path, **token) == 200
    assert cache_state(stack, "localhost:80", path) == "miss"
    assert purge(stack, "Localhost:80", path, **token) == 200
    assert cache_state(stack, "localhost", path) == "miss"


def test_only_a_signed_in_reader_passes_varnish(stack):
    """A made-up session cookie or an Authorization header is served from the cache; the marker the
    application sets at login passes, and the signed-in editor's page is never stored for others."""
    host = f"127.0.0.1:{stack.port}"
    path = stack.article_paths()[3]
    cache_state(stack, host, path)
    assert cache_state(stack, host, path, Cookie="sessionid=made-up-by-a-load-generator") == "hit"
    assert cache_state(stack, host, path, Authorization="Basic Zm9vOmJhcg==") == "hit"
    session = stack.query(
        "from django.contrib.auth import get_user_model\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "client.force_login(get_user_model().objects.filter(is_superuser=True).first())\n"
        "result = client.cookies['sessionid'].value\n"
    )
    signed_in = f"sessionid={session}; newsroom_signed_in=1"
    status, headers, body = fetch(stack.varnish_port, host, path, Cookie=signed_in)
    assert status == 200 and headers["x-varnish-cache"] == "miss"
    assert "private" in headers["cache-control"] and b"wagtail-userbar" in body
    status, headers, anonymous = fetch(stack.varnish_port, host, path)
    assert headers["x-varnish-cache"] == "hit" and b"wagtail-userbar" not in anonymous
    # A forged marker passes Varnish but not the application's cache: still the anonymous page.
    status, headers, forged = fetch(stack.varnish_port, host, path, Cookie="newsroom_signed_in=1; sessionid=junk")
    assert headers["x-varnish-cache"] == "miss" and headers.get("x-page-cache") == "hit"
    assert b"wagtail-userbar" not in forged


def test_a_key_purge_drops_every_object_that_names_the_key(stack):
    """vmod_xkey: one PURGE with ``xkey-purge`` drops what shows the key; the keys never reach readers."""
    host = f"127.0.0.1:{stack.port}"
    paths = stack.article_paths()[4:6]
    for path in paths:
        cache_state(stack, host, path)
        _status, headers, _ = fetch(stack.varnish_port, host, path)
        assert headers["x-varnish-cache"] == "hit" and "xkey" not in headers
    assert purge(stack, host, "/", **{"xkey-purge": "site"}) == 403  # no token: refused
    assert all(cache_state(stack, host, path) == "hit" for path in paths)
    assert (
        purge(stack, host, "/", **{"xkey-purge": "site", "X-Purge-Token": stack.env["FRONTEND_CACHE_PURGE_TOKEN"]})
        == 200
    )
    assert [cache_state(stack, host, path) for path in paths] == ["miss", "miss"]


def test_an_author_rename_reaches_varnish_by_key_within_a_second(stack):
    """No URL is worked out for the author's articles (limit 0): the author's key purge alone refreshes them."""
    host = f"127.0.0.1:{stack.port}"
    path = stack.article_paths()[6]
    cache_state(stack, host, path)
    assert cache_state(stack, host, path) == "hit"
    script = (
        "import time\n"
        "from articles.models import ArticlePage\n"
        f"article = ArticlePage.objects.get(url_path__endswith={path.lstrip('/')!r})\n"
        "author = article.article_authors.first().author\n"
        "author.name = 'Renamed Reporter'\n"
        "author.save()\n"
        "result = time.time()\n"
    )
    stack.env["PAGE_CACHE_URL_PURGE_LIMIT"] = "0"
    try:
        delay = seconds_until_visible(
            stack, script, lambda: b"Renamed Reporter" in fetch(stack.varnish_port, host, path)[2], "the rename"
        )
    finally:
        del stack.env["PAGE_CACHE_URL_PURGE_LIMIT"]
    assert delay < 1.0, f"visible {delay:.2f} s after the rename"

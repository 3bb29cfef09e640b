"""Host spellings in the page cache (issue 23, item 6): one key per Site host, nothing stored for others.

``news.example.com:80`` and ``NEWS.example.com`` are the same page as ``news.example.com``; a Host
no Site has is served by the default site but not stored, so a flood of ports neither copies the
page forty times nor fills the set of hosts purges reach.
"""

import pytest
from django.core.cache import caches
from lxml import etree

from pagecache.store import HOSTS_KEY, entry_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def page_entries() -> int:
    cache = caches["default"]
    if hasattr(cache, "keys"):
        return len(cache.keys("pagecache:page:*"))
    return sum(1 for key in cache._cache if "pagecache:page:" in key)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("News.Example.COM", "news.example.com"),
        ("news.example.com:80", "news.example.com"),
        ("news.example.com:443", "news.example.com"),
        ("news.example.com.", "news.example.com"),
        ("news.example.com:8080", "news.example.com:8080"),
        ("[::1]:80", "[::1]"),
        ("[::1]:8000", "[::1]:8000"),
    ],
)
def test_hosts_are_normalised(host, expected):
    from pagecache.hosts import normalise

    assert normalise(host) == expected


def test_port_and_case_variants_share_the_one_stored_copy(client, newsroom, django_assert_num_queries):
    url = newsroom.article.url
    assert client.get(url)["X-Page-Cache"] == "miss"
    stored = page_entries()
    with django_assert_num_queries(0):
        for host in ("localhost:80", "LOCALHOST", "LocalHost:443", "localhost."):
            assert client.get(url, HTTP_HOST=host)["X-Page-Cache"] == "hit", host
    for port in range(8000, 8040):  # no Site has these ports: served, never stored
        response = client.get(url, HTTP_HOST=f"localhost:{port}")
        assert response.status_code == 200 and response["X-Page-Cache"] == "uncached"
    assert page_entries() == stored


def test_an_unknown_host_is_served_but_not_stored(client, newsroom):
    """127.0.0.1 is an allowed host no Site has (the default site answers it)."""
    for _ in range(2):
        response = client.get(newsroom.article.url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200 and response["X-Page-Cache"] == "uncached"
    assert page_entries() == 0
    assert caches["default"].get(entry_key("http://127.0.0.1", newsroom.article.url)) is None


def test_junk_hosts_cannot_make_real_pages_unpurgeable(client, newsroom, django_capture_on_commit_callbacks):
    """After a flush, forty port variants first, then the real host: unpublishing still purges it."""
    caches["default"].clear()
    url = newsroom.article.url
    for port in range(1000, 1040):
        client.get(url, HTTP_HOST=f"localhost:{port}")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.article.unpublish()
    response = client.get(url)
    assert response.status_code == 404 and response.get("X-Page-Cache") != "hit"
    assert set(caches["default"].get(HOSTS_KEY) or ()) <= {"http://localhost", "https://localhost"}


def feed_links(response) -> list[str]:
    root = etree.fromstring(response.content)
    links = [element.text or "" for element in root.iter("link")]
    links += [element.get("href", "") for element in root.iter("{http://www.w3.org/2005/Atom}link")]
    return [link for link in links if link]


@pytest.mark.parametrize("spelling", ["LOCALHOST", "localhost:80", "Localhost."])
def test_a_stored_copy_never_echoes_another_host_spelling(client, newsroom, spelling):
    """A feed's links echo the Host header: a copy made for another spelling is not kept for the rest."""
    first = client.get("/feeds/rss/", HTTP_HOST=spelling)
    assert first.status_code == 200
    assert any(spelling in link for link in feed_links(first))  # the echo this guards against
    for _ in range(2):
        response = client.get("/feeds/rss/")
        links = feed_links(response)
        assert links and not any(spelling in link for link in links), links
    assert response["X-Page-Cache"] == "hit"
    assert first["X-Page-Cache"] == "uncached"

"""CDN and reverse-proxy purges: configured from the environment, fed the app cache's URL sets."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings.frontend_cache import frontend_cache_settings


def test_backends_come_from_the_environment(monkeypatch):
    for name in ("FRONTEND_CACHE_PURGE_URL", "CLOUDFLARE_ZONE_ID", "CLOUDFRONT_DISTRIBUTION_ID"):
        monkeypatch.delenv(name, raising=False)
    assert frontend_cache_settings(environ.Env()) == {}
    monkeypatch.setenv("FRONTEND_CACHE_PURGE_URL", "http://127.0.0.1:6081")
    monkeypatch.setenv("CLOUDFLARE_ZONE_ID", "zone")
    monkeypatch.setenv("CLOUDFLARE_BEARER_TOKEN", "token")
    monkeypatch.setenv("CLOUDFRONT_DISTRIBUTION_ID", "E123")
    monkeypatch.setenv("FRONTEND_CACHE_HOSTNAMES", "news.example.com")
    backends = frontend_cache_settings(environ.Env())
    assert backends["varnish"]["LOCATION"] == "http://127.0.0.1:6081"
    assert backends["cloudflare"]["BEARER_TOKEN"] == "token" and backends["cloudflare"]["ZONEID"] == "zone"
    assert backends["cloudfront"]["DISTRIBUTION_ID"] == "E123"
    assert all(backend["HOSTNAMES"] == ["news.example.com"] for backend in backends.values())


@pytest.fixture
def purge_sink():
    """An HTTP server on loopback that records PURGE requests (as Varnish would receive them)."""
    received, tokens = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.append(f"http://{self.headers['Host']}{self.path}")
            tokens.append(self.headers.get("X-Purge-Token"))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received, tokens
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_a_publication_sends_the_same_url_set_to_the_frontend_cache(
    newsroom, purge_sink, settings, django_capture_on_commit_callbacks
):
    from pagecache import affected

    location, received, _ = purge_sink
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": location}
    }
    article = newsroom.article.specific
    article.title = "Ferry schedule changes, updated"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article.save_revision().publish()
    expected = affected.urls_for_page(article, republished=True)
    purges = [callback for callback in callbacks if callback.__qualname__.startswith("purge_urls.")]
    assert len(purges) == 1  # one batch per change (the other callbacks forget cached routes)
    # Exactly the URLs named: Wagtail's per-language copies (/en/search/ from /fr/search/) are off.
    assert set(received) == expected
    assert len(received) == len(expected)  # each once
    # The search page in every language still goes (search/wagtail_hooks.py names each prefix).
    for prefix in ("", "/fr", "/de", "/es"):
        assert f"http://localhost{prefix}/search/" in received
    assert article.get_full_url() in received and newsroom.section.get_full_url() in received
    # Each ?format= URL is its own object at a CDN: the JSON-LD and both news formats go too.
    for name in ("jsonld", "ninjs", "newsml"):
        assert f"{article.get_full_url()}?format={name}" in received
    assert newsroom.unrelated.get_full_url() not in received


@pytest.mark.django_db
def test_a_translated_publication_is_purged_at_its_own_language_only(
    newsroom, purge_sink, settings, django_capture_on_commit_callbacks
):
    """A French article's URLs go as named, not copied under /en/, /de/ and /es/ where nothing serves them."""
    from pagecache import affected
    from tests.support.builders import make_article, translate_site

    location, received, _ = purge_sink
    with django_capture_on_commit_callbacks(execute=True):
        french = translate_site(newsroom, "fr")
        article = make_article(french.section, "Les horaires du bac changent")
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": location}
    }
    article.title = "Les horaires du bac changent encore"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert article.get_full_url().startswith("http://localhost/fr/")
    assert set(received) == affected.urls_for_page(article, republished=True)
    assert article.get_full_url() in received
    for other in ("en", "de", "es"):
        assert article.get_full_url().replace("/fr/", f"/{other}/") not in received


def test_varnish_purges_carry_the_shared_token(monkeypatch, purge_sink):
    """Issue 23, item 5: the VCL refuses a PURGE without the token, so the application must send it."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    location, received, tokens = purge_sink
    monkeypatch.setenv("FRONTEND_CACHE_PURGE_URL", location)
    monkeypatch.setenv("FRONTEND_CACHE_PURGE_TOKEN", "s3cret-" + "t" * 20)
    backends = frontend_cache_settings(environ.Env())
    purge_urls_from_cache(["https://news.example.com:8443/local/ferry/"], backend_settings=backends)
    assert received == ["http://news.example.com:8443/local/ferry/"]
    assert tokens == ["s3cret-" + "t" * 20]


def test_production_requires_a_purge_token_with_a_varnish_purge_url(monkeypatch):
    monkeypatch.setenv("FRONTEND_CACHE_PURGE_URL", "http://127.0.0.1:6081")
    monkeypatch.delenv("FRONTEND_CACHE_PURGE_TOKEN", raising=False)
    assert frontend_cache_settings(environ.Env())["varnish"]["TOKEN"] == ""  # development: allowed
    with pytest.raises(ImproperlyConfigured, match="FRONTEND_CACHE_PURGE_TOKEN"):
        frontend_cache_settings(environ.Env(), require_purge_token=True)
    monkeypatch.setenv("FRONTEND_CACHE_PURGE_TOKEN", "short")
    with pytest.raises(ImproperlyConfigured, match="FRONTEND_CACHE_PURGE_TOKEN"):
        frontend_cache_settings(environ.Env(), require_purge_token=True)
    monkeypatch.setenv("FRONTEND_CACHE_PURGE_TOKEN", "a-long-enough-random-token")
    assert frontend_cache_settings(environ.Env(), require_purge_token=True)["varnish"]["TOKEN"] == (
        "a-long-enough-random-token"
    )
    monkeypatch.delenv("FRONTEND_CACHE_PURGE_URL")
    monkeypatch.delenv("FRONTEND_CACHE_PURGE_TOKEN")
    assert "varnish" not in frontend_cache_settings(environ.Env(), require_purge_token=True)  # no Varnish: no token

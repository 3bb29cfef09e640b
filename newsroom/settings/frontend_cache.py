"""``WAGTAILFRONTENDCACHE`` from the environment: which reverse proxies and CDNs get purge requests.

    FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:6081       Varnish (the VCL in deploy/varnish/) or any
                                                          cache that takes HTTP PURGE requests
    FRONTEND_CACHE_PURGE_TOKEN=<random secret>            sent with every PURGE (X-Purge-Token); the VCL
                                                          refuses a purge without it (required in production)
    CLOUDFLARE_ZONE_ID=... CLOUDFLARE_BEARER_TOKEN=...    Cloudflare (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY)
    CLOUDFRONT_DISTRIBUTION_ID=...                        CloudFront (needs boto3 and AWS credentials)
    FRONTEND_CACHE_HOSTNAMES=news.example.com,...         optional: only purge URLs of these hosts
    FRONTEND_CACHE_XKEY=true                              Varnish also purges by cache key (vmod_xkey,
                                                          Debian's varnish-modules; the VCL imports it):
                                                          one PURGE per change, whatever it shows on

Nothing set: no purge requests (the application's own page cache is purged either way). The
backends are used through ``wagtail.contrib.frontend_cache.utils``; the app itself is not in
INSTALLED_APPS, so its own publish handlers do not run beside ours (pagecache sends the URL sets).
"""

from __future__ import annotations

from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

#: Shorter tokens are refused where one is required: the token is all that stands between a
#: client on the TLS terminator's loopback and a purge of the whole site.
MIN_TOKEN_LENGTH = 16


def frontend_cache_settings(env: environ.Env, *, require_purge_token: bool = False) -> dict[str, dict[str, Any]]:
    """The backends; with ``require_purge_token`` (production), a Varnish purge URL needs its token."""
    backends: dict[str, dict[str, Any]] = {}
    hostnames = env.list("FRONTEND_CACHE_HOSTNAMES", default=[])
    extra = {"HOSTNAMES": hostnames} if hostnames else {}
    if env("FRONTEND_CACHE_PURGE_URL", default=""):
        token = env("FRONTEND_CACHE_PURGE_TOKEN", default="")
        if require_purge_token and len(token) < MIN_TOKEN_LENGTH:
            raise ImproperlyConfigured(
                "FRONTEND_CACHE_PURGE_URL is set but FRONTEND_CACHE_PURGE_TOKEN is missing or shorter than "
                f"{MIN_TOKEN_LENGTH} characters: Varnish refuses purges without it (deploy/varnish/newsroom.vcl). "
                "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))' and give the same "
                "value to varnishd's environment."
            )
        backends["varnish"] = {
            "BACKEND": "pagecache.backends.TokenHTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
            "TOKEN": token,
            **extra,
        }
    if env("CLOUDFLARE_ZONE_ID", default=""):
        cloudflare: dict[str, Any] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": env("CLOUDFLARE_ZONE_ID"),
            **extra,
        }
        if env("CLOUDFLARE_BEARER_TOKEN", default=""):
            cloudflare["BEARER_TOKEN"] = env("CLOUDFLARE_BEARER_TOKEN")
        else:
            cloudflare["EMAIL"] = env("CLOUDFLARE_EMAIL")
            cloudflare["API_KEY"] = env("CLOUDFLARE_API_KEY")
        backends["cloudflare"] = cloudflare
    if env("CLOUDFRONT_DISTRIBUTION_ID", default=""):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
            **extra,
        }
    return backends


def key_purge_settings(env: environ.Env) -> dict[str, dict[str, Any]]:
    """``PAGE_CACHE["KEY_PURGE_BACKENDS"]``: Varnish's vmod_xkey at the purge URL, with the same token."""
    if not env("FRONTEND_CACHE_PURGE_URL", default="") or not env.bool("FRONTEND_CACHE_XKEY", default=True):
        return {}
    return {
        "pagecache.backends.VarnishKeyBackend": {
            "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
            "TOKEN": env("FRONTEND_CACHE_PURGE_TOKEN", default=""),
        }
    }

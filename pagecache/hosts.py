"""The host a cached page is filed under, and which hosts may have pages stored at all.

``Host: news.example.com``, ``NEWS.example.com`` and ``news.example.com:80`` show the same page:
one key (the name in lower case, without the default ports). Only the spelling a page would be
built with is stored (absolute links in a feed echo the Host header), and only for a host that
belongs to a Wagtail Site: any other Host is served, not stored, so neither port variants nor
stray names fill the cache or the set of hosts purges reach.
"""

from __future__ import annotations

from typing import cast

DEFAULT_PORTS = ("80", "443")


def split(host: str) -> tuple[str, str]:
    """``(name, port)`` of a Host value, the name in lower case without a trailing dot ('' if no port)."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 address: [::1]:8000
        end = host.find("]")
        name, rest = host[: end + 1], host[end + 1 :]
        port = rest[1:] if rest.startswith(":") else ""
    elif host.count(":") == 1:
        name, port = host.split(":")
    else:
        name, port = host, ""
    return name.rstrip("."), port


def normalise(host: str) -> str:
    """The one spelling of ``host`` cache keys use: lower case, no trailing dot, no port 80 or 443."""
    name, port = split(host)
    return name if not port or port in DEFAULT_PORTS else f"{name}:{port}"


def site_hosts() -> frozenset[str]:
    """The normalised hosts of every Wagtail Site (kept until a site changes, with the routes)."""
    from wagtail.models import Site

    from .routes import kept_until_site_changes

    def compute() -> frozenset[str]:
        return frozenset(
            normalise(f"{hostname}:{port}") for hostname, port in Site.objects.values_list("hostname", "port")
        )

    return cast("frozenset[str]", kept_until_site_changes("site-hosts", compute))


def belongs_to_a_site(host: str) -> bool:
    """Whether ``host`` (normalised) is a Site's hostname and port (80 and 443 written as no port)."""
    return host in site_hosts()


def site_origins() -> set[str]:
    """Every origin a page of a Site can be stored under (both schemes): where purges must reach."""
    return {f"{scheme}://{host}" for host in site_hosts() for scheme in ("http", "https")}

"""Varnish purges that prove who sent them: Wagtail's ``HTTPBackend`` plus a shared token.

The address check alone is not enough: behind a TLS terminator on the same host every client
reaches Varnish from loopback. So each PURGE carries ``X-Purge-Token``, which the VCL
(deploy/varnish/newsroom.vcl) compares with the same secret in its own environment. Also bounded:
an inline purge runs in an editor's request, so a stalled cache must not hold it forever.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest

logger = logging.getLogger("wagtail.frontendcache")

#: The request header the VCL reads the token from.
TOKEN_HEADER = "X-Purge-Token"  # noqa: S105 - a header name, not the secret


class TokenHTTPBackend(HTTPBackend):
    """``HTTPBackend`` with ``TOKEN`` (sent as ``X-Purge-Token``) and ``TIMEOUT`` (seconds) parameters."""

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        self.token = params.pop("TOKEN", "") or ""
        self.timeout = float(params.pop("TIMEOUT", 5))
        super().__init__(params)

    def purge(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        headers = {"Host": host, "User-Agent": f"Wagtail-frontendcache/{__version__}"}
        if self.token:
            headers[TOKEN_HEADER] = self.token
        location = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, parts.fragment])
        try:
            urlopen(PurgeRequest(url=location, headers=headers), timeout=self.timeout)  # noqa: S310 - configured URL
        except HTTPError as error:
            logger.error("Couldn't purge '%s' from HTTP cache. HTTPError: %d %s", url, error.code, error.reason)
        except (URLError, OSError) as error:
            logger.error("Couldn't purge '%s' from HTTP cache. %s: %s", url, type(error).__name__, error)


class VarnishKeyBackend:
    """Purges cache keys through Varnish's vmod_xkey: one ``PURGE`` carrying every key (``xkey-purge``).

    Parameters: ``LOCATION`` (Varnish's address, as for ``TokenHTTPBackend``), ``TOKEN`` (sent as
    ``X-Purge-Token``), ``TIMEOUT`` (seconds) and ``SOFT`` (``xkey.softpurge``: objects go stale
    and are refetched in the background, served meanwhile within their grace). The VCL is in
    deploy/varnish/newsroom.vcl.
    """

    HEADER = "xkey-purge"

    def __init__(self, params: dict[str, Any]) -> None:
        parts = urlsplit(params["LOCATION"])
        self.location = urlunsplit([parts.scheme, parts.netloc, "/", "", ""])
        self.token = params.get("TOKEN", "") or ""
        self.timeout = float(params.get("TIMEOUT", 5))
        self.soft = bool(params.get("SOFT", False))

    def purge_keys(self, keys: list[str]) -> None:
        headers = {self.HEADER: " ".join(keys), "User-Agent": f"Wagtail-frontendcache/{__version__}"}
        if self.soft:
            headers["xkey-softpurge"] = "1"
        if self.token:
            headers[TOKEN_HEADER] = self.token
        try:
            urlopen(PurgeRequest(url=self.location, headers=headers), timeout=self.timeout)  # noqa: S310 - configured URL
        except HTTPError as error:
            logger.error("Couldn't purge %d keys from Varnish. HTTPError: %d %s", len(keys), error.code, error.reason)
        except (URLError, OSError) as error:
            logger.error("Couldn't purge %d keys from Varnish. %s: %s", len(keys), type(error).__name__, error)

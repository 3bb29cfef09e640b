"""Which URL a page is, so that importing it again finds the article it became.

Candidates are read in the order search engines trust them: ``<link rel="canonical">``, ``og:url``,
then the article's JSON-LD (or microdata, RDFa) ``url`` / ``mainEntityOfPage``, then the address the page
was fetched from. Each is normalised (scheme and host in lower case, default port and fragment dropped,
tracking parameters removed) and a candidate that names the site's home page rather than an article (a
common CMS template bug) is passed over. Pages without any URL (a saved file) are recognised by a hash of
their text instead.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from . import values

#: Query parameters that say how a reader arrived, not which page they read.
TRACKING_PARAMETERS = re.compile(
    r"^(?:utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|"
    r"twclid|ttclid|li_fat_id|ref|ref_src|ref_url|referrer|cmpid|cmp|ocid|ito|smid|sref|at_medium|at_campaign|"
    r"at_custom\d|mbid|rss|partner|spm|share|shared|s_cid|ncid|taid|sh|guccounter|guce_referrer\w*|__twitter_impression|"
    r"campaign|trk|trkcampaign|int_source|int_medium|int_campaign|"
    r"xtor|prtnr|icid|hpt|soc_src|soc_trk|intcmp|WT\.[a-z_]+|pk_[a-z]+|mtm_[a-z]+|hss_channel|"
    r"_hs(?:enc|mi)|oly_(?:anon|enc)_id|vero_(?:conv|id)|rb_clickid|s_kwcid|ef_id)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise(url: str) -> str:
    """``url`` in one spelling: lower-case scheme and host, no default port, no fragment, no tracking
    parameters; ``""`` for anything that is not an absolute http(s) URL. The path is kept as the site
    writes it (``/story/`` and ``/story`` may be different pages); :func:`variants` matches both."""
    found = values.url(url)
    if not found:
        return ""
    parts = urlsplit(found)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMETERS.match(key)
        ]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def variants(url: str) -> list[str]:
    """The spellings of one normalised URL that name the same article: with and without a trailing slash."""
    if not url:
        return []
    parts = urlsplit(url)
    path = parts.path
    if path in ("", "/"):
        return [url]
    other = path[:-1] if path.endswith("/") else f"{path}/"
    return [url, urlunsplit((parts.scheme, parts.netloc, other, parts.query, ""))]


def is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def choose(candidates: list[tuple[str, object]], base: str = "") -> tuple[str, str]:
    """``(url, where)``: the first candidate that normalises to an article's URL.

    A home-page URL is only taken when nothing better is there (some sites' templates print the home
    page as every article's canonical link)."""
    fallback: tuple[str, str] = ("", "")
    for where, raw in candidates:
        for item in values.as_list(raw)[:10]:
            found = normalise(values.url(item, base)) if item else ""
            if not found:
                continue
            if is_home_page(found):
                fallback = fallback if fallback[0] else (found, where)
                continue
            return found, where
    return fallback


_WORD = re.compile(r"\w+", re.UNICODE)


def text_hash(headline: str, body_text: str) -> str:
    """A hash of what a page says (headline and body words, case and punctuation ignored), to recognise
    a page with no URL of its own when it is imported again."""
    words = _WORD.findall(unicodedata.normalize("NFKC", f"{headline} {body_text}").casefold())
    if len(words) < 8:
        return ""
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()

"""Content-Security-Policy for production: the policies, the admin's own, and the report endpoint.

The header itself is set by Django's ``ContentSecurityPolicyMiddleware`` (Django 6) or django-csp's
``CSPMiddleware`` (Django 5.2): both take a dict of directive -> sources, built here once
(``settings/production.py`` picks the middleware). The public site runs no inline script; the embeds
editors may add (``wagtail.embeds``: YouTube, Vimeo, X/Twitter, Instagram, SoundCloud, Spotify)
get their frames and scripts; anything else is blocked and reported to ``/csp-report/``
(``newsroom/csp_report.py``).

Wagtail's admin still has inline scripts, so admin responses get their own, looser policy from
:class:`AdminContentSecurityPolicyMiddleware` (placed after the CSP middleware: both leave a header
that is already set alone).
"""

from __future__ import annotations

import django
from django.urls import reverse

SELF = "'self'"
NONE = "'none'"
UNSAFE_INLINE = "'unsafe-inline'"

# What the oEmbed HTML of the providers editors use needs (frames, and the script some inject).
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://platform.twitter.com",
    "https://syndication.twitter.com",
    "https://www.instagram.com",
    "https://w.soundcloud.com",
    "https://open.spotify.com",
]
EMBED_SCRIPT_SOURCES = ["https://platform.twitter.com", "https://www.instagram.com"]

REPORT_PATH = "/csp-report/"


def site_policy(*, report_uri: str = REPORT_PATH, extra_frames=(), extra_scripts=()) -> dict[str, list[str] | str]:
    """The public site's policy, as a dict for either middleware."""
    return {
        "default-src": [SELF],
        "script-src": [SELF, *EMBED_SCRIPT_SOURCES, *extra_scripts],
        # Inline style attributes (the signup form's honeypot) and embeds' styles; no inline script.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "https:"],
        "media-src": [SELF, "https:"],
        "font-src": [SELF, "data:"],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES, *extra_frames],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],  # Wagtail's preview frames its own pages
        "report-uri": report_uri,
    }


def admin_policy(*, report_uri: str = REPORT_PATH) -> dict[str, list[str] | str]:
    """The admin's: Wagtail's inline scripts and styles are allowed; plugins, framing and bases are not."""
    return {
        **site_policy(report_uri=report_uri),
        "script-src": [SELF, UNSAFE_INLINE, *EMBED_SCRIPT_SOURCES],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "frame-src": [SELF, "https:"],  # embed previews from any provider
    }


def csp_settings(policy: dict[str, list[str] | str]) -> tuple[str, dict]:
    """The CSP middleware for the running Django, and the settings that give it ``policy``."""
    if django.VERSION >= (6, 0):
        return "django.middleware.csp.ContentSecurityPolicyMiddleware", {"SECURE_CSP": policy}
    return "csp.middleware.CSPMiddleware", {"CONTENT_SECURITY_POLICY": {"DIRECTIVES": policy}}


def build_header(policy: dict[str, list[str] | str]) -> str:
    parts = []
    for directive, sources in policy.items():
        value = sources if isinstance(sources, str) else " ".join(sources)
        parts.append(f"{directive} {value}".strip())
    return "; ".join(parts)


class AdminContentSecurityPolicyMiddleware:
    """Give admin responses :func:`admin_policy` (the site's middleware then leaves them alone)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = build_header(admin_policy())
        self.prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.prefix is None:
            self.prefix = reverse("wagtailadmin_home")
        if request.path.startswith(self.prefix) and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.header
        return response

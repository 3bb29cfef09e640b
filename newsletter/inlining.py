"""CSS inlined into an email's HTML: mail clients that drop ``<style>`` (or strip ``<head>``) still get
the layout. Done once per edition and language (``digest.render_digest``), never per recipient.

``css-inline`` (Rust, maintained, no network: remote stylesheets are never loaded) moves each rule
into the elements' ``style`` attributes and keeps the at-rules (``@media (prefers-color-scheme:
dark)``, the narrow-screen rules) in a ``<style>`` element for the clients that read them.
"""

from __future__ import annotations

import css_inline

_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def inline_css(html: str) -> str:
    return _INLINER.inline(html)

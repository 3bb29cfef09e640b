"""The runner's own rules: pages that could not be read or checked, and limits of a run over the network.

They have no check function (the runner reports them); they are here so that every id a report can
carry is in the registry, with its severity and source, and in the docs' table (docs/plugin/checker.md).
"""

from __future__ import annotations

from ..registry import Rule, declare
from . import sources

NOT_HTML = Rule("not-html", "error", sources.HTML, "The document is not HTML, so nothing in it can be read.")
TOO_LARGE = Rule("too-large", "error", sources.GOOGLE_FILE_SIZE, "The page is larger than the checker reads.")
FETCH_FAILED = Rule("fetch-failed", "error", sources.HTTP, "The page could not be fetched.")
HTTP_STATUS = Rule("http-status", "error", sources.HTTP, "The page did not answer 200 OK.")
RENDER_FAILED = Rule("render-failed", "error", sources.HTTP, "The page could not be rendered in-process.")
NOT_ROUTABLE = Rule("not-routable", "error", sources.HTTP, "The page has no public URL.")
CHECKER_FAILED = Rule(
    "checker-failed", "error", sources.JSON_LD, "The checker stopped on this page; the report for it is incomplete."
)
EXTRACT_FAILED = Rule("extract-failed", "warning", sources.JSON_LD, "Microdata, RDFa or OpenGraph could not be read.")
ROBOTS_DISALLOWED = Rule(
    "robots-disallowed",
    "warning",
    sources.GOOGLE_ROBOTS,
    "robots.txt disallows the page for crawlers, so it was not fetched.",
)
IMAGE_HOST_UNRESOLVED = Rule(
    "image-host-unresolved",
    "warning",
    sources.HTTP,
    "A host of images does not resolve; its images were skipped (reported once per run).",
)
IMAGE_BUDGET_SPENT = Rule(
    "image-budget-spent",
    "warning",
    sources.HTTP,
    "The run's time for reading images ran out; later images were not read.",
)
ADDRESS_REFUSED = Rule(
    "address-refused",
    "error",
    sources.SSRF,
    "The URL leads to a private or internal address, so it was not fetched (--allow-private checks an intranet).",
)
SITEMAP_UNREADABLE = Rule(
    "sitemap-unreadable",
    "error",
    sources.SITEMAPS,
    "A sitemap an index lists could not be read; the pages it lists were not checked.",
)
SITEMAP_NESTED = Rule(
    "sitemap-index-nested",
    "warning",
    sources.SITEMAPS,
    "A sitemap index lists another index, which the protocol does not allow; it was not followed.",
)

declare(
    NOT_HTML, TOO_LARGE, FETCH_FAILED, HTTP_STATUS, RENDER_FAILED, NOT_ROUTABLE, CHECKER_FAILED, EXTRACT_FAILED,
    ROBOTS_DISALLOWED, IMAGE_HOST_UNRESOLVED, IMAGE_BUDGET_SPENT, ADDRESS_REFUSED, SITEMAP_UNREADABLE, SITEMAP_NESTED,
    concern="page",
)  # fmt: skip

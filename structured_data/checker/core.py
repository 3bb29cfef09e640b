"""Check what a page's HTML says against schema.org, Google's documentation and the visible page.

:func:`check_html` is the library API: give it the HTML and its URL, get a list of
:class:`~structured_data.checker.issues.Issue`. It never raises on what it reads; anything it
cannot read becomes an issue. The work is split in two: :func:`~.extract.extract` reads the page
once into a :class:`~.document.Document`, and the rules registered under ``checker/rules/`` each
look at it (:data:`~.registry.registry`). Two optional callables let the rules look further:

``fetch_image_size(url) -> (width, height) | None``
    The true pixel size of an image file, to compare with the declared ``width``/``height``.
    Return None when the image cannot be looked at from here; raise
    :class:`~.document.SkipImage` to skip it silently, anything else to report it unreadable.
``fetch_page(url) -> str | None``
    Another page's HTML (an author's profile page, to see that it is a ProfilePage about the
    same Person). Return None to skip the check; raise to report the URL unreachable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .document import Document, ImageSizeFetcher, PageFetcher
from .extract import extract
from .issues import Issue
from .registry import RuleRegistry, registry
from .rules.page import CHECKER_FAILED, NOT_HTML, TOO_LARGE  # importing rules registers every rule

#: Larger documents are reported, not read (Googlebot itself reads only the first 15 MB).
MAX_BYTES = 5 * 1024 * 1024
#: JSON-LD nesting deeper than this is reported and not descended into.
MAX_DEPTH = 32
#: JSON-LD nodes read per page at most.
MAX_NODES = 5000

__all__ = ["MAX_BYTES", "CheckResult", "ImageSizeFetcher", "PageFetcher", "check_document", "check_html"]


@dataclass
class CheckResult:
    """The issues and what they were found in (the admin report shows both)."""

    url: str
    issues: list[Issue] = field(default_factory=list)
    json_ld: list[Any] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]


def _looks_like_html(html: str | bytes) -> bool:
    head = html[:2048]
    if isinstance(head, bytes):
        if b"\x00" in head:
            return False
        head = head.decode("utf-8", "replace")
    elif "\x00" in head:
        return False
    return head.lstrip("\ufeff \t\r\n").startswith("<")


def _unreadable(html: Any, max_bytes: int) -> Issue | None:
    """Why ``html`` is not read at all (not text, too large, not HTML), or None."""
    if not isinstance(html, (str, bytes)):
        return NOT_HTML.issue(f"Expected HTML text, got {type(html).__name__}.")
    if len(html) > max_bytes:
        return TOO_LARGE.issue(
            f"The document is {len(html):,} bytes; the checker reads at most {max_bytes:,}.",
            "",
            "Pages this large are slow for readers and crawlers alike.",
        )
    if not _looks_like_html(html):
        return NOT_HTML.issue("The document is not HTML.")
    return None


def check_document(
    html: str | bytes,
    url: str,
    *,
    fetch_image_size: ImageSizeFetcher | None = None,
    fetch_page: PageFetcher | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
    rule_registry: RuleRegistry = registry,
) -> CheckResult:
    """Check one page: its issues and the JSON-LD it holds (see :func:`check_html`)."""
    result = CheckResult(url=url)
    unreadable = _unreadable(html, max_bytes)
    if unreadable is not None:
        result.issues.append(unreadable)
        return result
    issues: list[Issue] = []
    try:
        extracted = extract(html, url, issues)
        if extracted is not None:
            result.json_ld = extracted.json_ld
            doc = Document.build(
                url, extracted, fetch_image_size=fetch_image_size, fetch_page=fetch_page, max_depth=max_depth,
                max_nodes=max_nodes,
            )  # fmt: skip
            issues.extend(rule_registry.run(doc))
    except RecursionError:
        issues.append(CHECKER_FAILED.issue("The document is nested too deeply to check."))
    except Exception as error:
        issues.append(CHECKER_FAILED.issue(f"The checker could not finish this page: {type(error).__name__}: {error}"))
    result.issues = issues
    return result


def check_html(
    html: str | bytes,
    url: str,
    *,
    fetch_image_size: ImageSizeFetcher | None = None,
    fetch_page: PageFetcher | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> list[Issue]:
    """Every issue with the structured data of one HTML page served at ``url``.

    For other projects' tests::

        from structured_data.checker import check_html

        issues = check_html(response.content.decode(), "https://example.com/story/")
        assert not [issue for issue in issues if issue.severity == "error"], issues
    """
    return check_document(
        html, url, fetch_image_size=fetch_image_size, fetch_page=fetch_page, max_bytes=max_bytes,
        max_depth=max_depth, max_nodes=max_nodes,
    ).issues  # fmt: skip

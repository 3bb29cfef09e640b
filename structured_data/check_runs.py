"""Storing a checker run of a whole site, for the admin's report and dashboard panel.

``check_structured_data --site HOST --store`` (nightly, by cron or :func:`structured_data.tasks.
store_check_run_task`) renders every visible page as an anonymous visitor, checks it and keeps, per
page, its findings and the author names its graph holds. Only the latest run of a site keeps page
rows (the report shows them); every run keeps its totals, which the dashboard's trend compares.

A page is *flagged* when its findings change while the page has not been published since the last
run: something other than its editor's work changed what it says (an author profile, an image, the
publisher setting, a rule of a newer checker). The flag stays until the page is published again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.models import Page, Site

from .checker.issues import Issue
from .checker.site import SiteRenderer
from .conf import get_setting
from .models import CheckRun, Finding, PageCheck, PageCheckAuthor

Progress = Callable[[Iterable[Any]], Iterable[Any]]


@dataclass
class CheckedPage:
    """What one page's URLs (its own first, then its routes) were found to have."""

    page: Page
    url: str
    findings: list[tuple[Issue, str]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(issue.severity == "error" for issue, _url in self.findings)

    @property
    def warnings(self) -> int:
        return sum(issue.severity == "warning" for issue, _url in self.findings)

    def fingerprint(self) -> str:
        lines = sorted(
            "\x1f".join((issue.severity, issue.code, issue.path, url, issue.message)) for issue, url in self.findings
        )
        return hashlib.sha256("\x1e".join(lines).encode()).hexdigest()


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in extracted JSON-LD, nested ones included."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)


def author_names_in_graph(json_ld: list[Any]) -> list[str]:
    """The names of the ``author``s of any node, references followed by ``@id``: generic, no model needed."""
    nodes = list(_nodes(json_ld))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str) and "name" in node}
    names: list[str] = []
    for node in nodes:
        authors = node.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, str):
                name: Any = author
            elif isinstance(author, dict):
                name = author.get("name") or by_id.get(author.get("@id"), {}).get("name")
            else:
                continue
            if isinstance(name, list):
                name = name[0] if name else None
            if isinstance(name, str) and name.strip() and name.strip() not in names:
                names.append(name.strip()[:255])
    return names


def _author_names(page: Page, json_ld: list[Any]) -> list[str]:
    hook = get_setting("REPORT_AUTHOR_NAMES")
    if hook:
        function = import_string(hook) if isinstance(hook, str) else hook
        return [str(name)[:255] for name in function(page)]
    return author_names_in_graph(json_ld)


def check_pages(renderer: SiteRenderer, progress: Progress = iter) -> list[CheckedPage]:
    """Check every URL of every visible page of the renderer's site, grouped by page."""
    checked: dict[int, CheckedPage] = {}
    for page, url in progress(list(renderer.pages_and_urls())):
        issues, json_ld = renderer.check(url)
        entry = checked.get(page.pk)
        if entry is None:
            entry = checked[page.pk] = CheckedPage(page=page, url=url, authors=_author_names(page, json_ld))
        entry.findings += [(issue, "" if url == entry.url else url) for issue in issues]
    return list(checked.values())


def _flag(previous: PageCheck | None, page: CheckedPage, fingerprint: str, now: Any) -> Any:
    """When the page's flag was raised: kept, raised now, or cleared (see the module's docstring)."""
    if previous is None or previous.last_published_at != page.page.last_published_at:
        return None  # checked for the first time, or published since: its editor has seen this version
    if previous.fingerprint != fingerprint:
        return now
    return previous.flagged_at


def store_check_run(site: Site, progress: Progress = iter) -> tuple[CheckRun, list[CheckedPage]]:
    """Check ``site``'s pages and store the run; the previous run's page rows are replaced by this one's."""
    started = timezone.now()
    pages = check_pages(SiteRenderer(site), progress)
    with transaction.atomic():
        previous = {
            check.page_id: check
            for check in PageCheck.objects.filter(run__site=site).only(
                "page_id", "fingerprint", "flagged_at", "last_published_at"
            )
        }
        run = CheckRun.objects.create(
            site=site,
            started_at=started,
            finished_at=timezone.now(),
            pages_checked=len(pages),
            pages_with_errors=sum(bool(page.errors) for page in pages),
            errors=sum(page.errors for page in pages),
            warnings=sum(page.warnings for page in pages),
        )
        sections = _sections(pages, site)
        checks = []
        for page in pages:
            fingerprint = page.fingerprint()
            checks.append(
                PageCheck(
                    run=run,
                    page_id=page.page.pk,
                    section_id=sections.get(page.page.pk),
                    title=page.page.title[:255],
                    url=page.url[:2000],
                    errors=page.errors,
                    warnings=page.warnings,
                    fingerprint=fingerprint,
                    flagged_at=_flag(previous.get(page.page.pk), page, fingerprint, started),
                    last_published_at=page.page.last_published_at,
                )
            )
        PageCheck.objects.bulk_create(checks, batch_size=500)
        checks = list(PageCheck.objects.filter(run=run).only("pk", "page_id"))  # pks on every database
        check_ids = {check.page_id: check.pk for check in checks}
        Finding.objects.bulk_create(
            (
                Finding(
                    page_check_id=check_ids[page.page.pk],
                    severity=issue.severity,
                    rule=issue.code[:100],
                    message=issue.message,
                    path=issue.path[:500],
                    url=url[:2000],
                )
                for page in pages
                for issue, url in page.findings
            ),
            batch_size=1000,
        )
        PageCheckAuthor.objects.bulk_create(
            (
                PageCheckAuthor(page_check_id=check_ids[page.page.pk], name=name)
                for page in pages
                for name in page.authors
            ),
            batch_size=1000,
        )
        run.flagged = PageCheck.objects.filter(run=run, flagged_at__isnull=False).count()
        run.save(update_fields=["flagged"])
        PageCheck.objects.filter(run__site=site).exclude(run=run).delete()
    return run, pages


def _sections(pages: list[CheckedPage], site: Site) -> dict[int, int]:
    """Each page's section (its parent; none for the site's root page), in one query."""
    parent_paths = {
        page.page.pk: page.page.path[: -Page.steplen]
        for page in pages
        if page.page.pk != site.root_page_id and page.page.depth > 1
    }
    ids = dict(Page.objects.filter(path__in=set(parent_paths.values())).values_list("path", "pk"))
    return {page_id: ids[path] for page_id, path in parent_paths.items() if path in ids}


def latest_runs() -> list[CheckRun]:
    """The latest stored run of each site (the report's rows are theirs)."""
    site_ids = CheckRun.objects.order_by().values_list("site_id", flat=True).distinct()
    runs = [CheckRun.objects.filter(site_id=site_id).order_by("-started_at", "-pk").first() for site_id in site_ids]
    return [run for run in runs if run is not None]

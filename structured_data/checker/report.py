"""A run's results as a report: a summary by rule, and JSON or JUnit XML for CI pipelines."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .issues import Issue, Severity, at_level
from .registry import registry


@dataclass
class RunReport:
    """Every page's issues, plus what the run reports once (unresolved image hosts, the image budget)."""

    pages: list[tuple[str, list[Issue]]]
    notes: list[Issue] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def all_issues(self) -> list[Issue]:
        return [issue for _url, issues in self.pages for issue in issues] + self.notes

    def failing(self, level: Severity) -> list[Issue]:
        return at_level(self.all_issues, level)

    def by_rule(self) -> list[dict[str, Any]]:
        """One row per rule reported: id, severity, issues, pages, and the rule's source and reason."""
        counts: Counter[str] = Counter()
        pages: Counter[str] = Counter()
        severities: dict[str, str] = {}
        for _url, issues in self.pages:
            for code in {issue.code for issue in issues}:
                pages[code] += 1
            for issue in issues:
                counts[issue.code] += 1
                severities[issue.code] = issue.severity
        for issue in self.notes:
            counts[issue.code] += 1
            severities[issue.code] = issue.severity
        rows: list[dict[str, Any]] = []
        for code, count in counts.items():
            rule = registry.get(code)
            rows.append({
                "rule": code, "severity": severities[code], "issues": count, "pages": pages.get(code, 0),
                "source": rule.source if rule else "", "reason": rule.reason if rule else "",
            })  # fmt: skip
        rows.sort(key=lambda row: (row["severity"] != "error", -row["issues"], row["rule"]))
        return rows

    def summary(self) -> dict[str, Any]:
        issues = self.all_issues
        return {
            "pages": len(self.pages),
            "pages_with_issues": sum(bool(issues) for _url, issues in self.pages),
            "pages_with_errors": sum(any(i.severity == "error" for i in issues) for _url, issues in self.pages),
            "errors": sum(issue.severity == "error" for issue in issues),
            "warnings": sum(issue.severity == "warning" for issue in issues),
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(len(self.pages) / self.seconds, 1) if self.seconds else None,
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "pages": [{"url": url, "issues": [issue.as_dict() for issue in issues]} for url, issues in self.pages],
            "run": [issue.as_dict() for issue in self.notes],
            "rules": self.by_rule(),
            "summary": self.summary(),
        }

    def as_junit(self, fail_on: Severity = "error") -> str:
        """JUnit XML: one test case per page, failing when it has issues at ``fail_on`` level or worse."""
        summary = self.summary()
        suite = ET.Element("testsuite", name="structured-data", tests=str(len(self.pages) + bool(self.notes)),
                           errors="0", skipped="0", time=f"{self.seconds:.3f}")  # fmt: skip
        properties = ET.SubElement(suite, "properties")
        for key in ("errors", "warnings", "pages_with_issues"):
            ET.SubElement(properties, "property", name=key, value=str(summary[key]))
        failures = 0
        cases = [(url, issues) for url, issues in self.pages]
        if self.notes:
            cases.append(("(run)", self.notes))
        for url, issues in cases:
            host = urlsplit(url).netloc or "run"
            case = ET.SubElement(suite, "testcase", classname=f"structured_data.{host}", name=url, time="0")
            failing = at_level(issues, fail_on)
            if failing:
                failures += 1
                failure = ET.SubElement(
                    case, "failure", type=failing[0].code, message=f"{len(failing)} issue(s) at {fail_on} level"
                )
                failure.text = "\n".join(_line(issue) for issue in failing)
            others = [issue for issue in issues if issue not in failing]
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(_line(issue) for issue in others)
        suite.set("failures", str(failures))
        suites = ET.Element("testsuites", name="check_structured_data", tests=suite.get("tests", "0"),
                            failures=str(failures), errors="0", time=f"{self.seconds:.3f}")  # fmt: skip
        suites.append(suite)
        ET.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _line(issue: Issue) -> str:
    rule = registry.get(issue.code)
    source = f" [{rule.source}]" if rule else ""
    hint = f" ({issue.hint})" if issue.hint else ""
    return f"{issue.severity} {issue.code} {issue.path or '(page)'}: {issue.message}{hint}{source}"

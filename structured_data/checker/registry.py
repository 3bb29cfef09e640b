"""The checker's rules and the checks that report them, registered the way Django registers system checks.

A :class:`Rule` is what a report names: an id, a severity fixed by the severity policy (docs/plugin/checker.md), the
document the rule comes from and a one-line reason. A check is a function of the page's
:class:`~structured_data.checker.document.Document` that yields issues of the rules it declares::

    from structured_data.checker.registry import Rule, register

    LOGO_MISSING = Rule("publisher-logo", "warning", "https://developers.google.com/...", "Why, in one line.")

    @register(LOGO_MISSING)
    def publisher_logo(doc):
        if ...:
            yield LOGO_MISSING.issue("The publisher has no logo.", "NewsArticle.publisher.logo")

A new rule is one module under ``checker/rules/`` (imported by ``structured_data/checker/rules/__init__.py``) and
one test file in ``structured_data/tests/checker_rules/``. The runner only calls the checks in order and collects
what they yield.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .issues import SEVERITIES, Issue, Severity

if TYPE_CHECKING:
    from .document import Document

Check = Callable[["Document"], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """One thing the checker can report: ``id`` is the issue's ``code``."""

    id: str
    severity: Severity
    source: str
    reason: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"Rule {self.id}: severity must be one of {SEVERITIES}, not {self.severity!r}.")
        if not self.source.startswith("https://"):
            raise ValueError(f"Rule {self.id}: source must be the https:// URL of the document it comes from.")

    def issue(self, message: str, path: str = "", hint: str = "") -> Issue:
        return Issue(self.severity, self.id, message, path, hint)


@dataclass
class Registered:
    check: Check
    rules: tuple[Rule, ...]
    concern: str


@dataclass
class RuleRegistry:
    """Every rule by id and every check in registration order (the order issues are reported in)."""

    rules: dict[str, Rule] = field(default_factory=dict)
    checks: list[Registered] = field(default_factory=list)
    concerns: dict[str, str] = field(default_factory=dict)  # rule id → the module it belongs to

    def declare(self, *rules: Rule, concern: str = "") -> None:
        """Make rules known without a check (the runner's own: fetching, parsing, limits)."""
        for rule in rules:
            existing = self.rules.get(rule.id)
            if existing is not None and existing != rule:
                raise ValueError(f"Two different rules have the id {rule.id!r}.")
            self.rules[rule.id] = rule
            if concern:
                self.concerns.setdefault(rule.id, concern)

    def register(self, *rules: Rule) -> Callable[[Check], Check]:
        """Decorator: ``check`` yields issues of ``rules`` only."""

        def decorator(check: Check) -> Check:
            concern = check.__module__.rsplit(".", 1)[-1]
            self.declare(*rules, concern=concern)
            self.checks.append(Registered(check, tuple(rules), concern))
            return check

        return decorator

    def run(self, doc: Document) -> list[Issue]:
        """Every check's issues, each (rule, path) once."""
        issues: list[Issue] = []
        seen: set[tuple[str, str]] = set()
        for registered in self.checks:
            for issue in registered.check(doc):
                key = (issue.code, issue.path)
                if issue.path and key in seen:
                    continue
                seen.add(key)
                issues.append(issue)
        return issues

    def get(self, rule_id: str) -> Rule | None:
        return self.rules.get(rule_id)

    def table(self) -> list[dict[str, Any]]:
        """The rules as rows (concern, id, severity, source, reason), for the docs and reports."""
        return [
            {"concern": self.concerns.get(rule.id, ""), "id": rule.id, "severity": rule.severity,
             "source": rule.source, "reason": rule.reason}
            for rule in self.rules.values()
        ]  # fmt: skip

    def markdown(self) -> str:
        """The rules as a Markdown table, grouped by concern (docs/plugin/checker.md's table is this, pasted)."""
        order = {concern: index for index, concern in enumerate(dict.fromkeys(self.concerns.values()))}
        rows = sorted(self.table(), key=lambda row: (order.get(row["concern"], 99), row["severity"] != "error"))
        lines = ["| concern | rule | severity | reason | source |", "| --- | --- | --- | --- | --- |"]
        for row in rows:
            lines.append(
                f"| {row['concern']} | `{row['id']}` | {row['severity']} | {row['reason'].replace('|', '/')} "
                f"| [{_short(row['source'])}]({row['source']}) |"
            )
        return "\n".join(lines) + "\n"


def _short(url: str) -> str:
    """``developers.google.com/.../article#author-bp`` → ``Google: article#author-bp``, for table cells."""
    tail = url.rstrip("/").rsplit("/", 1)[-1]
    if "developers.google.com" in url:
        return f"Google: {tail}"
    if "schema.org" in url:
        return f"schema.org: {tail}"
    return url.split("//", 1)[-1].split("/", 1)[0] + (f": {tail}" if tail and "." not in tail else "")


#: The one registry the checker runs (``rules/`` modules register into it when imported).
registry = RuleRegistry()
register = registry.register
declare = registry.declare

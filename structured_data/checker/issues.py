"""What the checker reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")


@dataclass(frozen=True)
class Issue:
    """One thing wrong with a page's structured data.

    ``path`` says where, the way a person reads the graph: ``NewsArticle.image[1].width``
    (0-based list indexes; references are followed, so the path names the property that led there).
    ``code`` is a stable identifier for tests and filters (``"json-syntax"``, ``"unknown-property"``).
    """

    severity: Severity
    code: str
    message: str
    path: str = ""
    hint: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.severity}: {where}{self.message}{hint}"


def at_level(issues: list[Issue], level: Severity) -> list[Issue]:
    """Issues at ``level`` or worse: errors for "error"; errors and warnings for "warning"."""
    allowed = SEVERITIES[: SEVERITIES.index(level) + 1]
    return [issue for issue in issues if issue.severity in allowed]

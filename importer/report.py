"""What an import did, item by item: kept as rows, counted, and written as CSV or JSON for people.

A row's ``status`` is one of ``imported``, ``updated``, ``skipped`` or ``failed`` (``would import`` and
``would update`` in a dry run); ``reason`` says why for the last two, ``flags`` what looked uncertain.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

FIELDS = ("source", "status", "reason", "title", "page_id", "warnings", "flags")
COUNTED = {"would import": "imported", "would update": "updated"}


@dataclass
class ReportRow:
    source: str
    status: str
    reason: str = ""
    title: str = ""
    page_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


class Report:
    def __init__(self) -> None:
        self.rows: list[ReportRow] = []

    def add(self, row: ReportRow) -> ReportRow:
        self.rows.append(row)
        return row

    def counts(self) -> dict[str, int]:
        counts = {"imported": 0, "updated": 0, "skipped": 0, "failed": 0}
        for row in self.rows:
            key = COUNTED.get(row.status, row.status)
            counts[key] = counts.get(key, 0) + 1
        return counts

    @property
    def failed(self) -> list[ReportRow]:
        return [row for row in self.rows if row.status == "failed"]

    def summary(self) -> str:
        counts = self.counts()
        return (
            f"{counts['imported']} imported, {counts['updated']} updated, {counts['skipped']} skipped, "
            f"{counts['failed']} failed."
        )

    def write(self, path: Path) -> None:
        """CSV (warnings and flags joined with " | ") or JSON, by the file's suffix."""
        if path.suffix.lower() == ".json":
            path.write_text(
                json.dumps({"summary": self.counts(), "items": [asdict(row) for row in self.rows]}, indent=2),
                encoding="utf-8",
            )
            return
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=FIELDS)
            writer.writeheader()
            for row in self.rows:
                data = asdict(row)
                data["warnings"] = " | ".join(row.warnings)
                data["flags"] = " | ".join(row.flags)
                data["page_id"] = "" if row.page_id is None else row.page_id
                writer.writerow(data)


def check_report_path(path: str | None) -> Path | None:
    """``--report``'s file, refused up front (before anything is imported) when it cannot be written."""
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() not in (".csv", ".json"):
        raise ValueError(f"--report must end in .csv or .json: {path}")
    if not target.parent.resolve().is_dir():
        raise ValueError(f"--report: no such directory {target.parent}")
    return target

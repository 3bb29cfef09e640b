"""A site to import into, the hand-written export, and an uploads folder with its photos (one missing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.builders import build_site, jpeg_bytes

EXPORT = Path(__file__).parent / "export.xml"
#: The photos the export's attachments name; 2024/07/watt.jpg is left out on purpose (a missing file).
UPLOADS = {
    "2024/03/ferry.jpg": (10, 60, 120),
    "2024/03/pier-300x200.jpg": (120, 60, 10),
    "2024/05/phare.jpg": (200, 180, 40),
    "2024/05/lentille.jpg": (30, 160, 90),
    "2024/05/escalier.jpg": (90, 30, 160),
}


@pytest.fixture
def site():
    return build_site(sections=("Local",))


@pytest.fixture
def export(tmp_path) -> Path:
    target = tmp_path / "export.xml"
    shutil.copy(EXPORT, target)
    return target


@pytest.fixture
def uploads(tmp_path) -> Path:
    root = tmp_path / "uploads"
    for name, color in UPLOADS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(jpeg_bytes(64, 48, color))
    return root

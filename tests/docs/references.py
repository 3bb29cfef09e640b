"""What the documentation names, read out of its files: repository paths, environment variables, nav pages.

Pure functions over text, so the tests in this folder state the rule and these find what it applies to.
"""

from __future__ import annotations

import ast
import pathlib
import re
from collections.abc import Iterator

# Folders whose Python modules' docstrings are read (the migrations are generated, so they are left out).
PACKAGES = (
    "newsroom",
    "articles",
    "importer",
    "newsletter",
    "pagecache",
    "partners",
    "search",
    "structured_data",
    "topics",
    "tests",
    "bench",
    "tools",
)
EXTENSIONS = "py|md|html|txt|toml|vcl|yml|yaml|json|xml|sh|js|css|po|cfg|ini|csv|png"
# A path is at least one folder and a file name with one of those extensions, not inside a URL and not
# an absolute path of the server (/etc/...): the look-behind refuses a slash, a dot or a word before it.
PATH = re.compile(rf"(?<![\w/.<>{{}}$-])((?:[\w.*-]+/)+[\w.*-]+\.(?:{EXTENSIONS}))(?![\w/])")
# Folders a build writes and git ignores (mkdocs's site_dir): paths inside them exist only after `make docs`.
BUILD_OUTPUTS = ("site",)
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")
ENV_READ = re.compile(r"""(?:\benv(?:\.\w+)?|environ\.get|\bgetenv|environ)\s*[(\[]\s*["']([A-Z][A-Z0-9_]*)["']""")


def named_paths(text: str) -> set[str]:
    """Repository-looking paths in a text (URLs removed first)."""
    return set(PATH.findall(URL.sub(" ", text)))


def docstrings(path: pathlib.Path) -> Iterator[str]:
    """The module's, classes' and functions' docstrings of one Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            text = ast.get_docstring(node, clean=False)
            if text:
                yield text


def python_files(root: pathlib.Path) -> Iterator[pathlib.Path]:
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" not in path.parts and "node_modules" not in path.parts:
                yield path


def markdown_files(root: pathlib.Path) -> list[pathlib.Path]:
    """The pages of the documentation site and the two READMEs."""
    return [root / "README.md", root / "structured_data" / "README.md", *sorted((root / "docs").rglob("*.md"))]


def path_exists(root: pathlib.Path, named: str, beside: pathlib.Path) -> bool:
    """A named path exists from the repository's root, beside the file that names it, or, for a static
    file or a template, in any app's ``static/`` or ``templates/`` folder (as Django finds them)."""
    if "*" not in named and ((root / named).exists() or (beside / named).exists()):
        return True
    if "*" in named and (any(root.glob(named)) or any(beside.glob(named))):
        return True
    first, _, rest = named.partition("/")
    if first in BUILD_OUTPUTS:
        return True
    if first in ("static", "templates"):
        return any(root.glob(f"*/{first}/{rest}"))
    return False


def environment_variables(settings_dir: pathlib.Path) -> dict[str, str]:
    """Every environment variable the settings read, with the file that reads it."""
    found: dict[str, str] = {}
    for path in sorted(settings_dir.glob("*.py")):
        for name in ENV_READ.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, path.name)
    return found


def nav_pages(nav: object) -> Iterator[str]:
    """The page files of an MkDocs ``nav`` (nested lists of ``{title: page or list}``)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)

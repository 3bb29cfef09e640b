"""The rule registry: every rule documented, the docs' table in step, a new rule is one function."""

from __future__ import annotations

import pathlib

import pytest

from structured_data.checker import check_document, check_html, registry
from structured_data.checker.registry import Rule, RuleRegistry
from structured_data.tests.checker_corpus import build_corpus
from structured_data.tests.checker_layouts import layouts, planted
from structured_data.tests.checker_pages import URL, article, page

RULES_PAGE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "plugin" / "checker.md"


def test_every_rule_has_an_id_severity_source_and_one_line_reason():
    assert len(registry.rules) >= 60
    for rule in registry.rules.values():
        assert rule.severity in ("error", "warning")
        assert rule.source.startswith("https://")
        assert rule.reason and "\n" not in rule.reason and rule.reason.endswith(".")


def test_concerns_are_the_modules_under_rules():
    expected = {"page", "graph", "vocabulary", "article", "images", "visible", "profiles", "opengraph", "video",
                "retired_features"}  # fmt: skip
    assert set(registry.concerns.values()) == expected
    rules_dir = pathlib.Path(__file__).resolve().parents[2] / "structured_data" / "checker" / "rules"
    for concern in expected - {"page"}:
        assert (rules_dir / f"{concern}.py").exists()
        rule_tests = pathlib.Path(__file__).resolve().parents[2] / "structured_data" / "tests" / "checker_rules"
        assert (rule_tests / f"test_{concern}.py").exists(), concern


def test_docs_table_is_the_registry():
    assert registry.markdown() in RULES_PAGE.read_text(encoding="utf-8")


def test_every_reported_issue_is_a_registered_rule_at_its_severity():
    pages = [case.html for case in build_corpus().values()]
    for layout in layouts():
        pages.append(layout.html)
        pages.extend(planted(layout.html, plant) for plant in layout.plants)
    seen = set()
    for html in pages:
        for issue in check_html(html, URL):
            rule = registry.get(issue.code)
            assert rule is not None, issue
            assert issue.severity == rule.severity, issue
            seen.add(issue.code)
    assert len(seen) >= 35


def test_a_new_rule_is_one_function():
    own = RuleRegistry()
    no_keywords = Rule(
        "keywords-missing", "warning", "https://schema.org/keywords", "House style: every story has keywords."
    )

    @own.register(no_keywords)
    def keywords(doc):
        for label, node in doc.articles:
            if not node.get("keywords"):
                yield no_keywords.issue("The article has no keywords.", f"{label}.keywords")

    result = check_document(page(article()), URL, rule_registry=own)
    assert [(issue.code, issue.path) for issue in result.issues] == [("keywords-missing", "NewsArticle.keywords")]
    assert own.get("keywords-missing") is no_keywords and registry.get("keywords-missing") is None


def test_rules_are_validated():
    with pytest.raises(ValueError, match="severity"):
        Rule("x", "fatal", "https://example.org/", "Why.")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="source"):
        Rule("x", "error", "somewhere", "Why.")
    own = RuleRegistry()
    own.declare(Rule("x", "error", "https://example.org/", "Why."))
    with pytest.raises(ValueError, match="Two different rules"):
        own.declare(Rule("x", "warning", "https://example.org/", "Why."))

"""The checker on pages laid out the way real news sites lay them out: clean ones pass, planted defects are caught."""

from __future__ import annotations

import pytest

from structured_data.checker import check_html, registry

from .checker_layouts import layouts, planted

LAYOUTS = {layout.name: layout for layout in layouts()}
PLANTS = [(layout.name, plant) for layout in LAYOUTS.values() for plant in layout.plants]


def test_there_are_enough_layouts_and_plants():
    assert len(LAYOUTS) >= 30
    assert len(PLANTS) >= 40
    # The plants cover every visible-page rule.
    assert {"byline-mismatch", "caption-mismatch", "credit-mismatch"} <= {plant.code for _name, plant in PLANTS}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_clean_layout_has_no_error(name):
    layout = LAYOUTS[name]
    issues = check_html(layout.html, layout.url)
    assert [str(issue) for issue in issues if issue.severity == "error"] == []
    assert "checker-failed" not in {issue.code for issue in issues}


@pytest.mark.parametrize(("name", "plant"), PLANTS, ids=[f"{name}--{plant.name}" for name, plant in PLANTS])
def test_planted_defect_is_caught_and_nothing_else_breaks(name, plant):
    layout = LAYOUTS[name]
    issues = check_html(planted(layout.html, plant), layout.url)
    caught = [issue for issue in issues if issue.code == plant.code]
    assert caught, [str(issue) for issue in issues]
    assert all(issue.severity == registry.get(plant.code).severity for issue in caught)
    others = {issue.code for issue in issues if issue.severity == "error"} - {plant.code}
    assert others == set(), [str(issue) for issue in issues]

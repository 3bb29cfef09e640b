"""The plugin's public API: the names in ``structured_data.__all__``, loaded lazily from their modules."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import structured_data


def test_all_lists_exactly_the_lazy_names():
    assert set(structured_data.__all__) == {"__version__", *structured_data._PUBLIC}
    assert len(structured_data.__all__) == len(set(structured_data.__all__))


@pytest.mark.parametrize("name", sorted(structured_data._PUBLIC))
def test_each_public_name_is_the_object_its_module_defines(name):
    module = importlib.import_module(f"structured_data.{structured_data._PUBLIC[name]}")
    defined = getattr(module, structured_data._ALIASES.get(name, name))
    assert getattr(structured_data, name) is defined
    assert name in dir(structured_data)


def test_an_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'StoredGraphDependency'"):
        structured_data.StoredGraphDependency  # noqa: B018  (internal: not part of the API)


def test_importing_the_package_imports_no_module_of_it():
    """Settings and app registries import the package before apps are ready: it must not load models."""
    code = (
        "import sys, structured_data; "
        "print(sorted(m for m in sys.modules if m.startswith('structured_data.') or m == 'django.db.models'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "[]"

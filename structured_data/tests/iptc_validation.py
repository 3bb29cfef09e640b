"""Validation against IPTC's official schemas, vendored in ``iptc/`` (see its README): offline, no network.

ninjs with ``jsonschema`` (Draft 2020-12, formats asserted as IPTC's own validator does:
``date-time`` through rfc3339-validator, ``uri`` through rfc3986-validator); NewsML-G2 with
lxml's XML Schema, the XSD parsed from its path so that ``xml.xsd`` resolves beside it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

IPTC = Path(__file__).parent / "iptc"
GEOJSON_ID = "https://geojson.org/schema/GeoJSON.json"
NINJS_VERSIONS = ("2.1", "2.2")


@cache
def ninjs_validator(version: str = "2.2") -> Any:
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource

    schema = json.loads((IPTC / "ninjs" / f"ninjs-schema_{version}.json").read_text(encoding="utf-8"))
    geojson = json.loads((IPTC / "ninjs" / "GeoJSON-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(GEOJSON_ID, Resource.from_contents(geojson))
    checker = FormatChecker()
    assert {"date-time", "uri"} <= set(checker.checkers), "install rfc3339-validator and rfc3986-validator"
    return Draft202012Validator(schema, registry=registry, format_checker=checker)


def validate_ninjs(data: Any, versions: tuple[str, ...] = NINJS_VERSIONS) -> None:
    """Raise AssertionError listing every violation of each ninjs ``versions``' schema."""
    for version in versions:
        errors = sorted(ninjs_validator(version).iter_errors(data), key=lambda e: list(e.absolute_path))
        assert not errors, f"ninjs {version}:\n" + "\n".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
        )


@cache
def newsml_schema() -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(IPTC / "newsml-g2" / "NewsML-G2_2.35-spec-All-Power.xsd")))


def validate_newsml(document: bytes) -> Any:
    """The parsed ``newsItem`` root, after asserting it is valid against the NewsML-G2 2.35 XSD."""
    from lxml import etree

    root = etree.fromstring(document)
    schema = newsml_schema()
    valid = schema.validate(root)
    assert valid, "NewsML-G2 2.35:\n" + "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
    return root

"""Read JSON-LD back the way a search engine does: extruct over the served HTML, then resolve @ids."""

from __future__ import annotations

import json

import extruct
import lxml.html


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity (which are not JSON)."""

    def reject(constant):
        raise ValueError(f"non-JSON constant {constant}")

    return json.loads(text, parse_constant=reject)


def script_texts(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    return [script.text or "" for script in tree.xpath('//script[@type="application/ld+json"]')]


class JsonLdGraph:
    """The page's one graph, with nodes looked up by @id."""

    def __init__(self, html: str, base_url: str):
        items = extruct.extract(html, base_url=base_url, syntaxes=["json-ld"], uniform=False)["json-ld"]
        graphs = [item for item in items if "@graph" in item]
        assert len(graphs) == 1, items
        self.data = graphs[0]
        self.nodes = self.data["@graph"]
        ids = [node["@id"] for node in self.nodes if "@id" in node]
        assert len(ids) == len(set(ids)), "duplicate @id in the graph"
        self.by_id = {node["@id"]: node for node in self.nodes if "@id" in node}

    @classmethod
    def from_response(cls, response, base_url: str = "http://localhost/") -> JsonLdGraph:
        assert response.status_code == 200, response.status_code
        return cls(response.content.decode("utf-8"), base_url)

    def __getitem__(self, node_id: str) -> dict:
        return self.by_id[node_id]

    def resolve(self, value):
        """A node for a reference, each node for a list of references; other values as they are."""
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.by_id[value["@id"]]
        return value

    def of_type(self, *types: str) -> list[dict]:
        def matches(node):
            node_types = node.get("@type")
            node_types = node_types if isinstance(node_types, list) else [node_types]
            return any(t in types for t in node_types)

        return [node for node in self.nodes if matches(node)]

    def one(self, *types: str) -> dict:
        found = self.of_type(*types)
        assert len(found) == 1, (types, found)
        return found[0]

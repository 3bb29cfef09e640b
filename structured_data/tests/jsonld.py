"""Read JSON-LD back the way a search engine does: extruct over the served HTML, then resolve ``@id``s."""

from __future__ import annotations

from typing import Any

import extruct


class JsonLdGraph:
    """The page's one graph, with nodes looked up by ``@id`` (a duplicate ``@id`` fails)."""

    def __init__(self, html: str, base_url: str = "http://localhost/") -> None:
        items = extruct.extract(html, base_url=base_url, syntaxes=["json-ld"], uniform=False)["json-ld"]
        graphs = [item for item in items if "@graph" in item]
        assert len(graphs) == 1, items
        self.nodes: list[dict[str, Any]] = graphs[0]["@graph"]
        ids = [node["@id"] for node in self.nodes if "@id" in node]
        assert len(ids) == len(set(ids)), "duplicate @id in the graph"
        self.by_id = {node["@id"]: node for node in self.nodes if "@id" in node}

    @classmethod
    def from_response(cls, response: Any, base_url: str = "http://localhost/") -> JsonLdGraph:
        assert response.status_code == 200, response.status_code
        return cls(response.content.decode("utf-8"), base_url)

    def resolve(self, value: Any) -> Any:
        """A node for a reference, each node for a list of references; other values as they are."""
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.by_id[value["@id"]]
        return value

    def of_type(self, *types: str) -> list[dict[str, Any]]:
        def matches(node: dict[str, Any]) -> bool:
            node_types = node.get("@type")
            node_types = node_types if isinstance(node_types, list) else [node_types]
            return any(t in types for t in node_types)

        return [node for node in self.nodes if matches(node)]

    def one(self, *types: str) -> dict[str, Any]:
        found = self.of_type(*types)
        assert len(found) == 1, (types, found)
        return found[0]

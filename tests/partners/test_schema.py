"""The OpenAPI description is served, valid, and says what the API does."""

from __future__ import annotations

import json

from django.test import Client
from drf_spectacular.validation import validate_schema


def test_the_openapi_description_is_served_and_valid(db):
    response = Client().get("/api/partners/v1/schema/")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)  # OpenAPI 3.0's own JSON Schema
    assert set(schema["paths"]) == {"/api/partners/v1/articles/", "/api/partners/v1/articles/{id}/"}
    listing = schema["paths"]["/api/partners/v1/articles/"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"since", "section", "language", "cursor", "limit"}
    assert {"200", "304", "400", "401", "429"} <= set(listing["responses"])
    detail = schema["paths"]["/api/partners/v1/articles/{id}/"]["get"]["responses"]["200"]["content"]
    assert set(detail) == {"application/ninjs+json", "application/vnd.iptc.g2.newsitem+xml"}
    assert schema["components"]["securitySchemes"]["partnerKey"]["scheme"] == "bearer"
    assert listing["security"] == [{"partnerKey": []}]

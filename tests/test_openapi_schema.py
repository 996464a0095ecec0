"""The OpenAPI schema: served at /api/v1/schema/, valid OpenAPI 3.0, and covering every API route."""

from __future__ import annotations

import json
from pathlib import Path

import drf_spectacular
import jsonschema
import pytest
from django.core.management import call_command
from django.urls import URLPattern, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

# The OpenAPI 3.0 JSON Schema (from OAI/OpenAPI-Specification) ships inside drf-spectacular, so the check
# runs offline; openapi-spec-validator is not a dependency.
OPENAPI_30 = Path(drf_spectacular.__file__).parent / "validation" / "openapi_3_0_schema.json"


@pytest.fixture
def schema() -> dict:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_served_and_valid_openapi_3_0(schema):
    meta_schema = json.loads(OPENAPI_30.read_text())

    jsonschema.Draft4Validator(meta_schema).validate(schema)

    assert schema["openapi"].startswith("3.0")


def test_schema_is_served_as_yaml_by_default(areas):
    response = APIClient().get("/api/v1/schema/")

    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.0")


def test_schema_generation_has_no_warnings():
    # drf-spectacular's own check: the same validation, and any warning (an undocumented body, a guessed
    # parameter type) fails too.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_schema_documents_every_api_route(schema):
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/")
    routes = {
        "/api/v1/" + str(p.pattern).replace("<str:", "{").replace(">", "}")
        for p in api.url_patterns
        if isinstance(p, URLPattern) and p.name != "schema"
    }

    assert routes == set(schema["paths"])


def test_every_operation_is_described_in_chinese_and_documents_its_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert any("\u4e00" <= ch <= "\u9fff" for ch in operation["summary"]), where
            errors = {code for code in operation["responses"] if code.startswith(("4", "5"))}
            assert errors, where
            for code in errors:
                body = operation["responses"][code]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, where


def test_every_write_and_path_lookup_documents_its_refusals(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "patch") and "auth/token" not in path:
                assert {"400", "403"} <= set(operation["responses"]), f"{method} {path}"
            if "{" in path:
                assert "404" in operation["responses"], f"{method} {path}"


def test_error_shape_is_documented_with_chinese_field_descriptions(schema):
    body = schema["components"]["schemas"]["ErrorBody"]

    assert set(body["properties"]) == {"code", "message", "fields"}
    assert "中文" in body["properties"]["message"]["description"]


def test_request_and_response_fields_carry_chinese_help_text(schema):
    for name in ("HouseholdCreate", "MemberWrite", "HouseholdDetail", "PersonDetail", "Area"):
        for field, spec in schema["components"]["schemas"][name]["properties"].items():
            text = spec.get("description", "")
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{name}.{field}"


def test_no_docs_page_pulls_scripts_from_a_cdn(areas):
    # Every asset is served locally: the API offers the schema only, no Swagger UI or Redoc page.
    for path in ("/api/v1/docs/", "/api/v1/redoc/", "/api/v1/swagger-ui/"):
        assert APIClient().get(path).status_code == 404

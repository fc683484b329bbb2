"""The OpenAPI 3 schema at /api/schema/: valid, complete against API.md, and free of warnings."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

# Every path API.md names, with path parameters written as {} (their names are the project's).
CONTRACT_PATHS = [
    "/api/v1/member-states/",
    "/api/v1/member-states/{}/",
    "/api/v1/organizations/",
    "/api/v1/users/",
    "/api/v1/users/{}/",
    "/api/v1/contacts/",
    "/api/v1/meetings/",
    "/api/v1/meetings/{}/",
    "/api/v1/visits/",
    "/api/v1/visits/{}/",
    "/api/v1/vnr-engagements/",
    "/api/v1/cta-endorsements/",
    "/api/v1/alliance-memberships/",
    "/api/v1/alliance-memberships/{}/milestones/{}/",
    "/api/v1/pledges/",
    "/api/v1/pledges/{}/",
    "/api/v1/pledges/{}/reports/",
    "/api/v1/pledges/{}/reports/{}/verifications/",
    "/api/v1/pledges/{}/history/",
    "/api/v1/follow-ups/",
    "/api/v1/reminders/",
    "/api/v1/dashboard/summary/",
    "/api/v1/dashboard/pledges/",
    "/api/v1/dashboard/kpis/",
    "/api/v1/dashboard/reporting/",
    "/api/v1/reports/annual/{}/",
    "/api/v1/public/pledges/",
    "/api/v1/auth/token/",
]
AGGREGATE_PATHS = [path for path in CONTRACT_PATHS if "/dashboard/" in path or "/reports/annual/" in path]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def normalized_paths(schema: dict) -> set[str]:
    return {re.sub(r"\{[^}]+\}", "{}", path) for path in schema["paths"]}


def test_schema_is_a_valid_openapi_3_document(schema):
    validate_schema(schema)  # raises on any violation of the OpenAPI 3.0 JSON Schema

    assert schema["openapi"].startswith("3.")


def test_schema_lists_every_path_of_the_contract(schema):
    missing = sorted(set(CONTRACT_PATHS) - normalized_paths(schema))

    assert missing == []


@pytest.mark.parametrize("path", AGGREGATE_PATHS)
def test_aggregate_endpoint_documents_its_errors(schema, path):
    actual = next(p for p in schema["paths"] if re.sub(r"\{[^}]+\}", "{}", p) == path)
    responses = schema["paths"][actual]["get"]["responses"]

    assert {"200", "401", "403"} <= set(responses)
    assert "400" in responses or "404" in responses


@pytest.mark.parametrize(
    ("path", "parameter", "schema_part"),
    [
        ("/api/v1/dashboard/summary/", "year", {"type": "integer", "minimum": 2000, "maximum": 2100}),
        ("/api/v1/dashboard/pledges/", "group_by", {"enum": ["region", "member_state", "area", "origin"]}),
        ("/api/v1/dashboard/kpis/", "from", {"pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}),
        ("/api/v1/dashboard/kpis/", "to", {"pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}),
        ("/api/v1/dashboard/reporting/", "group_by", {"enum": ["member_state", "region"]}),
    ],
)
def test_aggregate_parameters_are_described(schema, path, parameter, schema_part):
    parameters = {item["name"]: item["schema"] for item in schema["paths"][path]["get"]["parameters"]}

    described = dict(parameters[parameter])
    if "enum" in described:
        described["enum"] = sorted(described["enum"])
        schema_part = {**schema_part, "enum": sorted(schema_part["enum"])}
    assert {key: described.get(key) for key in schema_part} == schema_part


def test_schema_generation_raises_no_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

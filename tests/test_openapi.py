"""The OpenAPI 3 schema at /api/schema/: valid, complete against API.md, free of warnings, and with
a maximum length on every string a request body takes."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from engagement.validators import FREE_TEXT_MAX_LENGTH
from meetings.models import Meeting

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


# --- Every string of a request body has a maxLength, at most 50,000, or is listed here ---------------

# String formats whose values bound themselves.
SELF_BOUNDED_FORMATS = {"date", "date-time", "time", "uuid", "binary", "decimal"}
# (component, property) allowed without maxLength, each for a reason.
UNBOUNDED_STRINGS = {
    # Hashed, never stored as typed; Django sets no upper bound (DATA_UPLOAD_MAX_MEMORY_SIZE does).
    ("UserRequest", "password"),
    ("PatchedUserRequest", "password"),
    ("TokenRequestRequest", "password"),
}


def references(node) -> set[str]:
    """The component names `node` refers to, at any depth."""
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if "$ref" in node else set()
        return found.union(*(references(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(references(value) for value in node))
    return set()


def request_components(schema: dict) -> set[str]:
    """Every component a request body uses, directly or nested."""
    components = schema["components"]["schemas"]
    pending = references(
        [
            operation.get("requestBody", {})
            for path in schema["paths"].values()
            for operation in path.values()
            if isinstance(operation, dict)
        ]
    )
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending |= references(components[name])
    return seen


def unbounded(node: dict) -> bool:
    """A string (or a list of strings) with no maxLength, or one above FREE_TEXT_MAX_LENGTH."""
    if node.get("readOnly") or "enum" in node or node.get("format") in SELF_BOUNDED_FORMATS:
        return False
    if node.get("type") == "array":
        return unbounded(node.get("items", {}))
    limit = node.get("maxLength")
    return node.get("type") == "string" and (limit is None or limit > FREE_TEXT_MAX_LENGTH)


def test_every_string_in_a_request_body_has_a_max_length(schema):
    components = schema["components"]["schemas"]
    found = [
        f"{name}.{property_}"
        for name in sorted(request_components(schema))
        for property_, node in components[name].get("properties", {}).items()
        if (name, property_) not in UNBOUNDED_STRINGS and unbounded(node)
    ]
    assert found == []


def test_the_schema_walk_sees_the_request_bodies(schema):
    meeting = schema["components"]["schemas"]["MeetingRequest"]["properties"]
    assert "MeetingRequest" in request_components(schema)
    assert meeting["summary"]["maxLength"] == Meeting._meta.get_field("summary").max_length

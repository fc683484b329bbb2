"""JSON nested deeper than MAX_JSON_DEPTH is a 400 before `json` recurses, on every endpoint."""

from __future__ import annotations

import json
import time

import pytest
from knox.models import AuthToken

from engagement.api import parsers
from engagement.api.parsers import MAX_JSON_DEPTH, json_nesting_depth
from meetings.models import Meeting
from pledges.models import Pledge, ProgressReport
from tests.bad_input.bodies import nested, pledge_body, post_json

pytestmark = pytest.mark.django_db


def writes(request, ken_pledge):
    """(client, url, rows that must not change) for each write endpoint under test."""
    staff = request.getfixturevalue("staff")
    focal = request.getfixturevalue("focal_ken")
    return {
        "auth/token": (None, "/api/v1/auth/token/", AuthToken.objects.count),
        "pledges": (staff, "/api/v1/pledges/", Pledge.objects.count),
        "meetings": (staff, "/api/v1/meetings/", Meeting.objects.count),
        "reports": (focal, f"/api/v1/pledges/{ken_pledge.pk}/reports/", ProgressReport.objects.count),
    }


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 1, 1000, 100_000])
@pytest.mark.parametrize("endpoint", ["auth/token", "pledges", "meetings", "reports"])
def test_json_nested_too_deep_is_a_400_that_writes_nothing(request, api, ken_pledge, endpoint, levels):
    user, url, rows = writes(request, ken_pledge)[endpoint]
    before = rows()

    started = time.monotonic()
    response = post_json(api(user), url, nested(levels))

    # The scan takes milliseconds; the bound leaves room for a loaded machine and a cold worker.
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert response.json() == {"detail": f"JSON nested deeper than {MAX_JSON_DEPTH} levels is not accepted."}
    assert rows() == before


def test_json_nested_too_deep_in_a_patch_is_a_400_and_the_pledge_is_unchanged(api, staff, ken_pledge):
    response = api(staff).generic(
        "PATCH", f"/api/v1/pledges/{ken_pledge.pk}/", nested(1000), content_type="application/json"
    )

    assert response.status_code == 400
    assert ken_pledge.history.count() == 1


def field_nested(field: str, levels: int, body: dict) -> str:
    """`body` as JSON with `field` holding arrays, so that the whole document nests `levels` deep."""
    return json.dumps({**body, field: "HOLE"}).replace('"HOLE"', nested(levels - 1))


def test_exactly_the_depth_limit_is_parsed_and_the_serializer_decides(api, staff):
    text = field_nested("title", MAX_JSON_DEPTH, pledge_body())
    assert json_nesting_depth(text) == MAX_JSON_DEPTH

    response = post_json(api(staff), "/api/v1/pledges/", text)

    assert response.status_code == 400
    assert list(response.json()) == ["title"]
    assert not Pledge.objects.exists()


def test_one_level_beyond_the_limit_is_refused_by_the_parser(api, staff):
    response = post_json(
        api(staff), "/api/v1/pledges/", field_nested("title", MAX_JSON_DEPTH + 1, pledge_body())
    )

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]


def test_the_token_endpoint_parses_the_limit_and_answers_about_the_field(api, reference_data):
    text = field_nested("username", MAX_JSON_DEPTH, {"password": "secret"})

    response = post_json(api(), "/api/v1/auth/token/", text)

    assert response.status_code == 400
    assert "username" in response.json()


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("42", 0),
        ('"[[[[["', 0),
        ('{"a": "]]]", "b": [1, {"c": "\\"[["}]}', 3),
        ('["\\\\", ["\\\\\\"]"]]', 2),
        ("[[], [[]], []]", 3),
    ],
)
def test_nesting_is_measured_outside_strings_with_escapes_honoured(text, depth):
    assert json_nesting_depth(text) == depth


def test_a_recursion_error_while_parsing_is_still_a_400(api, staff, monkeypatch):
    # Were the scan ever to let a deep document through, json's own RecursionError stays a 400.
    monkeypatch.setattr(parsers, "MAX_JSON_DEPTH", 10**9)

    response = post_json(api(staff), "/api/v1/pledges/", nested(100_000))

    assert response.status_code == 400
    assert not Pledge.objects.exists()

"""Who may do what on each endpoint of this API: one table, one parametrized test."""

from __future__ import annotations

import pytest

from tests.engagement.api.conftest import ROLES, ROW_BUILDERS, row_url

ACTIONS = ("list", "retrieve", "create", "update", "delete")

# Valid input for staff, so that what decides the status is the role alone.
CREATE_PAYLOADS = {
    "member-states": lambda cast: {"iso3": "XXA", "name": "Nowhere"},
    "organizations": lambda cast: {"name": "New NGO", "kind": "civil_society", "member_states": ["KEN"]},
    "users": lambda cast: {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "role": "viewer",
        "password": "a-long-unusual-passphrase-42",
    },
    "contacts": lambda cast: {"name": "Amina Otieno", "member_state": "KEN"},
    "meetings": lambda cast: {
        "date": "2024-03-12",
        "title": "Roundtable",
        "kind": "roundtable",
        "mode": "online",
        "level": "ministerial",
        "member_states": ["KEN"],
    },
    "vnr-engagements": lambda cast: {"hlpf_year": 2025, "member_state": "FJI"},
    "follow-ups": lambda cast: {
        "title": "Send the report",
        "due_date": "2025-01-31",
        "assignee": cast["staff"].pk,
    },
    "reminders": lambda cast: {"subject": "Hello"},
    "visits": lambda cast: {
        "member_state": "KEN",
        "start_date": "2024-05-06",
        "end_date": "2024-05-10",
        "kind": "official",
    },
}
UPDATE_PAYLOADS = {
    "member-states": {"name": "Renamed"},
    "organizations": {"acronym": "RN"},
    "users": {"first_name": "Renamed"},
    "contacts": {"position": "Minister"},
    "meetings": {"title": "Renamed"},
    "vnr-engagements": {"outreach_sent": True},
    "follow-ups": {"title": "Renamed"},
    "reminders": {"subject": "Renamed"},
    "visits": {"objectives": "Renamed"},
}

STAFF_WRITES = {"create": 201, "update": 200, "delete": 204}
NO_WRITES = {"create": 405, "update": 405, "delete": 405}


def _expected(endpoint: str) -> dict[str, dict[str, int]]:
    """Role → action → status for one endpoint (anonymous is always 401)."""
    read_all = {"list": 200, "retrieve": 200}
    forbidden_writes = {"create": 403, "update": 403, "delete": 403}
    scoped_reads = {  # rows in Kenya's scope: Fiji's focal point must not learn they exist
        "focal_ken": {"list": 200, "retrieve": 200},
        "focal_fji": {"list": 200, "retrieve": 404},
        "viewer": read_all,
    }
    if endpoint in ("users", "contacts"):
        forbidden = dict.fromkeys(ACTIONS, 403)
        staff_writes = {**STAFF_WRITES, "delete": 405} if endpoint == "users" else STAFF_WRITES
        return {
            "focal_ken": forbidden,
            "focal_fji": forbidden,
            "viewer": forbidden,
            "staff": {**read_all, **staff_writes},
        }
    reads = {
        "member-states": dict.fromkeys(("focal_ken", "focal_fji", "viewer"), read_all),
        "organizations": dict.fromkeys(("focal_ken", "focal_fji", "viewer"), read_all),
        "meetings": {
            "focal_ken": {"list": 200, "retrieve": 404},
            "focal_fji": {"list": 200, "retrieve": 404},
            "viewer": read_all,
        },
        "follow-ups": {
            "focal_ken": {"list": 200, "retrieve": 404},
            "focal_fji": {"list": 200, "retrieve": 404},
            "viewer": read_all,
        },
        "reminders": {  # the row is addressed to Kenya's focal point
            "focal_ken": read_all,
            "focal_fji": {"list": 200, "retrieve": 404},
            "viewer": {"list": 200, "retrieve": 404},
        },
        "vnr-engagements": scoped_reads,
        "visits": scoped_reads,
    }[endpoint]
    staff_writes = NO_WRITES if endpoint in ("member-states", "reminders") else STAFF_WRITES
    table = {role: {**reads[role], **forbidden_writes} for role in reads}
    table["staff"] = {**read_all, **staff_writes}
    return table


CASES = [
    (endpoint, role, action, 401 if role == "anonymous" else _expected(endpoint)[role][action])
    for endpoint in ROW_BUILDERS
    for role in ROLES
    for action in ACTIONS
]


@pytest.mark.parametrize(("endpoint", "role", "action", "expected"), CASES)
def test_role_gets_the_status_the_contract_names(api, cast, endpoint, role, action, expected):
    row = ROW_BUILDERS[endpoint](cast)
    client = api(cast[role])
    if action == "list":
        response = client.get(f"/api/v1/{endpoint}/")
    elif action == "retrieve":
        response = client.get(row_url(endpoint, row))
    elif action == "create":
        response = client.post(f"/api/v1/{endpoint}/", CREATE_PAYLOADS[endpoint](cast), format="json")
    elif action == "update":
        response = client.patch(row_url(endpoint, row), UPDATE_PAYLOADS[endpoint], format="json")
    else:
        response = client.delete(row_url(endpoint, row))
    assert response.status_code == expected, response.content[:500]

"""Who may do what on each endpoint of the meetings API: one table, one parametrized test."""

from __future__ import annotations

import pytest

from tests.api_tables import READ_ALL, act, cases, statuses
from tests.factories import FollowUpFactory, MeetingFactory

# One row of each resource; `cast` gives the users.
ROW_BUILDERS = {
    "meetings": lambda cast: MeetingFactory(),
    "follow-ups": lambda cast: FollowUpFactory(assignee=cast["staff"]),
}

# Valid input for staff, so that what decides the status is the role alone.
CREATE_PAYLOADS = {
    "meetings": lambda cast: {
        "date": "2024-03-12",
        "title": "Roundtable",
        "kind": "roundtable",
        "mode": "online",
        "level": "ministerial",
        "member_states": ["KEN"],
    },
    "follow-ups": lambda cast: {
        "title": "Send the report",
        "due_date": "2025-01-31",
        "assignee": cast["staff"].pk,
    },
}
UPDATE_PAYLOADS = {
    "meetings": {"title": "Renamed"},
    "follow-ups": {"title": "Renamed"},
}

# Role → action → status for each endpoint (anonymous is always 401).
# Focal points may list but not retrieve these rows; viewers read them all.
READS = {
    "focal_ken": {"list": 200, "retrieve": 404},
    "focal_fji": {"list": 200, "retrieve": 404},
    "viewer": READ_ALL,
}
EXPECTED = {
    "meetings": statuses(READS),
    "follow-ups": statuses(READS),
}
CASES = cases(EXPECTED)


@pytest.mark.parametrize(("endpoint", "role", "action", "expected"), CASES)
def test_role_gets_the_status_the_contract_names(api, cast, endpoint, role, action, expected):
    row = ROW_BUILDERS[endpoint](cast)
    client = api(cast[role])
    response = act(
        client, endpoint, action, row, lambda: CREATE_PAYLOADS[endpoint](cast), UPDATE_PAYLOADS[endpoint]
    )
    assert response.status_code == expected, response.content[:500]

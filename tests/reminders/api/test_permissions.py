"""Who may do what on the reminders API: one table, one parametrized test."""

from __future__ import annotations

import pytest

from tests.api_tables import NO_WRITES, READ_ALL, act, cases, statuses
from tests.reminders.conftest import make_reminder

# One row, addressed to Kenya's focal point; `cast` gives the users.
ROW_BUILDERS = {
    "reminders": lambda cast: make_reminder(cast["focal_ken"]),
}

# Valid input for staff, so that what decides the status is the role alone.
CREATE_PAYLOADS = {
    "reminders": lambda cast: {"subject": "Hello"},
}
UPDATE_PAYLOADS = {
    "reminders": {"subject": "Renamed"},
}

# Role → action → status (anonymous is always 401).
EXPECTED = {
    "reminders": statuses(
        {  # the row is addressed to Kenya's focal point
            "focal_ken": READ_ALL,
            "focal_fji": {"list": 200, "retrieve": 404},
            "viewer": {"list": 200, "retrieve": 404},
        },
        NO_WRITES,
    ),
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

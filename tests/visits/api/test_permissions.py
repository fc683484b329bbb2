"""Who may do what on the visits API: one table, one parametrized test."""

from __future__ import annotations

import pytest

from tests.api_tables import SCOPED_READS, act, cases, statuses
from tests.factories import VisitFactory

# One row, in Kenya's scope; `cast` gives the users.
ROW_BUILDERS = {
    "visits": lambda cast: VisitFactory(),
}

# Valid input for staff, so that what decides the status is the role alone.
CREATE_PAYLOADS = {
    "visits": lambda cast: {
        "member_state": "KEN",
        "start_date": "2024-05-06",
        "end_date": "2024-05-10",
        "kind": "official",
    },
}
UPDATE_PAYLOADS = {
    "visits": {"objectives": "Renamed"},
}

# Role → action → status (anonymous is always 401).
EXPECTED = {
    "visits": statuses(SCOPED_READS),
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

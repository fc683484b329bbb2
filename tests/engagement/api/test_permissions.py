"""Who may do what on each endpoint of the engagement API: one table, one parametrized test."""

from __future__ import annotations

import pytest

from engagement.models import Contact
from tests.api_tables import ACTIONS, NO_WRITES, READ_ALL, SCOPED_READS, STAFF_WRITES, act, cases, statuses
from tests.factories import OrganizationFactory, UserFactory, VnrFactory, state

# One row of each resource, in Kenya's scope where scope applies; `cast` gives the users.
ROW_BUILDERS = {
    "member-states": lambda cast: state("KEN"),
    "organizations": lambda cast: OrganizationFactory(),
    "users": lambda cast: UserFactory(username="target"),
    "contacts": lambda cast: Contact.objects.create(name="Jane Wanjiru", member_state=state("KEN")),
    "vnr-engagements": lambda cast: VnrFactory(),
}

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
    "vnr-engagements": lambda cast: {"hlpf_year": 2025, "member_state": "FJI"},
}
UPDATE_PAYLOADS = {
    "member-states": {"name": "Renamed"},
    "organizations": {"acronym": "RN"},
    "users": {"first_name": "Renamed"},
    "contacts": {"position": "Minister"},
    "vnr-engagements": {"outreach_sent": True},
}

READ_BY_ALL = dict.fromkeys(("focal_ken", "focal_fji", "viewer"), READ_ALL)
STAFF_ONLY = dict.fromkeys(("focal_ken", "focal_fji", "viewer"), dict.fromkeys(ACTIONS, 403))

# Role → action → status for each endpoint (anonymous is always 401).
EXPECTED = {
    "member-states": statuses(READ_BY_ALL, NO_WRITES),
    "organizations": statuses(READ_BY_ALL),
    "users": statuses(STAFF_ONLY, {**STAFF_WRITES, "delete": 405}),
    "contacts": statuses(STAFF_ONLY),
    "vnr-engagements": statuses(SCOPED_READS),
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

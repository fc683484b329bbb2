"""Every list endpoint of the engagement API costs the same number of queries for a page of 1 and of 100."""

from __future__ import annotations

import pytest
from knox.models import AuthToken

from engagement.models import Contact, MemberState, Organization, User, VnrEngagement
from tests.api_tables import ROWS, count_queries
from tests.factories import state


def _users(staff) -> None:
    User.objects.bulk_create(
        User(username=f"u{i}", role="focal_point", member_state=state("KEN")) for i in range(ROWS)
    )


def _contacts(staff) -> None:
    Contact.objects.bulk_create(Contact(name=f"C{i}", member_state=state("KEN")) for i in range(ROWS))


def _organizations(staff) -> None:
    created = Organization.objects.bulk_create(
        Organization(name=f"Org {i}", kind="other") for i in range(ROWS)
    )
    for organization in created:
        organization.member_states.add(state("KEN"))


def _vnr(staff) -> None:
    VnrEngagement.objects.bulk_create(
        VnrEngagement(hlpf_year=2024, member_state=member_state)
        for member_state in MemberState.objects.all()[:ROWS]
    )


def _tokens(staff) -> None:
    for _ in range(ROWS):
        AuthToken.objects.create(user=staff)


ENDPOINTS = {
    "member-states": lambda staff: None,  # 195 States ship with the reference data
    "organizations": _organizations,
    "users": _users,
    "contacts": _contacts,
    "vnr-engagements": _vnr,
    "auth/tokens": _tokens,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_page_of_100_costs_as_many_queries_as_a_page_of_1(api, staff, endpoint):
    ENDPOINTS[endpoint](staff)
    client = api(staff)
    url = f"/api/v1/{endpoint}/"

    one, hundred = count_queries(client, url, 1), count_queries(client, url, 100)

    print(f"{endpoint}: {one} queries")  # shown with -s: the figures quoted in the report
    assert one == hundred

"""/alliance/: every member with its joined date, national plan and milestones done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.models import MemberState
from pledges.models import AllianceMilestone
from tests.factories import MembershipFactory, state


def test_members_are_listed_with_milestones_done(web, viewer, reference_data):
    membership = MembershipFactory(member_state=state("KEN"), national_plan_status="adopted")
    AllianceMilestone.objects.create(
        membership=membership, code="data_collected", done_on=dt.date(2025, 1, 1)
    )
    page = web(viewer).get("/alliance/").content.decode()
    assert "Kenya" in page
    assert "Adopted" in page
    assert 'value="1"' in page
    assert "1/5" in page


def test_focal_point_sees_only_its_own_membership(web, focal_ken, reference_data):
    MembershipFactory(member_state=state("KEN"))
    MembershipFactory(member_state=state("FJI"))
    page = web(focal_ken).get("/alliance/").content.decode()
    assert "Kenya" in page
    assert "Fiji" not in page


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/alliance/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_count_is_the_same_for_1_and_20_members(web, staff):
    client = web(staff)
    states = list(MemberState.objects.order_by("iso3")[:20])
    first = MembershipFactory(member_state=states[0])
    AllianceMilestone.objects.create(membership=first, code="data_collected", done_on=dt.date(2025, 1, 1))
    queries_for(client)  # warm the session and caches
    one = queries_for(client)
    for member_state in states[1:]:
        membership = MembershipFactory(member_state=member_state)
        AllianceMilestone.objects.create(
            membership=membership, code="data_collected", done_on=dt.date(2025, 1, 1)
        )
    assert queries_for(client) == one

"""/api/v1/alliance-memberships/: Pathfinding members and their five milestones."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pledges.choices import Milestone
from pledges.models import AllianceMembership, AllianceMilestone
from tests.factories import MembershipFactory, state

URL = "/api/v1/alliance-memberships/"


def tick_url(membership, code: str) -> str:
    return f"{URL}{membership.pk}/milestones/{code}/"


@pytest.fixture
def kenya(reference_data):
    return MembershipFactory(joined_on=dt.date(2024, 11, 8))


def test_membership_lists_all_five_milestones_due_18_months_after_joining(api, viewer, kenya):
    milestones = api(viewer).get(f"{URL}{kenya.pk}/").json()["milestones"]
    assert [row["code"] for row in milestones] == list(Milestone.values)
    assert {row["due"] for row in milestones} == {"2026-05-08"}
    assert {row["done_on"] for row in milestones} == {None}


@time_machine.travel(dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_states_focal_point_ticks_a_milestone(api, focal_ken, kenya):
    response = api(focal_ken).post(tick_url(kenya, "children_consulted"), {"done_on": "2025-02-20"})
    assert response.status_code == 200, response.content
    done = {row["code"]: row["done_on"] for row in response.json()["milestones"]}
    assert done["children_consulted"] == "2025-02-20"
    assert done["data_collected"] is None


@time_machine.travel(dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_ticking_again_moves_the_date(api, staff, kenya):
    client = api(staff)
    client.post(tick_url(kenya, "data_collected"), {"done_on": "2025-01-20"})
    client.post(tick_url(kenya, "data_collected"), {"done_on": "2025-02-01"})
    assert AllianceMilestone.objects.get().done_on == dt.date(2025, 2, 1)


def test_another_states_focal_point_cannot_find_the_membership(api, focal_fji, kenya):
    response = api(focal_fji).post(tick_url(kenya, "data_collected"), {"done_on": "2025-01-20"})
    assert response.status_code == 404
    assert not AllianceMilestone.objects.exists()


def test_unknown_milestone_is_404_naming_the_codes(api, staff, kenya):
    response = api(staff).post(tick_url(kenya, "moon_landing"), {"done_on": "2025-01-20"})
    assert response.status_code == 404
    assert "focal_point_appointed" in response.json()["detail"]
    assert not AllianceMilestone.objects.exists()


@time_machine.travel(dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize("body", [{"done_on": "2025-03-02"}, {"done_on": "yesterday"}, {}])
def test_bad_tick_is_400_on_done_on_and_nothing_is_written(api, staff, kenya, body):
    response = api(staff).post(tick_url(kenya, "data_collected"), body)
    assert response.status_code == 400
    assert "done_on" in response.json()
    assert not AllianceMilestone.objects.exists()


def test_focal_point_cannot_edit_the_membership_itself(api, focal_ken, kenya):
    assert api(focal_ken).patch(f"{URL}{kenya.pk}/", {"status": "inactive"}).status_code == 403
    assert AllianceMembership.objects.get().status == "active"


def test_second_membership_of_a_state_is_409(api, staff, kenya):
    response = api(staff).post(URL, {"member_state": "KEN", "joined_on": "2025-01-01"})
    assert response.status_code == 409
    assert "already a member" in response.json()["detail"]
    assert AllianceMembership.objects.count() == 1


def test_notes_are_for_staff_only(api, staff, viewer, kenya):
    assert "notes" in api(staff).get(f"{URL}{kenya.pk}/").json()
    assert "notes" not in api(viewer).get(f"{URL}{kenya.pk}/").json()


def test_list_query_count_is_constant(api, viewer, django_assert_num_queries):
    for iso3 in ("KEN", "FJI", "BRA", "ISL", "ZMB", "SWE", "COL"):
        membership = MembershipFactory(member_state=state(iso3))
        membership.milestones.create(code=Milestone.DATA_COLLECTED, done_on=dt.date(2025, 1, 1))
    client = api(viewer)
    # count, page, milestones
    with django_assert_num_queries(3):
        client.get(URL, {"page_size": 1})
    with django_assert_num_queries(3):
        client.get(URL, {"page_size": 100})

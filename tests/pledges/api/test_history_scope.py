"""The history never replays what a role may not read: report trails, staff-only fields (review finding)."""

from __future__ import annotations

import pytest

from pledges.choices import Visibility
from pledges.services import pledge_report_progress, pledge_update
from tests.factories import PledgeFactory, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(staff, focal_ken):
    pledge = PledgeFactory(visibility=Visibility.INTERNAL)
    pledge_update(pledge=pledge, by=staff, changes={"responsible_staff": staff})
    pledge_report_progress(pledge=pledge, by=focal_ken, status="off_track", progress=33, narrative="Delayed.")
    return pledge


def changed_fields(entries) -> set[str]:
    return {change["field"] for entry in entries for change in entry["changes"]}


def test_a_viewer_does_not_see_an_internal_pledges_report_trail_in_the_api(api, viewer, reported):
    entries = api(viewer).get(f"/api/v1/pledges/{reported.pk}/history/").json()["results"]
    assert not changed_fields(entries) & {"status", "progress", "last_reported_at", "next_report_due"}
    assert "responsible_staff" not in changed_fields(entries)


def test_the_states_focal_point_and_staff_see_the_trail(api, staff, focal_ken, reported):
    for user in (staff, focal_ken):
        entries = api(user).get(f"/api/v1/pledges/{reported.pk}/history/").json()["results"]
        assert {"status", "progress"} <= changed_fields(entries)
    staff_entries = api(staff).get(f"/api/v1/pledges/{reported.pk}/history/").json()["results"]
    assert "responsible_staff" in changed_fields(staff_entries)


def test_another_states_focal_point_does_not_see_a_public_pledges_trail(api, focal_fji, focal_ken):
    pledge = PledgeFactory(member_state=state("KEN"), visibility=Visibility.PUBLIC)
    pledge_report_progress(pledge=pledge, by=focal_ken, status="off_track", progress=33, narrative="Delayed.")
    entries = api(focal_fji).get(f"/api/v1/pledges/{pledge.pk}/history/").json()["results"]
    assert not changed_fields(entries) & {"status", "progress"}

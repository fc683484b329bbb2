"""The Member State page: what each role sees about one State."""

from __future__ import annotations

import pytest

from tests.factories import EndorsementFactory, MeetingFactory, MembershipFactory, PledgeFactory, state


@pytest.fixture
def kenya(reference_data):
    meeting = MeetingFactory(title="Talk with the minister", notes="Secret budget hint")
    meeting.member_states.add(state("KEN"))
    PledgeFactory(title="Ban corporal punishment", member_state=state("KEN"))
    EndorsementFactory()
    MembershipFactory()


def test_focal_point_gets_404_on_another_state(web, focal_ken, kenya):
    assert web(focal_ken).get("/states/FJI/").status_code == 404


def test_focal_point_sees_pledges_endorsement_and_membership_but_no_meetings(web, focal_ken, kenya):
    page = web(focal_ken).get("/states/ken/").content.decode()
    assert "Ban corporal punishment" in page
    assert "Endorsed on" in page
    assert "National focal point appointed" in page
    assert "Talk with the minister" not in page


def test_viewer_sees_meetings_without_their_notes(web, viewer, kenya):
    page = web(viewer).get("/states/KEN/").content.decode()
    assert "Talk with the minister" in page
    assert "Secret budget hint" not in page


def test_staff_sees_meeting_notes(web, staff, kenya):
    assert "Secret budget hint" in web(staff).get("/states/KEN/").content.decode()


def test_unknown_state_is_404(web, staff):
    assert web(staff).get("/states/XXX/").status_code == 404


def test_focal_point_names_are_shown_to_staff_and_the_states_own_focal_points_only(
    web, viewer, staff, focal_ken
):
    assert "Kamau" not in web(viewer).get("/states/KEN/").content.decode()
    assert "Kamau" in web(staff).get("/states/KEN/").content.decode()
    assert "Kamau" in web(focal_ken).get("/states/KEN/").content.decode()

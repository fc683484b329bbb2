"""The meeting log form links the pledges discussed, offered by State."""

from __future__ import annotations

import pytest

from meetings.models import Meeting
from tests.factories import PledgeFactory, state


@pytest.fixture
def pledge(reference_data):
    return PledgeFactory(title="Costed national plan", member_state=state("KEN"))


def test_staff_log_a_meeting_with_the_pledges_discussed(web, staff, pledge):
    data = {
        "date": "2026-03-12",
        "title": "Bilateral with Kenya",
        "kind": "bilateral",
        "mode": "in_person",
        "level": "ministerial",
        "member_states": ["KEN"],
        "pledges": [str(pledge.pk)],
        "children_engaged": "0",
        "follow_ups-TOTAL_FORMS": "0",
        "follow_ups-INITIAL_FORMS": "0",
    }
    response = web(staff).post("/meetings/new/", data)
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert list(meeting.pledges.all()) == [pledge]


def test_pledge_options_name_their_state_for_the_typing_filter(web, staff, pledge):
    page = web(staff).get("/meetings/new/").content.decode()
    assert f'data-state="KEN" value="{pledge.pk}"' in page or f'value="{pledge.pk}" data-state="KEN"' in page
    assert 'data-filter-by="id_member_states"' in page

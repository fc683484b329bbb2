"""Meeting and follow-up services: updates go through model_update."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings.choices import FollowUpStatus
from meetings.models import FollowUpAction, Meeting
from meetings.services import follow_up_update, meeting_create, meeting_delete, meeting_update
from tests.factories import (
    FollowUpFactory,
    MeetingFactory,
    PledgeFactory,
    state,
)

pytestmark = pytest.mark.django_db
REFUSED = ["This field cannot be changed here."]


def test_follow_up_update_closes_on_a_new_status_and_refuses_closed_on(reference_data, staff):
    follow_up = FollowUpFactory(assignee=staff)

    follow_up_update(follow_up=follow_up, data={"status": FollowUpStatus.DONE, "notes": "Sent."}, by=staff)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE
    assert follow_up.closed_on is not None
    assert follow_up.history.count() == 2

    with pytest.raises(ValidationError) as refused:
        follow_up_update(
            follow_up=follow_up, data={"status": FollowUpStatus.OPEN, "closed_on": None}, by=staff
        )
    assert refused.value.message_dict == {"closed_on": REFUSED}


def test_meeting_update_leaves_a_relation_given_as_none(reference_data, staff):
    meeting = MeetingFactory()
    meeting.member_states.set([state("KEN")])

    meeting_update(meeting=meeting, data={"member_states": None, "title": "Renamed"}, by=staff)

    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.title == "Renamed"
    assert list(stored.member_states.values_list("iso3", flat=True)) == ["KEN"]


def test_meeting_create_refuses_a_pledge_of_a_state_not_among_the_meetings(reference_data, staff):
    fiji_pledge = PledgeFactory(title="Fiji plan", member_state=state("FJI"))
    with pytest.raises(ValidationError) as refused:
        meeting_create(
            by=staff,
            date=dt.date(2025, 3, 3),
            title="Bilateral",
            kind="bilateral",
            mode="online",
            level="technical",
            member_states=[state("KEN")],
            pledges=[fiji_pledge],
        )
    assert "pledges" in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_meeting_update_checks_pledges_against_the_states_it_keeps(reference_data, staff):
    meeting = MeetingFactory()
    meeting.member_states.set([state("KEN")])
    kenyan, fijian = PledgeFactory(member_state=state("KEN")), PledgeFactory(member_state=state("FJI"))
    meeting_update(meeting=meeting, data={"pledges": [kenyan]}, by=staff)
    assert list(meeting.pledges.all()) == [kenyan]
    with pytest.raises(ValidationError):
        meeting_update(meeting=meeting, data={"pledges": [kenyan, fijian]}, by=staff)
    meeting.refresh_from_db()
    assert list(meeting.pledges.all()) == [kenyan]


def test_meeting_delete_keeps_the_meeting_and_its_follow_ups_in_history(reference_data, staff):
    meeting = MeetingFactory()
    action = FollowUpFactory(meeting=meeting)
    meeting_id, action_id = meeting.pk, action.pk
    meeting_delete(meeting=meeting, by=staff)
    assert not Meeting.objects.exists()
    assert Meeting.history.get(id=meeting_id, history_type="-").history_user == staff
    assert FollowUpAction.history.filter(id=action_id, history_type="-").exists()

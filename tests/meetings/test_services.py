"""Meeting and follow-up services: updates go through model_update."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meetings.choices import FollowUpStatus
from meetings.models import Meeting
from meetings.services import follow_up_update, meeting_update
from tests.factories import (
    FollowUpFactory,
    MeetingFactory,
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
